import { describe, expect, it } from 'vitest';
import { translator } from '../../platform/i18n/index.js';
import { availabilityText, cardAvailability } from './availability.js';
import type { AvailabilityRow } from './cards-repository.js';

const row = (r: Partial<AvailabilityRow>): AvailabilityRow => ({
  key: null,
  label: {},
  editionSize: null,
  recorded: 0,
  available: 0,
  ...r,
});
const text = (r: Partial<AvailabilityRow>, lang: 'da' | 'en' = 'en') => {
  const a = cardAvailability(row(r));
  return a ? availabilityText(a, lang, translator(lang)) : null;
};

describe('card availability', () => {
  it('counts what is left of a numbered edition from the ledger', () => {
    expect(text({ key: 'available', editionSize: 25, recorded: 10, available: 7 })).toBe('7 of 25 available');
    expect(text({ key: 'available', editionSize: 1200, recorded: 10, available: 7 }, 'da')).toBe(
      '7 af 1.200 til salg',
    );
  });

  it('says sold out, not for sale, or the term, in words', () => {
    expect(text({ key: 'sold', editionSize: 25, recorded: 25 })).toBe('Sold out');
    expect(text({ key: 'sold' }, 'da')).toBe('Udsolgt');
    expect(text({ key: 'not-for-sale', label: { en: 'Not for sale' } })).toBe('Not for sale');
    expect(text({ key: 'not-for-sale' }, 'da')).toBe('Ikke til salg');
    expect(text({ key: 'reserved', label: { da: 'Reserveret', en: 'Reserved' } })).toBe('Reserved');
    expect(text({ key: 'on-loan', label: { da: 'Udlånt' } })).toBe('Udlånt');
    // Available without numbered impressions (artist's proofs only, or no ledger): the term alone.
    expect(text({ key: 'available', label: { en: 'Available' }, editionSize: 25 })).toBe('Available');
  });

  it('says nothing when the print says nothing', () => {
    expect(cardAvailability(row({}))).toBeNull();
  });
});
