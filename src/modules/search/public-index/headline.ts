// Highlighted snippets of plain text in memory, made as PostgreSQL's ts_headline makes them (its default parser's
// headline: hlparsetext, TS_execute_locations, hlCover, mark_hl_fragments / mark_hl_words, generateHeadline), for
// the search page's hits. Only text the default parser reads as plain words and blanks is taken: words of letters
// and ASCII digits between blanks of spaces and common punctuation; anything the parser could read as something
// else (hyphenated words, numbers with points, addresses, tags, non-ASCII punctuation, which its C locale reads as
// letters) returns undefined and is left to ts_headline. tests/integration/search-headline.test.ts holds the output
// to ts_headline's own, character for character, on PGlite and PostgreSQL. See docs/decisions/007.
import { START_SEL, STOP_SEL, type SNIPPETS } from '../query.js';
import type { TsNode } from './text-index.js';

/** A tsquery of operands joined by and/or (a plain search's): operands numbered, as ts_headline's items are. */
export type HeadlineQuery =
  | { op: 'val'; id: number; lexeme: string; prefix: boolean }
  | { op: 'and' | 'or'; left: HeadlineQuery; right: HeadlineQuery };

/** The query of the snippets (`tq_da || tq_en`), or undefined when it has not, phrase or weights (SQL's part). */
export function headlineQuery(da: TsNode | null, en: TsNode | null): HeadlineQuery | undefined {
  let next = 0;
  const convert = (node: TsNode): HeadlineQuery | undefined => {
    if (node.kind === 'word') {
      if (node.weights !== 0) return undefined;
      return { op: 'val', id: next++, lexeme: node.lexeme, prefix: node.prefix };
    }
    if (node.kind !== 'and' && node.kind !== 'or') return undefined;
    const left = convert(node.left);
    const right = left && convert(node.right);
    return right && { op: node.kind, left: left!, right };
  };
  const parts = [da, en].filter((node): node is TsNode => node !== null).map(convert);
  if (parts.length === 0 || parts.some((part) => part === undefined)) return undefined;
  return parts.length === 1 ? parts[0] : { op: 'or', left: parts[0]!, right: parts[1]! };
}

/** A token of plain text: a word (letters and ASCII digits, `digits` when only digits) or a run of blanks. */
export interface PlainToken {
  readonly text: string;
  readonly word: boolean;
  readonly digits: boolean;
  /** Length in UTF-8 bytes (ts_headline's ShortWord counts bytes). */
  readonly bytes: number;
}

