// What a certificate says of its impression, in one language, said once for the PDF and the verification page so
// the two cannot disagree: the title, the artist, the number as written on the sheet and the facts below it.
// Nothing private: never the buyer, the price, the location or the notes of the ledger.
import type { ImpressionStatus, Language } from '../../platform/db/schema.js';
import { translator } from '../../platform/i18n/index.js';
import { Picker, pick } from '../catalogue/localize.js';
import type { PrintRecord } from '../catalogue/read-model.js';
import { sheetMarking } from './marking.js';

export type FactKey = 'edition' | 'technique' | 'year' | 'plate' | 'sheet' | 'paper' | 'state' | 'printedOn';

export interface CertificateFacts {
  readonly lang: Language;
  /** The title in the asked language, else the other one (`lang` says which). */
  readonly title: { readonly text: string; readonly lang: Language };
  readonly artist: string;
  /** "7/25", "AP 2/5", "BAT". */
  readonly marking: string;
  /** The facts that have a value, in the order shown; the label is `certificate.field.<key>`. */
  readonly rows: ReadonlyArray<{ readonly key: FactKey; readonly value: string }>;
  readonly status: ImpressionStatus;
}

export interface ImpressionFacts {
  readonly kind: string;
  readonly number: number | null;
  readonly state: string | null;
  readonly printed_on: string | null;
  readonly paper: string | null;
  readonly status: ImpressionStatus;
}

const locale = (lang: Language) => (lang === 'da' ? 'da-DK' : 'en-GB');

/** "12 March 2026" / "12. marts 2026" of a date column ('2026-03-12'); the text itself when it is no date. */
export function formatDay(value: string, lang: Language): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

function size(height: number | null, width: number | null, lang: Language): string | null {
  if (height === null || width === null) return null;
  const mm = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 });
  return `${mm.format(height)} × ${mm.format(width)} mm`;
}

export function certificateFacts(
  record: Pick<PrintRecord, 'row' | 'labels'>,
  impression: ImpressionFacts,
  profileName: string,
  lang: Language,
): CertificateFacts {
  const { row, labels } = record;
  const picker = new Picker(lang);
  const titleText = picker.text('title', row.title);
  const title = titleText
    ? { text: titleText, lang: picker.fallbackFields.length ? (lang === 'da' ? 'en' : 'da') : lang }
    : { text: translator(lang)('galleries.untitled'), lang };
  const marking = sheetMarking(impression.kind, impression.number, row.edition_size, row.artist_proofs);
  const candidates: Array<[FactKey, string | null]> = [
    ['edition', marking],
    ['technique', labels('technique', row.technique_key, lang)],
    ['year', row.year === null ? null : String(row.year)],
    ['plate', size(row.plate_height_mm, row.plate_width_mm, lang)],
    ['sheet', size(row.sheet_height_mm, row.sheet_width_mm, lang)],
    ['paper', impression.paper?.trim() || pick(row.paper, lang) || null],
    ['state', impression.state?.trim() || pick(row.edition_state, lang) || null],
    ['printedOn', impression.printed_on ? formatDay(impression.printed_on, lang) : null],
  ];
  return {
    lang,
    title,
    artist: pick(row.artist_name, lang) || profileName,
    marking,
    rows: candidates.flatMap(([key, value]) => (value ? [{ key, value }] : [])),
    status: impression.status,
  };
}
