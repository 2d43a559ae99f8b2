// Viewing rooms (docs/decisions/015-viewing-rooms.md): the artist's rooms (create, list, read, edit and extend,
// revoke — each scoped by the actor's artist id, another artist's room answers 404) and what a visitor with the
// link may do (open the room, unlock it with its password, load the images of its prints).
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import type { Database, ImageVersionName, Localized } from '../../platform/db/schema.js';
import { AppError, BadRequestError, NotFoundError } from '../../platform/errors.js';
import { auditActor, recordAudit } from '../audit/index.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { imageIdOfKey } from '../media/visibility.js';
import * as repo from './repository.js';
import {
  PasswordAttempts,
  expiryProblem,
  isRoomVersion,
  roomState,
  unlockExpiry,
  versionsUpTo,
  type RoomState,
  type RoomVersion,
} from './rules.js';
import {
  hashRoomToken,
  isRoomToken,
  newRoomToken,
  openRoomToken,
  sealRoomToken,
  signUnlock,
  verifyUnlock,
} from './tokens.js';

export const MAX_ROOM_PRINTS = 100;

export interface RoomInput {
  title?: Localized;
  note?: Localized;
  printIds?: string[];
  expiresAt?: string;
  password?: string | null;
  showPrices?: boolean;
  deepZoom?: boolean;
  maxVersion?: ImageVersionName;
  downloadVersion?: ImageVersionName | null;
}

export interface ArtistRoom {
  id: string;
  /** The room's link; null when the token cannot be unsealed (restored from another installation). */
  url: string | null;
  title: Localized;
  note: Localized;
  printIds: string[];
  expiresAt: Date;
  revokedAt: Date | null;
  status: RoomState;
  hasPassword: boolean;
  showPrices: boolean;
  deepZoom: boolean;
  maxVersion: RoomVersion;
  downloadVersion: RoomVersion | null;
  lastOpenedAt: Date | null;
  openCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RoomKeys {
  /** Seals link tokens (AES-256-GCM). */
  readonly tokenKey: string;
  /** Signs unlock cookies (HMAC-SHA256). */
  readonly unlockKey: string;
}

export interface OpenRoom {
  readonly row: repo.RoomRow;
  readonly token: string;
}

export interface RoomPrintView {
  id: string;
  title: Localized;
  description: Localized;
  altText: Localized;
  year: number | null;
  plateHeightMm: number | null;
  plateWidthMm: number | null;
  price: { amount: number; currency: string } | null;
  placeholder: string | null;
  /** Versions the room may show, smallest first, with their storage keys. */
  images: Array<{ version: RoomVersion; key: string; width: number; height: number }>;
  download: { version: RoomVersion; key: string } | null;
  /** The zoom tiles' IIIF info.json, when the room offers deep zoom and the image has tiles. */
  zoomKey: string | null;
}

function trimLocalized(value: Localized | undefined): Localized {
  const out: Localized = {};
  for (const lang of ['da', 'en'] as const) {
    const text = value?.[lang]?.trim();
    if (text) out[lang] = text;
  }
  return out;
}

export class ViewingRoomService {
  private readonly attempts = new PasswordAttempts();
  private readonly db: Kysely<Database>;
  private readonly keys: RoomKeys;
  private readonly publicUrl: string;
  private readonly clock: () => Date;

