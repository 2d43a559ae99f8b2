// The visitor's shortlist as ids: shared by the server (the list page reads `?prints=`) and the browser island that
// keeps the list in localStorage. Plain code, no imports beyond the one UUID check.
import { isUuid } from '../../platform/ids.js';

/** The most prints a list (and so its link) holds. */
export const SHORTLIST_MAX = 50;

/** Where the island keeps the list in the visitor's browser (never sent to the server). */
export const SHORTLIST_STORAGE_KEY = 'cpg-shortlist';

/** Well-formed ids, each once, lower case, in the given order, at most SHORTLIST_MAX. */
export function cleanShortlist(values: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const id = value.trim().toLowerCase();
    if (isUuid(id) && !ids.includes(id)) ids.push(id);
    if (ids.length === SHORTLIST_MAX) break;
  }
  return ids;
}

/** The ids of a `prints=` value ("id,id,…"); anything else is an empty list. */
export function parseShortlist(value: unknown): string[] {
  return typeof value === 'string' ? cleanShortlist(value.split(',')) : [];
}

/** The list page's path within a language ("/list?prints=…"), as the page context names pages. */
export function shortlistPagePath(ids: readonly string[]): string {
  return ids.length > 0 ? `/list?prints=${ids.join(',')}` : '/list';
}

/** The list page's address for these ids. */
export function shortlistPath(lang: string, ids: readonly string[]): string {
  return `/${lang}${shortlistPagePath(ids)}`;
}
