// The rules of a viewing room that need no database: its state at a moment, which image versions it lets a
// visitor load, and how long an unlock lasts.
import type { ImageVersionName } from '../../platform/db/schema.js';
import { IMAGE_VERSIONS } from '../catalogue/schemas.js';

export type RoomState = 'live' | 'expired' | 'revoked';

/** Revoked wins over expired: the artist's act is what the studio shows. */
export function roomState(room: { expiresAt: Date; revokedAt: Date | null }, now: Date): RoomState {
  if (room.revokedAt) return 'revoked';
  return room.expiresAt.getTime() > now.getTime() ? 'live' : 'expired';
}

/** Display versions, smallest first ('original' is never served in a room): the API's version names. */
export const ROOM_VERSIONS = IMAGE_VERSIONS satisfies readonly ImageVersionName[];
export type RoomVersion = (typeof ROOM_VERSIONS)[number];

export function isRoomVersion(value: unknown): value is RoomVersion {
  return typeof value === 'string' && (ROOM_VERSIONS as readonly string[]).includes(value);
}

/** Versions a room shows: every display version up to and including maxVersion. */
export function versionsUpTo(maxVersion: RoomVersion): RoomVersion[] {
  return ROOM_VERSIONS.slice(0, ROOM_VERSIONS.indexOf(maxVersion) + 1);
}

/** An unlock lasts two hours, and never beyond the room's expiry. */
export const UNLOCK_SECONDS = 2 * 60 * 60;

export function unlockExpiry(roomExpiresAt: Date, now: Date): Date {
  return new Date(Math.min(roomExpiresAt.getTime(), now.getTime() + UNLOCK_SECONDS * 1000));
}

/** Longest a room may be open: one year ahead. */
export const MAX_ROOM_DAYS = 366;

/** Why an expiry is refused, or undefined when it is acceptable (in the future, at most a year ahead). */
export function expiryProblem(expiresAt: Date, now: Date): string | undefined {
  if (Number.isNaN(expiresAt.getTime())) return 'is not a date-time';
  if (expiresAt.getTime() <= now.getTime()) return 'must be in the future';
  if (expiresAt.getTime() > now.getTime() + MAX_ROOM_DAYS * 86_400_000)
    return `must be within ${MAX_ROOM_DAYS} days`;
  return undefined;
}

/**
 * Wrong passwords: at most PER_IP per IP and room, and PER_ROOM per room from all addresses, in a sliding
 * window (per process, like the other rate limits).
 */
export class PasswordAttempts {
  private readonly failures = new Map<string, number[]>();
  private readonly perIp: number;
  private readonly perRoom: number;
  private readonly windowMs: number;
  constructor(perIp = 5, perRoom = 30, windowMs = 15 * 60_000) {
    this.perIp = perIp;
    this.perRoom = perRoom;
    this.windowMs = windowMs;
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Seconds to wait before another attempt, or 0 when one is allowed. */
  retryAfter(roomId: string, ip: string, now: Date): number {
    const t = now.getTime();
    const byIp = this.recent(`${roomId} ${ip}`, t);
    const byRoom = this.recent(roomId, t);
    const blocked = [
      byIp.length >= this.perIp ? byIp[byIp.length - this.perIp] : undefined,
      byRoom.length >= this.perRoom ? byRoom[byRoom.length - this.perRoom] : undefined,
    ].filter((v): v is number => v !== undefined);
    if (blocked.length === 0) return 0;
    return Math.max(1, Math.ceil((Math.max(...blocked) + this.windowMs - t) / 1000));
  }

  fail(roomId: string, ip: string, now: Date): void {
    const t = now.getTime();
    for (const key of [`${roomId} ${ip}`, roomId]) this.failures.set(key, [...this.recent(key, t), t]);
  }
}