const TOKENS = /[\p{L}0-9]+|[^\p{L}0-9]+/gu;
/** Blanks the default parser reads as blanks whatever surrounds them. */
const BLANK = /^[ \t\n\r,;!?()"']+$/;
/** Scientific notation ("1e5") is its own token type. */
const SCIENTIFIC = /^[0-9]+e[0-9]+$/i;
/** Longer words PostgreSQL refuses to index (MAXSTRLEN is 2047 bytes); positions stop at 16383. */
const MAX_WORD_BYTES = 2046;
const MAX_WORDS = 16_000;

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The tokens of text the default parser reads as words and blanks only, or undefined. A point or colon is a blank
 * only before a blank or the end and after a letter (else: hosts, decimals, times); a comma not between digits.
 */
export function plainTokens(text: string): PlainToken[] | undefined {
  const out: PlainToken[] = [];
  let words = 0;
  for (const match of text.matchAll(TOKENS)) {
    const token = match[0];
    const at = match.index;
    const word = /^[\p{L}0-9]/u.test(token);
    if (word) {
      const bytes = utf8Bytes(token);
      if (bytes > MAX_WORD_BYTES || SCIENTIFIC.test(token) || ++words > MAX_WORDS) return undefined;
      out.push({ text: token, word, digits: /^[0-9]+$/.test(token), bytes });
      continue;
    }
    const before = text[at - 1];
    const after = text[at + token.length];
    const afterDigit = before !== undefined && before >= '0' && before <= '9';
    for (let i = 0; i < token.length; i++) {
      const c = token[i]!;
      if (c === '.' || c === ':') {
        const next = token[i + 1] ?? after;
        if (next !== undefined && !BLANK.test(next)) return undefined;
        if (i === 0 && (before === undefined || afterDigit)) return undefined;
      } else if (!BLANK.test(c)) return undefined;
    }
    if (token.startsWith(',') && afterDigit && after !== undefined && after >= '0' && after <= '9')
      return undefined;
    if (token.includes(',') && token.length === 1 && afterDigit) return undefined;
    out.push({ text: token, word: false, digits: false, bytes: utf8Bytes(token) });
  }
  return out;
}

interface Entry {
  readonly token: PlainToken;
  /** Lexeme position (counted over words, stop words too); 0 for blanks and stop words. */
  readonly pos: number;
  /** The operand this entry stands for, -1 for none. */
  readonly item: number;
  /** A copy made for the word's second and later operands. */
  readonly repeated: boolean;
  in: boolean;
  selected: boolean;
}

/** Options of one snippet, as ts_headline's (query.ts SNIPPETS). */
export type HeadlineOptions = (typeof SNIPPETS)[keyof typeof SNIPPETS];

function operands(query: HeadlineQuery, out: Array<Extract<HeadlineQuery, { op: 'val' }>> = []) {
  if (query.op === 'val') out.push(query);
  else {
    operands(query.left, out);
    operands(query.right, out);
  }
  return out;
}

/** hlparsetext: every token an entry; a word with several matching operands gets a repeated copy per extra one. */
function parse(
  tokens: readonly PlainToken[],
  lexemeOf: (word: string) => string,
  query: HeadlineQuery,
): Entry[] {
  const items = operands(query);
  const entries: Entry[] = [];
  let pos = 0;
  for (const token of tokens) {
    if (!token.word) {
      entries.push({ token, pos: 0, item: -1, repeated: false, in: false, selected: false });
      continue;
    }
    pos += 1;
    const lexeme = lexemeOf(token.text);
    const matching =
      lexeme === ''
        ? []
        : items.filter((it) => (it.prefix ? lexeme.startsWith(it.lexeme) : lexeme === it.lexeme));
    // A stop word keeps position 0 (ts_headline sets a word's position only when it has a lexeme).
    const at = lexeme === '' ? 0 : pos;
    entries.push({
      token,
      pos: at,
      item: matching[0]?.id ?? -1,
      repeated: false,
      in: false,
      selected: false,
    });
    for (const extra of matching.slice(1))
      entries.push({ token, pos: at, item: extra.id, repeated: true, in: false, selected: false });
  }
  return entries;
}

/** Beyond this many and'ed terms an or of ands multiplies into, ts_headline is asked instead. */
const MAX_TERMS = 4096;

class TooManyTerms extends Error {}

/** Lexeme positions of each and'ed term (TS_execute_locations); undefined when the query does not match. */
function locations(query: HeadlineQuery, entries: readonly Entry[]): number[][] | undefined {
  if (query.op === 'val') {
    const found: number[] = [];
    for (const entry of entries)
      if (entry.item === query.id && (found.length === 0 || found.at(-1)! < entry.pos)) found.push(entry.pos);
    return found.length > 0 ? [found] : undefined;
  }
  const left = locations(query.left, entries);
  if (query.op === 'and') {
    if (!left) return undefined;
    const right = locations(query.right, entries);
    return right && [...left, ...right];
  }
  const right = locations(query.right, entries);
  if (!left || !right) return left ?? right;
  // (A & B) | (C & D) = (A | C) & (A | D) & (B | C) & (B | D): each pair's positions merged.
  if (left.length * right.length > MAX_TERMS) throw new TooManyTerms();
  const out: number[][] = [];
  for (const l of left) for (const r of right) out.push([...new Set([...l, ...r])].sort((a, b) => a - b));
  return out;
}

/** The query over entries from..to (TS_execute with checkcondition_HL). */
function holds(query: HeadlineQuery, entries: readonly Entry[], from: number, to: number): boolean {
  if (query.op === 'val') {
    for (let i = from; i <= to; i++) if (entries[i]!.item === query.id) return true;
    return false;
  }
  if (query.op === 'and')
    return holds(query.left, entries, from, to) && holds(query.right, entries, from, to);
  return holds(query.left, entries, from, to) || holds(query.right, entries, from, to);
}

/** hlCover: the next shortest range of entries satisfying the query at or after lexeme position `next`. */
function cover(
  entries: readonly Entry[],
  query: HeadlineQuery,
  locs: readonly number[][],
  next: number,
): { p: number; q: number; next: number } | undefined {
  let pos = next;
  for (;;) {
    let pose = -1;
    for (const positions of locs) {
      const first = positions.find((p) => p >= pos);
      if (first === undefined) return undefined;
      if (first > pose) pose = first;
    }
    if (pose < 0) return undefined;
    let posb = Number.MAX_SAFE_INTEGER;
    for (const positions of locs) {
      let last = -1;
      for (let i = positions.length - 1; i >= 0; i--)
        if (positions[i]! <= pose) {
          last = positions[i]!;
          break;
        }
      if (last < posb) posb = last;
    }
    posb = Math.max(posb, pos);
    if (posb <= pose) {
      let idxb = -1;
      let idxe = -1;
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i]!;
        if (entry.item < 0) continue;
        if (idxb < 0 && entry.pos >= posb) idxb = i;
        if (entry.pos <= pose) idxe = i;
        else break;
      }
      if (idxb >= 0 && idxe >= idxb && holds(query, entries, idxb, idxe))
        return { p: idxb, q: idxe, next: posb + 1 };
    }
    pos = posb + 1;
  }
}

const isWord = (entry: Entry) => entry.token.word;
const interesting = (entry: Entry) => entry.item >= 0 && !entry.repeated;

function markFragment(entries: Entry[], from: number, to: number): void {
  for (let i = from; i <= to; i++) {
    const entry = entries[i]!;
    if (entry.item >= 0) entry.selected = true;
    entry.in = !entry.repeated;
  }
}