  constructor(db: Kysely<Database>, keys: RoomKeys, publicUrl: string, clock: () => Date = () => new Date()) {
    this.db = db;
    this.keys = keys;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  /** The link a visitor opens; it picks their language. */
  roomUrl(token: string): string {
    return `${this.publicUrl}/rooms/${token}`;
  }

  private present(row: repo.RoomRow, printIds: string[]): ArtistRoom {
    const token = openRoomToken(row.token_sealed, this.keys.tokenKey);
    return {
      id: row.id,
      url: token ? this.roomUrl(token) : null,
      title: row.title,
      note: row.note,
      printIds,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      status: roomState({ expiresAt: row.expires_at, revokedAt: row.revoked_at }, this.clock()),
      hasPassword: row.password_hash !== null,
      showPrices: row.show_prices,
      deepZoom: row.deep_zoom,
      maxVersion: isRoomVersion(row.max_version) ? row.max_version : 'large',
      downloadVersion: isRoomVersion(row.download_version) ? row.download_version : null,
      lastOpenedAt: row.last_opened_at,
      openCount: row.open_count,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private async validate(actor: Actor, input: RoomInput, creating: boolean): Promise<repo.RoomUpdate> {
    const out: repo.RoomUpdate = {};
    if (input.title !== undefined || creating) {
      const title = trimLocalized(input.title);
      if (!title.da && !title.en)
        throw new BadRequestError('title: give a title in Danish or English', { field: 'title' });
      out.title = title;
    }
    if (input.note !== undefined || creating) out.note = trimLocalized(input.note);
    if (input.expiresAt !== undefined || creating) {
      const expiresAt = new Date(input.expiresAt ?? '');
      const problem = expiryProblem(expiresAt, this.clock());
      if (problem) throw new BadRequestError(`expiresAt: ${problem}`, { field: 'expiresAt' });
      out.expiresAt = expiresAt;
    }
    if (input.printIds !== undefined || creating) {
      const ids = input.printIds ?? [];
      if (ids.length === 0)
        throw new BadRequestError('printIds: choose at least one print', { field: 'printIds' });
      if (ids.length > MAX_ROOM_PRINTS)
        throw new BadRequestError(`printIds: at most ${MAX_ROOM_PRINTS} prints`, { field: 'printIds' });
      const lowered = ids.map((id) => id.toLowerCase());
      if (new Set(lowered).size !== lowered.length)
        throw new BadRequestError('printIds: a print is listed twice', { field: 'printIds' });
      if ((await repo.countOwnPrints(this.db, actor.artistId, lowered)) !== lowered.length)
        throw new BadRequestError('printIds: no such print', { field: 'printIds' });
    }
    if (input.password !== undefined) {
      if (input.password === null || input.password === '') out.passwordHash = null;
      else if (input.password.length < 4 || input.password.length > 200)
        throw new BadRequestError('password: 4 to 200 characters', { field: 'password' });
      else out.passwordHash = await hashPassword(input.password);
    } else if (creating) out.passwordHash = null;
    if (input.showPrices !== undefined) out.showPrices = input.showPrices;
    if (input.deepZoom !== undefined) out.deepZoom = input.deepZoom;
    if (input.maxVersion !== undefined) out.maxVersion = input.maxVersion;
    if (input.downloadVersion !== undefined) out.downloadVersion = input.downloadVersion;
    return out;
  }

  async create(actor: Actor, input: RoomInput): Promise<ArtistRoom> {
    const values = await this.validate(actor, input, true);
    const token = newRoomToken();
    const printIds = (input.printIds ?? []).map((id) => id.toLowerCase());
    const id = await this.db.transaction().execute(async (trx) => {
      const roomId = await repo.insertRoom(trx, actor.artistId, {
        title: values.title ?? {},
        note: values.note ?? {},
        tokenHash: hashRoomToken(token),
        tokenSealed: sealRoomToken(token, this.keys.tokenKey),
        passwordHash: values.passwordHash ?? null,
        expiresAt: values.expiresAt ?? new Date(),
        showPrices: values.showPrices ?? false,
        deepZoom: values.deepZoom ?? false,
        maxVersion: values.maxVersion ?? 'large',
        downloadVersion: values.downloadVersion ?? null,
      });
      await repo.setRoomPrints(trx, roomId, printIds);
      await recordAudit(trx, this.audit(actor, 'viewing_room.created', roomId));
      return roomId;
    });
    return this.get(actor, id);
  }

  private audit(actor: Actor, action: string, roomId: string) {
    return { ...auditActor(actor), action, entityType: 'viewing_room', entityId: roomId };
  }

  async list(actor: Actor): Promise<ArtistRoom[]> {
    const rows = await repo.listRooms(this.db, actor.artistId);
    const prints = await repo.roomPrintIds(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => this.present(r, prints.get(r.id) ?? []));
  }

  async get(actor: Actor, roomId: string): Promise<ArtistRoom> {
    const row = await repo.findRoom(this.db, actor.artistId, roomId);
    if (!row) throw new NotFoundError('No such viewing room');
    const prints = await repo.roomPrintIds(this.db, [row.id]);
    return this.present(row, prints.get(row.id) ?? []);
  }

  /** Edits or extends a room. A revoked room stays revoked: 409. */
  async update(actor: Actor, roomId: string, input: RoomInput): Promise<ArtistRoom> {
    const existing = await repo.findRoom(this.db, actor.artistId, roomId);
    if (!existing) throw new NotFoundError('No such viewing room');
    if (existing.revoked_at) throw new AppError('CONFLICT', 'The viewing room is revoked; make a new one');
    const values = await this.validate(actor, input, false);
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.updateRoom(trx, actor.artistId, roomId, values)))
        throw new AppError('CONFLICT', 'The viewing room is revoked; make a new one');
      if (input.printIds !== undefined)
        await repo.setRoomPrints(
          trx,
          roomId,
          input.printIds.map((id) => id.toLowerCase()),
        );
      await recordAudit(trx, this.audit(actor, 'viewing_room.updated', roomId));
    });
    return this.get(actor, roomId);
  }

  /** Revokes a room: its link and image URLs answer 410 from now on. Revoking twice is fine. */
  async revoke(actor: Actor, roomId: string): Promise<void> {
    const existing = await repo.findRoom(this.db, actor.artistId, roomId);
    if (!existing) throw new NotFoundError('No such viewing room');
    await this.db.transaction().execute(async (trx) => {
      if (await repo.revokeRoom(trx, actor.artistId, roomId, this.clock()))
        await recordAudit(trx, this.audit(actor, 'viewing_room.revoked', roomId));
    });
  }

