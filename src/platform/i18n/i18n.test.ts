import { describe, expect, it } from 'vitest';
import { MESSAGES, negotiateLanguage, translator } from './index.js';

describe('i18n', () => {
  it('has every message in both Danish and English', () => {
    const da = Object.keys(MESSAGES.da).sort();
    const en = Object.keys(MESSAGES.en).sort();
    expect(da).toEqual(en);
    for (const key of da) {
      expect(MESSAGES.da[key]?.trim(), `da ${key}`).not.toBe('');
      expect(MESSAGES.en[key]?.trim(), `en ${key}`).not.toBe('');
    }
  });

  it('interpolates parameters and throws on a missing key', () => {
    const t = translator('en');
    expect(t('footer.copyright', { year: 2026, artist: 'A. Printer' })).toBe(
      '© 2026 A. Printer. All images are protected by copyright.',
    );
    expect(() => t('no.such.key')).toThrow(/missing en message/);
  });

  it.each([
    ['da-DK,da;q=0.9,en;q=0.8', 'da'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-DE,de;q=0.9,en;q=0.5', 'en'],
    ['fr;q=0.9,da;q=0.1,en;q=0.2', 'en'],
    ['*', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('negotiates %s as %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});