interface Fragment {
  start: number;
  end: number;
  words: number;
  items: number;
  chosen: boolean;
  excluded: boolean;
}

/** mark_hl_fragments: up to maxFragments fragments around the best covers, stretched to maxWords. */
function markFragments(
  entries: Entry[],
  query: HeadlineQuery,
  locs: readonly number[][] | undefined,
  o: (typeof SNIPPETS)['text'],
): void {
  const bad = (i: number) =>
    (!isWord(entries[i]!) || entries[i]!.token.digits || entries[i]!.token.bytes <= o.shortWord) &&
    !interesting(entries[i]!);
  const covers: Fragment[] = [];
  let next = 0;
  for (
    let found = locs && cover(entries, query, locs, next);
    found;
    found = cover(entries, query, locs!, next)
  ) {
    next = found.next;
    let start = found.p;
    let end = found.q;
    while (start <= end) {
      // get_next_fragment: from the first interesting entry, at most maxWords words, ending on an interesting one.
      for (let i = start; i <= end; i++) {
        start = i;
        if (interesting(entries[i]!)) break;
      }
      let words = 0;
      let items = 0;
      let i = start;
      for (; i <= end && words < o.maxWords; i++) {
        if (isWord(entries[i]!)) words += 1;
        if (interesting(entries[i]!)) items += 1;
      }
      if (end > i) {
        end = i;
        for (i = end; i >= start; i--) {
          end = i;
          if (interesting(entries[i]!)) break;
          if (isWord(entries[i]!)) words -= 1;
        }
      }
      covers.push({ start, end, words, items, chosen: false, excluded: false });
      start = end + 1;
      end = found.q;
    }
  }
  let marked = 0;
  for (let f = 0; f < o.maxFragments; f++) {
    let best: Fragment | undefined;
    for (const c of covers)
      if (
        !c.chosen &&
        !c.excluded &&
        (c.items > (best?.items ?? 0) ||
          (c.items === (best?.items ?? 0) && c.words < (best?.words ?? Infinity)))
      )
        best = c;
    if (!best) break;
    best.chosen = true;
    let { start, end, words } = best;
    if (words < o.maxWords) {
      const maxStretch = Math.floor((o.maxWords - words) / 2);
      let stretch = 0;
      let marker = start;
      for (let i = start - 1; i >= 0 && stretch < maxStretch && !entries[i]!.in; i--) {
        if (isWord(entries[i]!)) {
          words += 1;
          stretch += 1;
        }
        marker = i;
      }
      let i = marker;
      for (; i < start && bad(i); i++) if (isWord(entries[i]!)) words -= 1;
      start = i;
      marker = end;
      for (i = end + 1; i < entries.length && words < o.maxWords && !entries[i]!.in; i++) {
        if (isWord(entries[i]!)) words += 1;
        marker = i;
      }
      for (i = marker; i > end && bad(i); i--) if (isWord(entries[i]!)) words -= 1;
      end = i;
    }
    best.start = start;
    best.end = end;
    best.words = words;
    markFragment(entries, start, end);
    marked += 1;
    for (const c of covers)
      if (
        c !== best &&
        ((c.start >= start && c.start <= end) ||
          (c.end >= start && c.end <= end) ||
          (c.start < start && c.end > end))
      )
        c.excluded = true;
  }
  if (marked === 0) {
    let words = 0;
    let end = -1;
    for (let i = 0; i < entries.length && words < o.minWords; i++) {
      if (isWord(entries[i]!)) words += 1;
      end = i;
    }
    markFragment(entries, 0, end);
  }
}

/**
 * The snippet of plain text (plainTokens) for a query, as ts_headline writes it with these options: matches between
 * START_SEL and STOP_SEL, fragments joined by the delimiter. `lexemeOf` gives a word's lexeme in the snippet's
 * configuration ('' for a stop word). Undefined when the query's terms multiply beyond MAX_TERMS.
 */
export function headline(
  tokens: readonly PlainToken[],
  lexemeOf: (word: string) => string,
  query: HeadlineQuery,
  options: HeadlineOptions,
): string | undefined {
  const entries = parse(tokens, lexemeOf, query);
  if (options.highlightAll) markFragment(entries, 0, entries.length - 1);
  else {
    let locs: number[][] | undefined;
    try {
      locs = locations(query, entries);
    } catch (error) {
      if (error instanceof TooManyTerms) return undefined;
      throw error;
    }
    markFragments(entries, query, locs, options);
  }
  let out = '';
  let inFragment = false;
  let fragments = 0;
  for (const entry of entries) {
    if (entry.in && !entry.repeated) {
      if (!inFragment) {
        inFragment = true;
        fragments += 1;
        if (fragments > 1 && !options.highlightAll) out += options.delimiter;
      }
      out += entry.selected ? `${START_SEL}${entry.token.text}${STOP_SEL}` : entry.token.text;
    } else if (!entry.repeated) inFragment = false;
  }
  return out;
}
