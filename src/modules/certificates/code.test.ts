import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  formatVerificationCode,
  newVerificationCode,
  parseVerificationCode,
} from './code.js';

describe('verification codes', () => {
  it('are 20 symbols of Crockford base32: 100 random bits', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    expect(CODE_ALPHABET).not.toMatch(/[ILOU]/);
    const code = newVerificationCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect(CODE_LENGTH * Math.log2(CODE_ALPHABET.length)).toBeGreaterThanOrEqual(96);
  });

  it('use every symbol evenly and do not repeat', () => {
    const counts = new Map<string, number>();
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = newVerificationCode();
      seen.add(code);
      for (const c of code) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(seen.size).toBe(2000);
    expect(counts.size).toBe(32);
    // 40,000 symbols: 1,250 each on average; a uniform draw stays well within ±20 %.
    for (const n of counts.values()) expect(Math.abs(n - 1250)).toBeLessThan(250);
  });

  it('map each random byte to its low five bits', () => {
    const bytes = Buffer.from(Array.from({ length: 20 }, (_, i) => i * 13 + 255 * (i % 2)));
    const code = newVerificationCode(() => bytes);
    expect([...code].map((c) => CODE_ALPHABET.indexOf(c))).toEqual([...bytes].map((b) => b & 31));
  });

  it('are shown in five groups of four', () => {
    expect(formatVerificationCode('7KQ2M9XD4TGH0BNCW3RP')).toBe('7KQ2-M9XD-4TGH-0BNC-W3RP');
  });

  it('read back what people type: case, spaces, hyphens, O/I/L for 0/1', () => {
    const stored = '7KQ2M9XD4TGH0BNCW3R1';
    expect(parseVerificationCode('7KQ2-M9XD-4TGH-0BNC-W3R1')).toBe(stored);
    expect(parseVerificationCode('7kq2 m9xd 4tgh obnc w3rl')).toBe(stored);
    expect(parseVerificationCode('7KQ2M9XD4TGH0BNCW3RI')).toBe(stored);
    expect(parseVerificationCode(formatVerificationCode(newVerificationCode()))).toMatch(/^[0-9A-Z]{20}$/);
  });

  it('refuse what cannot be a code', () => {
    for (const bad of [
      '',
      'short',
      '7KQ2-M9XD-4TGH-0BNC-W3RPX',
      '7KQ2-M9XD-4TGH-0BNC-W3RU',
      '../etc/passwd',
      42,
    ]) {
      expect(parseVerificationCode(bad)).toBeUndefined();
    }
    expect(parseVerificationCode('A'.repeat(65))).toBeUndefined();
  });
});
