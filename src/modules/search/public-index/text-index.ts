// Word matching and ranking of public search, in memory, by PostgreSQL's rules.
//
// PostgreSQL still does the language work: it builds every document's weighted tsvectors (danish and english
// configurations with unaccent, kept current by triggers) and turns what the visitor typed into tsqueries
// (websearch syntax, stemming, the prefix alternative). This module holds the published documents' tsvectors as an
// inverted index and evaluates those tsqueries over it as `@@` and `ts_rank` do (and, or, not, phrase distance,
// prefix; calc_rank_or / calc_rank_and with the default weights D 0.1, C 0.2, B 0.4, A 1.0), so a search costs
// microseconds per matching document and no database round of ranking. See docs/decisions/007.

/** A tsquery as PostgreSQL prints it (`'havn' & 'vint':*`), parsed. */
export type TsNode =
  | {
      kind: 'word';
      lexeme: string;
      prefix: boolean;
      /** Bits A=8, B=4, C=2, D=1; 0 = any weight. */ weights: number;
    }
  | { kind: 'not'; arg: TsNode }
  | { kind: 'and' | 'or'; left: TsNode; right: TsNode }
  | { kind: 'phrase'; distance: number; left: TsNode; right: TsNode };

type Token =
  | { t: 'word'; lexeme: string; prefix: boolean; weights: number }
  | { t: '&' | '|' | '!' | '(' | ')' }
  | { t: 'phrase'; distance: number };

const WEIGHT_BITS: Record<string, number> = { A: 8, B: 4, C: 2, D: 1 };

/** A quoted lexeme at `i` (PostgreSQL doubles quotes and backslashes inside); returns it and the index after it. */
function quoted(text: string, i: number): [string, number] {
  // Fast path: no doubled quote or backslash before the closing quote.
  const close = text.indexOf("'", i + 1);
  if (close > i && text[close + 1] !== "'") {
    const plain = text.slice(i + 1, close);
    if (!plain.includes('\\')) return [plain, close + 1];
  }
  let lexeme = '';
  for (i += 1; ;) {
    const c = text[i];
    if (c === undefined) throw new Error('unterminated lexeme');
    if (c === "'") {
      if (text[i + 1] !== "'") return [lexeme, i + 1];
      lexeme += "'";
      i += 2;
    } else if (c === '\\') {
      lexeme += text[i + 1] ?? '';
      i += 2;
    } else {
      lexeme += c;
      i += 1;
    }
  }
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === ' ') {
      i += 1;
    } else if (c === "'") {
      const [lexeme, next] = quoted(text, i);
      i = next;
      let prefix = false;
      let weights = 0;
      if (text[i] === ':') {
        for (i += 1; i < text.length && /[*ABCD]/.test(text[i]!); i++) {
          if (text[i] === '*') prefix = true;
          else weights |= WEIGHT_BITS[text[i]!]!;
        }
      }
      out.push({ t: 'word', lexeme, prefix, weights });
    } else if (c === '<') {
      const m = /^<(-|\d+)>/.exec(text.slice(i, i + 8));
      if (!m) throw new Error(`bad phrase operator at ${i}`);
      out.push({ t: 'phrase', distance: m[1] === '-' ? 1 : Number(m[1]) });
      i += m[0].length;
    } else if (c === '&' || c === '|' || c === '!' || c === '(' || c === ')') {
      out.push({ t: c });
      i += 1;
    } else {
      throw new Error(`unexpected "${c}" at ${i}`);
    }
  }
  return out;
}

/**
 * Parses tsquery output (`tsquery::text`); null for the empty query (only stop words). Precedence as PostgreSQL's:
 * `!` binds tightest, then `<->`/`<N>`, then `&`, then `|`.
 */
