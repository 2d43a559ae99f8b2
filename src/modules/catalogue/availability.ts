// Whether a print can still be had, as its card says it: derived from the impression ledger by the same rule the
// search's availability filter uses (search/repository.ts AVAILABILITY: the ledger's verdict when it has
// impressions, else the print's own term), with the numbers of the edition when the ledger has numbered
// impressions. Said in words, never by colour alone.
import type { Language, Localized } from '../../platform/db/schema.js';
import { formatCount, type Translate } from '../../platform/i18n/index.js';
import type { AvailabilityRow } from './cards-repository.js';

export type CardAvailability =
  | { readonly kind: 'left'; readonly available: number; readonly size: number }
  | { readonly kind: 'soldOut' }
  | { readonly kind: 'notForSale' }
  | { readonly kind: 'term'; readonly key: string; readonly label: Localized };

export function cardAvailability(row: AvailabilityRow): CardAvailability | null {
  switch (row.key) {
    case null:
      return null;
    case 'sold':
      return { kind: 'soldOut' };
    case 'not-for-sale':
      return { kind: 'notForSale' };
    case 'available':
      if (row.recorded > 0 && row.available > 0 && row.editionSize)
        return { kind: 'left', available: row.available, size: row.editionSize };
      return { kind: 'term', key: row.key, label: row.label };
    default:
      return { kind: 'term', key: row.key, label: row.label };
  }
}

/** The words on the card ("7 of 25 available", "Sold out", "Not for sale", or the term's label). */
export function availabilityText(a: CardAvailability, lang: Language, t: Translate): string {
  const n = (value: number) => formatCount(value, lang);
  switch (a.kind) {
    case 'left':
      return t('card.availability.left', { available: n(a.available), size: n(a.size) });
    case 'soldOut':
      return t('card.availability.soldOut');
    case 'notForSale':
      return t('card.availability.notForSale');
    case 'term':
      return a.label[lang]?.trim() || a.label[lang === 'da' ? 'en' : 'da']?.trim() || a.key;
  }
}
