import { describe, expect, it } from 'vitest';
import { priceRanges, priceText } from './prices.js';

/** Intl puts no-break spaces between amount and currency. */
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('price list prices', () => {
  const print = { amount: '4800', currency: 'DKK' };
  const none = { amount: null, currency: null };

  it('falls back to the print price for impressions without their own', () => {
    expect(priceRanges(print, [none, none])).toEqual([{ currency: 'DKK', low: 4800, high: 4800 }]);
    expect(plain(priceText(priceRanges(print, [none]), 'en'))).toBe('DKK 4,800.00');
  });

  it('shows a range when the available impressions differ, per currency', () => {
    const ranges = priceRanges(print, [
      none,
      { amount: 5200.5, currency: 'DKK' },
      { amount: '600', currency: 'EUR' },
    ]);
    expect(ranges).toEqual([
      { currency: 'DKK', low: 4800, high: 5200.5 },
      { currency: 'EUR', low: 600, high: 600 },
    ]);
    expect(plain(priceText(ranges, 'da'))).toBe('4.800,00-5.200,50 kr. · 600,00 €');
  });

  it('has no price when neither the impressions nor the print have one', () => {
    expect(priceRanges(none, [none])).toEqual([]);
    expect(priceText([], 'da')).toBe('');
  });
});
