// Language rules of the catalogue: picking a text in the requested language with fallback to the other, and
// formatting dimensions and edition summaries.
import type { Localized, Language } from '../../platform/db/schema.js';

export const other = (lang: Language): Language => (lang === 'da' ? 'en' : 'da');

/** Collects the names of fields that had to fall back to the other language. */
export class Picker {
  readonly fallbackFields: string[] = [];
  readonly language: Language;
  constructor(language: Language) {
    this.language = language;
  }

  /** The text in the requested language, else the other one (recorded in fallbackFields), else ''. */
  text(field: string, value: Localized | null | undefined): string {
    const own = value?.[this.language]?.trim();
    if (own) return own;
    const fallback = value?.[other(this.language)]?.trim();
    if (fallback) {
      this.fallbackFields.push(field);
      return fallback;
    }
    return '';
  }
}

/** Picks without recording fallbacks. */
export function pick(value: Localized | null | undefined, lang: Language): string {
  return value?.[lang]?.trim() || value?.[other(lang)]?.trim() || '';
}

/** Normalizes a localized input: a plain string is the text in `lang`; empty strings remove a language. */
export function toLocalized(
  input: string | Localized | undefined,
  lang: Language,
  current: Localized = {},
): Localized | undefined {
  if (input === undefined) return undefined;
  const merged: Localized =
    typeof input === 'string' ? { ...current, [lang]: input } : { ...current, ...input };
  const out: Localized = {};
  for (const l of ['da', 'en'] as const) {
    const v = merged[l]?.trim();
    if (v) out[l] = v;
  }
  return out;
}

function cm(mm: number): string {
  const value = mm / 10;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** "30 × 40 cm" (height × width), or null when either side is missing. */
export function dimensionsText(
  heightMm: number | null,
  widthMm: number | null,
  lang: Language,
): string | null {
  if (!heightMm || !widthMm) return null;
  const sep = lang === 'da' ? ',' : '.';
  return `${cm(heightMm).replace('.', sep)} × ${cm(widthMm).replace('.', sep)} cm`;
}

export function dimensions(
  heightMm: number | null,
  widthMm: number | null,
  lang: Language,
): { heightMm: number; widthMm: number; text: string } | null {
  const text = dimensionsText(heightMm, widthMm, lang);
  return text && heightMm && widthMm ? { heightMm, widthMm, text } : null;
}

/** Parses legacy dimension strings: "30cm x 40cm", "30 × 40 cm", "300x400 mm", "30 x 40". Height first. */
export function parseDimensions(text: string): { heightMm: number; widthMm: number } | null {
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*(mm|cm)?\s*[x×*]\s*(\d+(?:[.,]\d+)?)\s*(mm|cm)?\s*$/i.exec(text);
  if (!m) return null;
  const unit = (m[4] ?? m[2] ?? 'cm').toLowerCase();
  const factor = unit === 'mm' ? 1 : 10;
  const h = Math.round(Number(m[1]!.replace(',', '.')) * factor);
  const w = Math.round(Number(m[3]!.replace(',', '.')) * factor);
  return h > 0 && w > 0 ? { heightMm: h, widthMm: w } : null;
}

export interface EditionCounts {
  recorded: number;
  available: number;
}

export function editionSummary(
  size: number | null,
  artistProofs: number | null,
  state: string,
  counts: EditionCounts,
  lang: Language,
): {
  size: number | null;
  artistProofs: number | null;
  state: string;
  recorded: number;
  available: number | null;
  text: string;
} {
  const available = counts.recorded > 0 ? counts.available : null;
  let text = '';
  if (size) {
    text = lang === 'da' ? `Oplag på ${size}` : `Edition of ${size}`;
    if (available !== null) text += lang === 'da' ? ` — ${available} til salg` : ` — ${available} available`;
  }
  return { size, artistProofs, state, recorded: counts.recorded, available, text };
}

/** "7/25", "AP 2", "TP". */
export function impressionLabel(kind: string, number: number | null, editionSize: number | null): string {
  if (kind === 'numbered') return editionSize ? `${number}/${editionSize}` : String(number);
  return number ? `${kind} ${number}` : kind;
}

export interface VocabTerm {
  key: string;
  label: Localized;
}

/** A vocabulary term by key or by its Danish or English name, case-insensitive (how the API and imports read them). */
export function findTerm<T extends VocabTerm>(terms: readonly T[], value: string): T | undefined {
  const v = value.trim().toLowerCase();
  return terms.find((t) => t.key === v || t.label.en?.toLowerCase() === v || t.label.da?.toLowerCase() === v);
}