export function parseTsQuery(text: string): TsNode | null {
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  let at = 0;
  const peek = () => tokens[at];
  const expect = (t: Token['t']) => {
    if (tokens[at]?.t !== t) throw new Error(`expected ${t} in tsquery "${text}"`);
    at += 1;
  };
  const primary = (): TsNode => {
    const tok = tokens[at++];
    if (!tok) throw new Error(`unexpected end of tsquery "${text}"`);
    if (tok.t === 'word')
      return { kind: 'word', lexeme: tok.lexeme, prefix: tok.prefix, weights: tok.weights };
    if (tok.t === '!') return { kind: 'not', arg: primary() };
    if (tok.t === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    throw new Error(`unexpected ${tok.t} in tsquery "${text}"`);
  };
  const phrase = (): TsNode => {
    let left = primary();
    for (let tok = peek(); tok?.t === 'phrase'; tok = peek()) {
      at += 1;
      left = { kind: 'phrase', distance: tok.distance, left, right: primary() };
    }
    return left;
  };
  const and = (): TsNode => {
    let left = phrase();
    while (peek()?.t === '&') {
      at += 1;
      left = { kind: 'and', left, right: phrase() };
    }
    return left;
  };
  const or = (): TsNode => {
    let left = and();
    while (peek()?.t === '|') {
      at += 1;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const root = or();
  if (at !== tokens.length) throw new Error(`trailing input in tsquery "${text}"`);
  return root;
}

// ---------- the index ----------

/** A position as PostgreSQL keeps it (WordEntryPos): weight in the top two bits (A=3 … D=0), position below. */
const POS_MASK = 0x3fff;
const MAX_ENTRY_POS = 1 << 14;
const weightOf = (p: number) => p >>> 14;
/** ts_rank's default weights by weight code (D, C, B, A), as float4. */
const WEIGHTS = [Math.fround(0.1), Math.fround(0.2), Math.fround(0.4), Math.fround(1.0)];
const f = Math.fround;
const WEIGHT_CODE: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };

/** One language's tsvectors of every document, inverted. */
export interface LanguageIndex {
  /** Distinct lexemes, sorted. */
  readonly lexemes: string[];
  /** Postings of lexeme l: start[l]..start[l+1]. */
  readonly start: Int32Array;
  /** Document of each posting, ascending within a lexeme. */
  readonly docs: Int32Array;
  /** calc_rank_or's share of each posting (before dividing by the number of query words). */
  readonly orShare: Float64Array;
  /** Positions of posting p: pos[posStart[p]..posStart[p+1]). */
  readonly posStart: Int32Array;
  readonly pos: Uint16Array;
  /** 1 where a document has no words in this language (ts_rank is 0 there). */
  readonly empty: Uint8Array;
}

/** Calls `entry` for each lexeme of tsvector output (`'vint':3A,16C 'zerkal':10C`). */
export function parseTsVector(text: string, entry: (lexeme: string, positions: number[]) => void): void {
  for (let i = 0; i < text.length;) {
    if (text[i] === ' ') {
      i += 1;
      continue;
    }
    if (text[i] !== "'") throw new Error(`bad tsvector at ${i}`);
    const [lexeme, next] = quoted(text, i);
    i = next;
    const positions: number[] = [];
    if (text[i] === ':') {
      i += 1;
      for (;;) {
        let n = 0;
        while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
          n = n * 10 + text.charCodeAt(i) - 48;
          i += 1;
        }
        const w = WEIGHT_CODE[text[i] ?? ''];
        if (w !== undefined) i += 1;
        positions.push(((w ?? 0) << 14) | Math.min(n, POS_MASK));
        if (text[i] !== ',') break;
        i += 1;
      }
    }
    entry(lexeme, positions);
  }
}

/** calc_rank_or's share of one lexeme of a document: its weights, the heaviest counted fully, the rest fading. */
function orShareOf(positions: ArrayLike<number>, from: number, to: number): number {
  let resj = f(0);
  let wjm = -1;
  let jm = 0;
  for (let j = 0; from + j < to; j++) {
    const w = WEIGHTS[weightOf(positions[from + j]!)]!;
    resj = f(resj + f(w / ((j + 1) * (j + 1))));
    if (w > wjm) {
      wjm = w;
      jm = j;
    }
  }
  // limit (sum(1/i^2), i=1..inf) = pi^2/6
  return f(f(wjm + resj) - f(wjm / ((jm + 1) * (jm + 1)))) / 1.64493406685;
}

/** Documents (or lexemes) handled between two pauses of a stepwise build. */
const STEP = 2000;

/**
 * Builds one language's index from each document's tsvector output (null: no text), pausing (`yield`) every STEP
 * documents and lexemes so a caller can let other work run between the steps (runSteps / runStepsAsync).
 */
export function* languageIndexSteps(vectors: readonly (string | null)[]): Generator<void, LanguageIndex> {
  const byLexeme = new Map<string, number[]>(); // lexeme → entry numbers, in document order
  const entryDoc: number[] = [];
  const entryPosStart: number[] = [0];
  const allPos: number[] = [];
  const empty = new Uint8Array(vectors.length).fill(1);
  for (let doc = 0; doc < vectors.length; doc++) {
    if (doc % STEP === STEP - 1) yield;
    const text = vectors[doc];
    if (!text) continue;
    empty[doc] = 0;
    parseTsVector(text, (lexeme, positions) => {
      // Without positions (a stripped vector) PostgreSQL ranks as one position at the far end, weight D.
      if (positions.length === 0) positions.push(MAX_ENTRY_POS - 1);
      const entry = entryDoc.length;
      entryDoc.push(doc);
      for (const p of positions) allPos.push(p);
      entryPosStart.push(allPos.length);
      const list = byLexeme.get(lexeme);
      if (list) list.push(entry);
      else byLexeme.set(lexeme, [entry]);
    });
  }
  yield;
  const lexemes = [...byLexeme.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  yield;
  const start = new Int32Array(lexemes.length + 1);
  const docs = new Int32Array(entryDoc.length);
  const orShare = new Float64Array(entryDoc.length);
  const posStart = new Int32Array(entryDoc.length + 1);
  const pos = new Uint16Array(allPos.length);
  let p = 0;
  let q = 0;
  for (let l = 0; l < lexemes.length; l++) {
    if (l % STEP === STEP - 1) yield;
    start[l] = p;
    for (const entry of byLexeme.get(lexemes[l]!)!) {
      docs[p] = entryDoc[entry]!;
      posStart[p] = q;
      const from = entryPosStart[entry]!;
      const to = entryPosStart[entry + 1]!;
      for (let k = from; k < to; k++) pos[q++] = allPos[k]!;
      orShare[p] = orShareOf(pos, posStart[p]!, q);
      p += 1;
    }
  }
  start[lexemes.length] = p;
  posStart[p] = q;
  return { lexemes, start, docs, orShare, posStart, pos, empty };
}

/** Runs a stepwise build to its end at once. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs a stepwise build, letting the event loop serve other work between steps. */
export async function runStepsAsync<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export function buildLanguageIndex(vectors: readonly (string | null)[]): LanguageIndex {
  return runSteps(languageIndexSteps(vectors));
}

/** First index in the sorted lexemes not less than `key`. */
function lowerBound(lexemes: readonly string[], key: string): number {
  let lo = 0;
  let hi = lexemes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lexemes[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lexeme numbers a query word names: the one equal to it, or every one it is a prefix of. */
function lexemesOf(index: LanguageIndex, word: { lexeme: string; prefix: boolean }): number[] {
  const first = lowerBound(index.lexemes, word.lexeme);
  if (!word.prefix) return index.lexemes[first] === word.lexeme ? [first] : [];
  const out: number[] = [];
  for (let l = first; l < index.lexemes.length && index.lexemes[l]!.startsWith(word.lexeme); l++) out.push(l);
  return out;
}

/** The posting of lexeme l in a document, or -1. */
function postingOf(index: LanguageIndex, l: number, doc: number): number {
  let lo = index.start[l]!;
  let hi = index.start[l + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const d = index.docs[mid]!;
    if (d === doc) return mid;
    if (d < doc) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/** Has posting p a position of one of the weights (bits as in TsNode)? */
function hasWeight(index: LanguageIndex, p: number, weights: number): boolean {
  if (weights === 0) return true;
  for (let k = index.posStart[p]!; k < index.posStart[p + 1]!; k++)
    if ((weights >> weightOf(index.pos[k]!)) & 1) return true;
  return false;
}

/** A set of documents: `docs` (ascending), or everything but them when `negated`. */
interface DocSet {
  docs: Int32Array;
  negated: boolean;
}

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      out[n++] = a[i]!;
      i++;
      j++;
    }
  }
  return out.subarray(0, n);
}

function union(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) out[n++] = a[i++]!;
    else if (a[i]! > b[j]!) out[n++] = b[j++]!;
    else {
      out[n++] = a[i++]!;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return out.subarray(0, n);
}

/** a without b. */
function minus(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  let n = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    while (j < b.length && b[j]! < a[i]!) j++;
    if (j >= b.length || b[j] !== a[i]) out[n++] = a[i]!;
  }
  return out.subarray(0, n);
}

function wordDocs(index: LanguageIndex, word: Extract<TsNode, { kind: 'word' }>): Int32Array {
  const lexemes = lexemesOf(index, word);
  let docs: Int32Array = new Int32Array(0);
  for (const l of lexemes) {
    let slice = index.docs.subarray(index.start[l]!, index.start[l + 1]!);
    if (word.weights !== 0) {
      const kept = slice.filter((_, k) => hasWeight(index, index.start[l]! + k, word.weights));
      slice = kept;
    }
    docs = lexemes.length === 1 ? slice : union(docs, slice);
  }
  return docs;
}

/** Positions (without weight) where a phrase part matches in a document, ascending; empty when it does not. */
function positionsIn(index: LanguageIndex, node: TsNode, doc: number): number[] {
  switch (node.kind) {
    case 'word': {
      const out: number[] = [];
      for (const l of lexemesOf(index, node)) {
        const p = postingOf(index, l, doc);
        if (p < 0) continue;
        for (let k = index.posStart[p]!; k < index.posStart[p + 1]!; k++) {
          const raw = index.pos[k]!;
          if (node.weights === 0 || (node.weights >> weightOf(raw)) & 1) out.push(raw & POS_MASK);
        }
      }
      return node.prefix ? [...new Set(out)].sort((a, b) => a - b) : out;
    }
    case 'phrase': {
      const left = new Set(positionsIn(index, node.left, doc));
      if (left.size === 0) return [];
      return positionsIn(index, node.right, doc).filter((p) => left.has(p - node.distance));
    }
    case 'or':
    case 'and': {
      const a = positionsIn(index, node.left, doc);
      const b = positionsIn(index, node.right, doc);
      if (node.kind === 'and' && (a.length === 0 || b.length === 0)) return [];
      return [...new Set([...a, ...b])].sort((x, y) => x - y);
    }
    case 'not':
      // Negation inside a phrase (websearch syntax cannot express it) matches nowhere.
      return [];
  }
}

function evaluate(index: LanguageIndex, node: TsNode): DocSet {
  switch (node.kind) {
    case 'word':
      return { docs: wordDocs(index, node), negated: false };
    case 'not': {
      const inner = evaluate(index, node.arg);
      return { docs: inner.docs, negated: !inner.negated };
    }
    case 'and':
    case 'phrase': {
      const a = evaluate(index, node.left);
      const b = evaluate(index, node.right);
      let set: DocSet;
      if (!a.negated && !b.negated) set = { docs: intersect(a.docs, b.docs), negated: false };
      else if (a.negated && b.negated) set = { docs: union(a.docs, b.docs), negated: true };
      else if (a.negated) set = { docs: minus(b.docs, a.docs), negated: false };
      else set = { docs: minus(a.docs, b.docs), negated: false };
      if (node.kind === 'phrase' && !set.negated)
        set.docs = set.docs.filter((doc) => positionsIn(index, node, doc).length > 0);
      return set;
    }
    case 'or': {
      const a = evaluate(index, node.left);
      const b = evaluate(index, node.right);
      if (!a.negated && !b.negated) return { docs: union(a.docs, b.docs), negated: false };
      if (a.negated && b.negated) return { docs: intersect(a.docs, b.docs), negated: true };
      const [neg, pos] = a.negated ? [a, b] : [b, a];
      return { docs: minus(neg.docs, pos.docs), negated: true };
    }
  }
}

/** Documents 0..docCount-1 matching the query (`tsvector @@ tsquery`), ascending. */
export function matchDocs(index: LanguageIndex, query: TsNode | null, docCount: number): Int32Array {
  if (!query) return new Int32Array(0); // only stop words: PostgreSQL matches nothing
  const set = evaluate(index, query);
  if (!set.negated) return set.docs;
  const all = Int32Array.from({ length: docCount }, (_, i) => i);
  return minus(all, set.docs);
}

// ---------- ts_rank ----------

type Word = Extract<TsNode, { kind: 'word' }>;

/**
 * The query's words as ts_rank sees them: every operand (negated ones too) in the order PostgreSQL stores them
 * (an operator, then its right operand, then its left), sorted by lexeme and made unique, keeping the first of equals.
 */
function rankWords(query: TsNode): Word[] {
  const words: Word[] = [];
  const walk = (n: TsNode) => {
    if (n.kind === 'word') words.push(n);
    else if (n.kind === 'not') walk(n.arg);
    else {
      walk(n.right);
      walk(n.left);
    }
  };
  walk(query);
  // Array.prototype.sort is stable, as PostgreSQL's sort is for these small arrays.
  words.sort((a, b) => (a.lexeme < b.lexeme ? -1 : a.lexeme > b.lexeme ? 1 : 0));
  return words.filter((w, i) => i === 0 || words[i - 1]!.lexeme !== w.lexeme);
}

/** word_distance of PostgreSQL's ranking: nearby words weigh more. */
function wordDistance(w: number): number {
  if (w > 100) return 1e-30;
  return f(1.0 / (1.005 + 0.05 * Math.exp(w / 1.5 - 2)));
}

/** A prepared ranking of one query over one language index. */
export interface Ranker {
  /** ts_rank(vector of doc, query) with the default weights and normalization 0. */
  rank(doc: number): number;
}

export function ranker(index: LanguageIndex, query: TsNode | null): Ranker {
  if (!query) return { rank: () => 0 };
  const words = rankWords(query);
  const lexemes = words.map((w) => lexemesOf(index, w));
  const byAnd = (query.kind === 'and' || query.kind === 'phrase') && words.length >= 2;
  const rankOr = (doc: number) => {
    let res = f(0);
    for (const ls of lexemes)
      for (const l of ls) {
        const p = postingOf(index, l, doc);
        if (p >= 0) res = f(res + index.orShare[p]!);
      }
    return f(res / words.length);
  };
  const rankAnd = (doc: number) => {
    let res = -1;
    const last: number[] = new Array<number>(words.length).fill(-1); // the posting each word left in pos[i]
    for (let i = 0; i < words.length; i++) {
      for (const l of lexemes[i]!) {
        const p = postingOf(index, l, doc);
        if (p < 0) continue;
        last[i] = p;
        for (let k = 0; k < i; k++) {
          const c = last[k]!;
          if (c < 0) continue;
          for (let a = index.posStart[p]!; a < index.posStart[p + 1]!; a++) {
            for (let b = index.posStart[c]!; b < index.posStart[c + 1]!; b++) {
              const pa = index.pos[a]!;
              const pb = index.pos[b]!;
              const dist = Math.abs((pa & POS_MASK) - (pb & POS_MASK));
              if (dist === 0) continue; // the same spot is no pair (every vector here has positions)
              const curw = f(
                Math.sqrt(f(f(WEIGHTS[weightOf(pa)]! * WEIGHTS[weightOf(pb)]!) * wordDistance(dist))),
              );
              res = res < 0 ? curw : f(1.0 - (1.0 - res) * (1.0 - curw));
            }
          }
        }
      }
    }
    return res;
  };
  return {
    rank(doc) {
      if (index.empty[doc] === 1) return 0;
      const res = byAnd ? rankAnd(doc) : rankOr(doc);
      return res < 0 ? 1e-20 : res;
    },
  };
}

// ---------- public search's use ----------

/** Both languages' indexes of the published documents. */
export interface TextIndex {
  readonly da: LanguageIndex;
  readonly en: LanguageIndex;
}

/** The tsqueries of one search, parsed: the danish and the english configuration's. */
export interface TextQuery {
  readonly da: TsNode | null;
  readonly en: TsNode | null;
}

export interface TextMatches {
  /** Matching documents, ascending. */
  readonly docs: Int32Array;
  /** Rank of docs[i]. */
  readonly rank: Float64Array;
}

/**
 * Documents whose vector in either language matches that language's query, ranked in the visitor's language, with
 * a small bonus when the other language's document matches too (cross-language hits still rank by their words).
 */
export function matchText(
  text: TextIndex,
  query: TextQuery,
  language: 'da' | 'en',
  docCount: number,
): TextMatches {
  const other = language === 'da' ? 'en' : 'da';
  const own = matchDocs(text[language], query[language], docCount);
  const others = matchDocs(text[other], query[other], docCount);
  const docs = union(own, others);
  const rank = new Float64Array(docs.length);
  const r = ranker(text[language], query[language]);
  for (let i = 0, j = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    while (j < others.length && others[j]! < doc) j++;
    rank[i] = r.rank(doc) + (others[j] === doc ? 0.05 : 0);
  }
  return { docs, rank };
}
