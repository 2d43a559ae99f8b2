import { describe, expect, it } from 'vitest';
import {
  comparisonText,
  formatStateDate,
  parseRomanNumeral,
  parseStateDate,
  romanNumeral,
  stateName,
} from './states.js';

describe('Roman numerals of plate states', () => {
  it('writes the numbers printmakers use, subtractive forms included', () => {
    expect([1, 2, 3, 4, 5, 6, 9, 10, 14, 19, 40, 49, 90, 99, 400, 944, 1999, 3999].map(romanNumeral)).toEqual(
      [
        'I',
        'II',
        'III',
        'IV',
        'V',
        'VI',
        'IX',
        'X',
        'XIV',
        'XIX',
        'XL',
        'XLIX',
        'XC',
        'XCIX',
        'CD',
        'CMXLIV',
        'MCMXCIX',
        'MMMCMXCIX',
      ],
    );
  });

  it('refuses what has no Roman numeral', () => {
    for (const n of [0, -1, 1.5, 4000, Number.NaN]) expect(() => romanNumeral(n)).toThrow(RangeError);
  });

  it('reads canonical numerals back, and only those', () => {
    for (let n = 1; n <= 3999; n++) expect(parseRomanNumeral(romanNumeral(n))).toBe(n);
    expect(parseRomanNumeral(' iv ')).toBe(4);
    for (const bad of ['', 'IIII', 'VX', 'IC', 'MMMM', 'ABC', '4'])
      expect(parseRomanNumeral(bad)).toBeUndefined();
  });
});

describe('state dates', () => {
  it('accepts a year, a month or a real day', () => {
    expect(parseStateDate('1998')).toBe('1998');
    expect(parseStateDate(' 1998-03 ')).toBe('1998-03');
    expect(parseStateDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['98', '1998-3', '1998-13', '2023-02-29', '1998-04-31', '12.03.1998', 'spring 1998'])
      expect(parseStateDate(bad), bad).toBeUndefined();
  });

  it('shows each precision in both languages', () => {
    expect(formatStateDate('1998', 'da')).toBe('1998');
    expect(formatStateDate('1998-03', 'en')).toBe('March 1998');
    expect(formatStateDate('1998-03', 'da')).toBe('marts 1998');
    expect(formatStateDate('1998-03-12', 'en')).toBe('12 March 1998');
    expect(formatStateDate('1998-03-12', 'da')).toBe('12. marts 1998');
  });
});

describe('naming and comparing states', () => {
  const one = { number: 1, dated: '1997', description: { da: 'Ren linjeætsning', en: 'Pure line etching' } };
  const two = { number: 2, dated: '1998-03', description: { en: 'Aquatint added to the sky.' } };

  it('names a state with its numeral and date', () => {
    expect(stateName(two, 'en')).toBe('State II (March 1998)');
    expect(stateName({ ...one, dated: null }, 'da')).toBe('Tilstand I');
  });

  it('describes the change from the earlier state to the later, whichever was chosen first', () => {
    const en =
      'From state I to state II. State I (1997): Pure line etching. State II (March 1998): Aquatint added to the sky.';
    expect(comparisonText(two, one, 'en')).toBe(en);
    expect(comparisonText(one, two, 'en')).toBe(en);
    // The other language when one is missing; a state without a description says so.
    expect(comparisonText(one, { ...two, description: {} }, 'da')).toBe(
      'Fra tilstand I til tilstand II. Tilstand I (1997): Ren linjeætsning. Tilstand II (marts 1998): Ingen beskrivelse.',
    );
  });
});
