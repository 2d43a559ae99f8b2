// What a price list says an available print costs. Each available impression is sold at its own price when the
// ledger gives it one (impressions.price_*), else at the print's price (prints.price_*). The list shows the
// price when they agree, the range (lowest–highest) when they differ, per currency; "price on request" when
// none of the available impressions has a price either way. Pure: no SQL.
import type { Language } from '../../platform/db/schema.js';

const LOCALES: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

export interface Money {
  readonly amount: string | number | null;
  readonly currency: string | null;
}

export interface PriceRange {
  readonly currency: string;
  readonly low: number;
  readonly high: number;
}

const valid = (m: Money): { amount: number; currency: string } | undefined => {
  if (m.amount === null || m.currency === null) return undefined;
  const amount = Number(m.amount);
  return Number.isFinite(amount) ? { amount, currency: m.currency } : undefined;
};

/** The ranges of the available impressions' prices, one per currency (in the order first met). */
export function priceRanges(print: Money, impressions: readonly Money[]): PriceRange[] {
  const ranges = new Map<string, { low: number; high: number }>();
  for (const impression of impressions) {
    const price = valid(impression) ?? valid(print);
    if (!price) continue;
    const r = ranges.get(price.currency);
    if (!r) ranges.set(price.currency, { low: price.amount, high: price.amount });
    else
      ranges.set(price.currency, {
        low: Math.min(r.low, price.amount),
        high: Math.max(r.high, price.amount),
      });
  }
  return [...ranges].map(([currency, r]) => ({ currency, ...r }));
}

/** "4.800,00 kr.", "4.800,00-5.200,00 kr." / "DKK 4,800.00–5,200.00" (several currencies joined by " · "); '' for none. */
export function priceText(ranges: readonly PriceRange[], lang: Language): string {
  return ranges
    .map((r) => {
      const format = new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency: r.currency });
      return r.low === r.high ? format.format(r.low) : format.formatRange(r.low, r.high);
    })
    .join(' · ');
}
