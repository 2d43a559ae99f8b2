// Pure helpers of search: turning what a visitor typed into safe pieces for PostgreSQL, and turning ts_headline
// output into safe HTML. Nothing here talks to the database.

/** Longer queries are cut here (characters), before anything else looks at them. */
export const MAX_QUERY_LENGTH = 200;

/** Sentinels ts_headline puts around matches (private-use characters, stripped from the source text first). */
export const START_SEL = '\uE000';
export const STOP_SEL = '\uE001';

/**
 * How the hits' snippets are cut (ts_headline's options): a title whole with every match marked, a description in
 * at most two fragments of up to 30 words. repository.ts hands them to ts_headline, public-index/headline.ts follows
 * them in memory.
 */
export const SNIPPETS = {
  title: { highlightAll: true },
  text: { highlightAll: false, maxWords: 30, minWords: 12, shortWord: 3, maxFragments: 2, delimiter: ' … ' },
} as const;

export interface ParsedQuery {
  /** The trimmed, truncated query handed to websearch_to_tsquery ('' = browse). */
  text: string;
  /** Words before the last one, letters and digits only, joined by spaces (for the prefix alternative). */
  head: string;
  /** The last word, letters and digits only, to be matched as a prefix; '' when no prefix alternative applies. */
  prefix: string;
}

const WORD = /[\p{L}\p{Nd}]+/gu;
/** websearch syntax the prefix alternative would lose: quoted phrases, exclusions, OR. */
const WEBSEARCH_OPERATORS = /["]|(^|\s)-|(^|\s)or(\s|$)/i;

/**
 * Normalizes a query: control characters removed, whitespace collapsed, cut to MAX_QUERY_LENGTH. The text goes to
 * websearch_to_tsquery (which never raises on bad syntax); the prefix alternative is built from letters and digits
 * only, so tsquery syntax characters never reach to_tsquery.
 */
export function parseQuery(raw: string | undefined): ParsedQuery {
  const text = (raw ?? '')
    .replace(/[\p{Cc}\p{Cf}\p{Co}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_LENGTH)
    .trim();
  const words = text.match(WORD) ?? [];
  const last = words.at(-1) ?? '';
  const typingLastWord = text.length > 0 && /[\p{L}\p{Nd}]$/u.test(text);
  const prefixable = typingLastWord && last.length >= 2 && !WEBSEARCH_OPERATORS.test(text);
  return {
    text,
    head: prefixable ? words.slice(0, -1).join(' ') : '',
    prefix: prefixable ? last : '',
  };
}

/** Text that is only words of letters and digits, one space between them. */
const PLAIN = /^[\p{L}\p{Nd}]+(?: [\p{L}\p{Nd}]+)*$/u;

/**
 * The words of a query PostgreSQL reads word by word — letters and digits separated by spaces, none of them
 * websearch syntax (`or`) — or undefined when only the whole text can be read (quotes, exclusions, punctuation).
 */
export function plainWords(q: ParsedQuery): string[] | undefined {
  if (!PLAIN.test(q.text)) return undefined;
  const words = q.text.split(' ');
  return words.some((word) => word.toLowerCase() === 'or') ? undefined : words;
}

/** One operand as PostgreSQL prints it (`'havn'`, `'havn':*`): the only shape a word's tsquery may have here. */
const OPERAND = /^'(?:[^'\\]|''|\\.)*'(?::\*)?$/;

/** A single word's tsqueries as PostgreSQL printed them ('' for a stop word); see repository.ts wordTsQueries. */
export interface WordQueryTexts {
  da: string;
  en: string;
  daPrefix: string;
  enPrefix: string;
  simplePrefix: string;
}

/**
 * The tsqueries of a plain query (plainWords) put together from its words' own, printed exactly as PostgreSQL prints
 * what repository.ts `textQueries` asks of it: the words and'ed (websearch syntax, stop words left out), or'ed with
 * the earlier words and'ed with the last word as a prefix in the configuration or unstemmed. Undefined when a word's
 * tsquery is more than one operand (PostgreSQL split it): then only the whole text can be asked.
 * tests/integration/search-word-queries.test.ts holds this to PostgreSQL's own answer.
 */
export function composeTsQueries(
  q: ParsedQuery,
  words: readonly string[],
  known: (word: string) => WordQueryTexts,
): { da: string; en: string } | undefined {
  const entries = words.map(known);
  for (const entry of entries)
    for (const text of Object.values(entry)) if (text !== '' && !OPERAND.test(text)) return undefined;
  const and = (parts: string[]) => parts.filter((part) => part !== '').join(' & ');
  const compose = (cfg: 'da' | 'en') => {
    const full = and(entries.map((entry) => entry[cfg]));
    if (!q.prefix) return full;
    const last = entries.at(-1)!;
    const prefixes = [cfg === 'da' ? last.daPrefix : last.enPrefix, last.simplePrefix].filter(
      (p) => p !== '',
    );
    const head = and(entries.slice(0, -1).map((entry) => entry[cfg]));
    // `head && (prefix || simple)`: the or binds looser than the and, so it is bracketed when both sides are there.
    const prefix = head && prefixes.length === 2 ? `( ${prefixes.join(' | ')} )` : prefixes.join(' | ');
    const alternative = [head, prefix].filter((part) => part !== '').join(' & ');
    return [full, alternative].filter((part) => part !== '').join(' | ');
  };
  return { da: compose('da'), en: compose('en') };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * ts_headline output (matches wrapped in START_SEL/STOP_SEL) → safe HTML: everything escaped, then the sentinels
 * turned into <mark> tags. Returns null when nothing was highlighted.
 */
export function headlineToHtml(headline: string | null | undefined): string | null {
  if (!headline || !headline.includes(START_SEL)) return null;
  let open = false;
  let out = '';
  for (const part of headline.split(/([\uE000\uE001])/u)) {
    if (part === START_SEL) {
      if (!open) out += '<mark>';
      open = true;
    } else if (part === STOP_SEL) {
      if (open) out += '</mark>';
      open = false;
    } else {
      out += escapeHtml(part);
    }
  }
  if (open) out += '</mark>';
  return out.trim();
}

/** A localized JSON value's text in one language, falling back to the other. */
export function pickText(value: { da?: string; en?: string } | null | undefined, lang: 'da' | 'en'): string {
  const other = lang === 'da' ? 'en' : 'da';
  return value?.[lang]?.trim() || value?.[other]?.trim() || '';
}

/** Shortens a text to at most `max` characters on a word boundary, with an ellipsis. */
export function excerpt(text: string, max = 300): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
