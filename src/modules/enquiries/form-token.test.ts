import { describe, expect, it } from 'vitest';
import { MAX_AGE_MS, MIN_FILL_MS, checkFormToken, issueFormToken } from './form-token.js';

const KEY = 'k'.repeat(43);
const T0 = 1_800_000_000_000;

describe('fill-time token', () => {
  it('accepts a form sent after the minimum fill time', () => {
    expect(checkFormToken(KEY, issueFormToken(KEY, T0), T0 + MIN_FILL_MS)).toBe('ok');
  });

  it('refuses a form sent too fast, and one from a page left open too long', () => {
    expect(checkFormToken(KEY, issueFormToken(KEY, T0), T0 + MIN_FILL_MS - 1)).toBe('too-fast');
    expect(checkFormToken(KEY, issueFormToken(KEY, T0), T0 + MAX_AGE_MS + 1)).toBe('expired');
  });

  it('refuses a token signed with another key, a changed time, or garbage', () => {
    const token = issueFormToken(KEY, T0);
    expect(checkFormToken('other', token, T0 + 60_000)).toBe('invalid');
    const [, mac] = token.split('.');
    expect(checkFormToken(KEY, `${T0 - 60_000}.${mac}`, T0 + 60_000)).toBe('invalid');
    for (const bad of [undefined, '', 'x.y', `${T0}`, `${T0}.${'A'.repeat(43)}`, ['a'], 'z'.repeat(200)])
      expect(checkFormToken(KEY, bad, T0 + 60_000)).toBe('invalid');
  });
});