  /** The artist's prints to choose from (the studio's picker), newest first. */
  async printChoices(actor: Actor): Promise<repo.PrintChoiceRow[]> {
    return repo.printChoices(this.db, actor.artistId, 1000);
  }

  // ---- the visitor's side ----

  /** The room a link names: 404 when there is none, 410 when it was revoked or has expired. */
  async open(token: string): Promise<OpenRoom> {
    if (!isRoomToken(token)) throw new NotFoundError('No such viewing room');
    const row = await repo.roomByTokenHash(this.db, hashRoomToken(token));
    if (!row) throw new NotFoundError('No such viewing room');
    const state = roomState({ expiresAt: row.expires_at, revokedAt: row.revoked_at }, this.clock());
    if (state !== 'live') throw new AppError('GONE', 'This viewing room is closed');
    return { row, token };
  }

  /** True when the room needs no password, or the unlock cookie is valid for it. */
  isUnlocked(room: OpenRoom, cookie: string | undefined): boolean {
    const hash = room.row.password_hash;
    return hash === null || verifyUnlock(this.keys.unlockKey, room.row.id, hash, cookie, this.clock());
  }

  /**
   * Checks a password. Right: the unlock cookie's value and expiry. Wrong: 400 naming the field; too many wrong
   * ones from this IP for this room, or for the room from everywhere: 429.
   */
  async unlock(room: OpenRoom, password: string, ip: string): Promise<{ value: string; expiresAt: Date }> {
    const hash = room.row.password_hash;
    const now = this.clock();
    if (hash === null) {
      const expiresAt = unlockExpiry(room.row.expires_at, now);
      return { value: '', expiresAt };
    }
    const wait = this.attempts.retryAfter(room.row.id, ip, now);
    if (wait > 0)
      throw new AppError('TOO_MANY_REQUESTS', `Too many wrong passwords. Try again in ${wait} seconds.`, {
        retryAfter: wait,
      });
    if (!(await verifyPassword(password, hash))) {
      this.attempts.fail(room.row.id, ip, this.clock());
      throw new BadRequestError('Wrong password', { field: 'password' });
    }
    const expiresAt = unlockExpiry(room.row.expires_at, now);
    return { value: signUnlock(this.keys.unlockKey, room.row.id, hash, expiresAt), expiresAt };
  }

  /** Counts one opening of the room page (last opened, open count: nothing else about the visitor). */
  async recordOpening(room: OpenRoom): Promise<void> {
    await repo.recordOpening(this.db, room.row.id, this.clock());
  }

  /** The room's prints as the room shows them. */
  async prints(room: OpenRoom): Promise<RoomPrintView[]> {
    const rows = await repo.roomPrints(this.db, room.row.id);
    const versions = await repo.versionsOf(
      this.db,
      rows.flatMap((r) => (r.image_id ? [r.image_id] : [])),
    );
    const maxVersion = isRoomVersion(room.row.max_version) ? room.row.max_version : 'large';
    const shown = new Set<string>(versionsUpTo(maxVersion));
    const download = room.row.download_version;
    return rows.map((r) => {
      const own = versions.filter((v) => v.image_id === r.image_id);
      const images = own.flatMap((v) =>
        shown.has(v.version) && isRoomVersion(v.version)
          ? [{ version: v.version, key: v.storage_key, width: v.width, height: v.height }]
          : [],
      );
      const file = download ? own.find((v) => v.version === download) : undefined;
      const amount = r.price_amount === null ? NaN : Number(r.price_amount);
      return {
        id: r.id,
        title: r.title,
        description: r.description,
        altText: r.alt_text,
        year: r.year,
        plateHeightMm: r.plate_height_mm,
        plateWidthMm: r.plate_width_mm,
        price:
          room.row.show_prices && Number.isFinite(amount) && r.price_currency
            ? { amount, currency: r.price_currency }
            : null,
        placeholder: r.placeholder?.startsWith('data:image/') ? r.placeholder : null,
        images,
        download:
          file && isRoomVersion(file.version) ? { version: file.version, key: file.storage_key } : null,
        zoomKey: room.row.deep_zoom ? r.iiif_key : null,
      };
    });
  }

  /**
   * May the room serve this file? A version of the current image of one of its prints, up to the room's largest
   * version or its download version; the zoom tiles' info.json and the tiles beside it only when deep zoom is on.
   */
  async mayServe(room: OpenRoom, key: string): Promise<boolean> {
    const imageId = imageIdOfKey(key);
    if (!imageId || !(await repo.roomShowsImage(this.db, room.row.id, imageId))) return false;
    const version = await repo.versionOfKey(this.db, imageId, key);
    if (version !== undefined) {
      if (!isRoomVersion(version)) return false;
      const maxVersion = isRoomVersion(room.row.max_version) ? room.row.max_version : 'large';
      return versionsUpTo(maxVersion).includes(version) || version === room.row.download_version;
    }
    if (!room.row.deep_zoom) return false;
    const info = await repo.zoomKeyOf(this.db, imageId);
    if (!info) return false;
    return key.startsWith(info.slice(0, info.lastIndexOf('/') + 1));
  }
}
