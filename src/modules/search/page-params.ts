// The search page's query string (the GET form, also what the page's script puts in the address bar) → what to
// search, with a problem per field for values that cannot be used. Nothing here throws: a bad value is reported
// next to its field and left out of the search.
import { MAX_QUERY_LENGTH } from './query.js';
import type { FilterInput } from './service.js';

export const NUMBER_FIELDS = [
  'yearFrom',
  'yearTo',
  'plateHeightMin',
  'plateHeightMax',
  'plateWidthMin',
  'plateWidthMax',
  'priceMin',
  'priceMax',
] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

/** Filters whose values are keys (checkboxes of facet values). */
export const KEY_FIELDS = ['technique', 'plateMaterial', 'availability', 'gallery', 'tags'] as const;
/** Filters whose values are texts (facet values of free-text fields, either language). */
export const TEXT_FIELDS = ['medium', 'subject', 'styleMovement'] as const;
export type ListField = (typeof KEY_FIELDS)[number] | (typeof TEXT_FIELDS)[number];

/** Allowed range of each number field (as the API's schema). */
export const NUMBER_RANGES: Record<NumberField, { min: number; max: number; integer: boolean }> = {
  yearFrom: { min: 1400, max: 2200, integer: true },
  yearTo: { min: 1400, max: 2200, integer: true },
  plateHeightMin: { min: 1, max: 100_000, integer: true },
  plateHeightMax: { min: 1, max: 100_000, integer: true },
  plateWidthMin: { min: 1, max: 100_000, integer: true },
  plateWidthMax: { min: 1, max: 100_000, integer: true },
  priceMin: { min: 0, max: 1e10, integer: false },
  priceMax: { min: 0, max: 1e10, integer: false },
};

/** Pairs checked for order: the first must not be greater than the second. */
const PAIRS: readonly [NumberField, NumberField][] = [
  ['yearFrom', 'yearTo'],
  ['plateHeightMin', 'plateHeightMax'],
  ['plateWidthMin', 'plateWidthMax'],
  ['priceMin', 'priceMax'],
];

export type FieldProblem =
  | { field: NumberField; kind: 'notNumber'; value: string }
  | { field: NumberField; kind: 'range'; value: string; min: number; max: number }
  | { field: NumberField; kind: 'order'; other: NumberField };

export interface SearchPageParams {
  q: string;
  page: number;
  filters: FilterInput;
  /** Number fields as typed (trimmed), to show them again. */
  typed: Partial<Record<NumberField, string>>;
  problems: FieldProblem[];
  /** True when any filter is set (a usable one or not). */
  filtered: boolean;
}

const MAX_VALUES = 50;

function strings(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim().slice(0, 200))
    .filter((v) => v !== '')
    .slice(0, MAX_VALUES);
}

/** The first string of a parameter (a repeated one counts once). */
function first(value: unknown): string | undefined {
  return strings(value)[0];
}

export function parseSearchParams(query: Record<string, unknown>): SearchPageParams {
  const filters: FilterInput = {};
  const typed: SearchPageParams['typed'] = {};
  const problems: FieldProblem[] = [];

  for (const field of NUMBER_FIELDS) {
    const text = first(query[field]);
    if (text === undefined) continue;
    typed[field] = text;
    const { min, max, integer } = NUMBER_RANGES[field];
    // A comma is a decimal separator in Danish.
    const n = Number(text.replace(',', '.'));
    if (!Number.isFinite(n) || !/^[-+]?\d+([.,]\d+)?$/.test(text)) {
      problems.push({ field, kind: 'notNumber', value: text });
    } else if (n < min || n > max || (integer && !Number.isInteger(n))) {
      problems.push({ field, kind: 'range', value: text, min, max });
    } else {
      filters[field] = n;
    }
  }
  for (const [low, high] of PAIRS) {
    const a = filters[low];
    const b = filters[high];
    if (a !== undefined && b !== undefined && a > b) {
      problems.push({ field: low, kind: 'order', other: high });
      delete filters[low];
      delete filters[high];
    }
  }
  for (const field of [...KEY_FIELDS, ...TEXT_FIELDS]) {
    const values = [...new Set(strings(query[field]))];
    if (values.length > 0) filters[field] = values;
  }

  const pageText = first(query.page);
  const page = pageText && /^\d{1,5}$/.test(pageText) ? Math.max(1, Number(pageText)) : 1;
  const q = (first(query.q) ?? '').slice(0, MAX_QUERY_LENGTH);
  const filtered =
    problems.length > 0 ||
    Object.values(filters).some((v) => v !== undefined) ||
    Object.keys(typed).length > 0;
  return { q, page, filters, typed, problems, filtered };
}

/** The query string of a search (page 1 unless given), in the form's field order: for links. */
export function searchQueryString(
  params: { q: string; filters: FilterInput },
  change: { page?: number; set?: Partial<Record<NumberField, number | undefined>> } = {},
): string {
  const out = new URLSearchParams();
  if (params.q) out.set('q', params.q);
  const filters: FilterInput = { ...params.filters, ...change.set };
  for (const field of [...KEY_FIELDS, ...TEXT_FIELDS]) {
    const v = filters[field];
    for (const value of Array.isArray(v) ? v : v === undefined ? [] : [v]) out.append(field, value);
  }
  for (const field of NUMBER_FIELDS) {
    const v = filters[field];
    if (v !== undefined) out.set(field, String(v));
  }
  if (change.page && change.page > 1) out.set('page', String(change.page));
  const text = out.toString();
  return text ? `?${text}` : '';
}
