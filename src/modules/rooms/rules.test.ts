import { describe, expect, it } from 'vitest';
import { PasswordAttempts, expiryProblem, roomState, unlockExpiry, versionsUpTo } from './rules.js';

const now = new Date('2026-12-07T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe('room state', () => {
  it('is live before its expiry, expired from it, revoked whatever the expiry', () => {
    expect(roomState({ expiresAt: later(1), revokedAt: null }, now)).toBe('live');
    expect(roomState({ expiresAt: now, revokedAt: null }, now)).toBe('expired');
    expect(roomState({ expiresAt: later(-1), revokedAt: null }, now)).toBe('expired');
    expect(roomState({ expiresAt: later(86_400_000), revokedAt: now }, now)).toBe('revoked');
  });

  it('accepts an expiry in the future within a year', () => {
    expect(expiryProblem(later(60_000), now)).toBeUndefined();
    expect(expiryProblem(now, now)).toMatch(/future/);
    expect(expiryProblem(later(400 * 86_400_000), now)).toMatch(/366 days/);
    expect(expiryProblem(new Date('x'), now)).toMatch(/date-time/);
  });

  it('unlocks for two hours, never beyond the room', () => {
    expect(unlockExpiry(later(86_400_000), now)).toEqual(later(2 * 3_600_000));
    expect(unlockExpiry(later(60_000), now)).toEqual(later(60_000));
  });

  it('shows versions up to the largest allowed', () => {
    expect(versionsUpTo('medium')).toEqual(['thumbnail', 'thumbnail_2x', 'small', 'medium']);
    expect(versionsUpTo('thumbnail_2x')).not.toContain('small');
    expect(versionsUpTo('xlarge')).toContain('large_2x');
  });
});

describe('wrong passwords', () => {
  it('are limited per IP and room, then per room from every address, within the window', () => {
    const attempts = new PasswordAttempts(2, 3, 60_000);
    expect(attempts.retryAfter('r', 'a', now)).toBe(0);
    attempts.fail('r', 'a', now);
    attempts.fail('r', 'a', now);
    expect(attempts.retryAfter('r', 'a', now)).toBe(60);
    expect(attempts.retryAfter('r', 'b', now)).toBe(0); // another address
    expect(attempts.retryAfter('other room', 'a', now)).toBe(0); // another room
    attempts.fail('r', 'b', now);
    expect(attempts.retryAfter('r', 'c', now)).toBe(60); // the room's own bound
    expect(attempts.retryAfter('r', 'a', later(60_001))).toBe(0); // the window has passed
  });
});
