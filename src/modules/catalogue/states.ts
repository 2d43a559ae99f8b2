// Plate states as people read them (issue 19, decision 025): the number as a Roman numeral (I, II, III … in both
// languages, as printmakers and catalogues raisonnés write them), the date as precise as the artist knows it
// (ISO 8601 reduced precision: a year, a month or a day), and the text that tells a screen reader what changed
// between two states (from the artist's descriptions). Pure functions, no I/O.
import type { Language, Localized } from '../../platform/db/schema.js';
import { pick } from './localize.js';

/** The largest state number (MMMCMXCIX: the largest Roman numeral written without overlines). */
export const MAX_STATE_NUMBER = 3999;

const NUMERALS: ReadonlyArray<readonly [number, string]> = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

/** 1 → "I", 4 → "IV", 14 → "XIV"; throws outside 1 … 3999 or for a non-integer. */
export function romanNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_STATE_NUMBER)
    throw new RangeError(`A state number is an integer from 1 to ${MAX_STATE_NUMBER}, not ${n}`);
  let rest = n;
  let out = '';
  for (const [value, symbol] of NUMERALS) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return out;
}

/** "IV" or "iv" → 4; undefined for anything that is not a canonical Roman numeral (e.g. "IIII", "VX"). */
export function parseRomanNumeral(text: string): number | undefined {
  const upper = text.trim().toUpperCase();
  if (!/^[MDCLXVI]+$/.test(upper)) return undefined;
  const values: Record<string, number> = { M: 1000, D: 500, C: 100, L: 50, X: 10, V: 5, I: 1 };
  let total = 0;
  for (let i = 0; i < upper.length; i++) {
    const v = values[upper[i]!]!;
    const next = values[upper[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total >= 1 && total <= MAX_STATE_NUMBER && romanNumeral(total) === upper ? total : undefined;
}

/** A state date: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (a real calendar day). */
export const STATE_DATE_PATTERN = '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$';

/** The date normalised (trimmed), or undefined when it is not a year, a month or a real day in ISO 8601. */
export function parseStateDate(text: string): string | undefined {
  const value = text.trim();
  if (!new RegExp(STATE_DATE_PATTERN).test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  if (d !== undefined) {
    const day = new Date(Date.UTC(y!, m! - 1, d));
    if (day.getUTCMonth() !== m! - 1) return undefined;
  }
  return value;
}

const LOCALES: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

/** "1998", "March 1998" / "marts 1998", "12 March 1998" / "12. marts 1998". */
export function formatStateDate(value: string, lang: Language): string {
  const [y, m, d] = value.split('-').map(Number);
  if (m === undefined) return String(y);
  const date = new Date(Date.UTC(y!, m - 1, d ?? 1));
  const options: Intl.DateTimeFormatOptions =
    d === undefined
      ? { year: 'numeric', month: 'long', timeZone: 'UTC' }
      : { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(LOCALES[lang], options).format(date);
}

/** What a page needs to name a state. */
export interface StateLike {
  readonly number: number;
  readonly dated: string | null;
  readonly description: Localized;
}

const WORDS: Record<Language, { state: string; none: string; from: string }> = {
  da: { state: 'Tilstand', none: 'Ingen beskrivelse.', from: 'Fra tilstand {a} til tilstand {b}.' },
  en: { state: 'State', none: 'No description.', from: 'From state {a} to state {b}.' },
};

/** "State II (March 1998)" / "Tilstand II (marts 1998)". */
export function stateName(state: StateLike, lang: Language): string {
  const base = `${WORDS[lang].state} ${romanNumeral(state.number)}`;
  return state.dated ? `${base} (${formatStateDate(state.dated, lang)})` : base;
}

/**
 * The text alternative of a comparison: which two states, and what the artist wrote of each — the change is what
 * the later state's description says was done to the plate. Earlier state first, whatever the order chosen.
 */
export function comparisonText(a: StateLike, b: StateLike, lang: Language): string {
  const [first, second] = a.number <= b.number ? [a, b] : [b, a];
  const w = WORDS[lang];
  const sentence = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`);
  const describe = (s: StateLike) => {
    const text = pick(s.description, lang);
    return `${stateName(s, lang)}: ${text ? sentence(text) : w.none}`;
  };
  return [
    w.from.replace('{a}', romanNumeral(first.number)).replace('{b}', romanNumeral(second.number)),
    describe(first),
    describe(second),
  ].join(' ');
}
