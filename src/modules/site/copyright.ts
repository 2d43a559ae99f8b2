// The copyright notice next to a print, composed once: who holds the rights (the artist's copyright line from the
// settings, else "© {year} {artist}."), "All rights reserved.", then what the print's own reproduction terms add.
// A sentence already said is not said again, so terms of "All rights reserved." (the seed's, and what artists
// type) or a copyright line that ends with it give one notice, not two.
import type { Translate } from '../../platform/i18n/index.js';

export interface CopyrightNotice {
  /** "© 2015 The Artist. All rights reserved." or the settings' copyright line (with the sentence when missing). */
  readonly notice: string;
  /** What the print's own reproduction terms add to it ('' when nothing): shown after, in the terms' language. */
  readonly terms: string;
}

/** Sentences of a text, compared without case, spacing and closing punctuation. */
function sentenceKeys(text: string): string[] {
  return splitSentences(text).map((s) =>
    s
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .replace(/[.!?]+$/, ''),
  );
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `text` less every sentence that `said` already contains; '' when nothing new remains. */
function unsaid(text: string, said: string): string {
  const known = new Set(sentenceKeys(said));
  return splitSentences(text)
    .filter((s) => !known.has(sentenceKeys(s)[0] ?? ''))
    .join(' ');
}

export function copyrightNotice(
  t: Translate,
  args: { year: number; artist: string; copyrightLine: string; terms: string | null | undefined },
): CopyrightNotice {
  const line = args.copyrightLine.trim();
  const holder = line
    ? /[.!?]$/.test(line)
      ? line
      : `${line}.`
    : t('print.copyright', { year: args.year, artist: args.artist });
  const reserved = unsaid(t('print.allRightsReserved'), holder);
  const notice = reserved ? `${holder} ${reserved}` : holder;
  return { notice, terms: args.terms?.trim() ? unsaid(args.terms.trim(), notice) : '' };
}
