import { describe, expect, it } from 'vitest';
import { buildLanguageIndex, matchDocs, parseTsQuery, parseTsVector, ranker } from './text-index.js';

describe('tsvector and tsquery output', () => {
  it('reads lexemes with doubled quotes and backslashes, positions and weights', () => {
    const seen: [string, number[]][] = [];
    parseTsVector(`'it''s':1A,3 'back\\\\slash':2B 'plain':4C,5 'bare'`, (l, p) => seen.push([l, p]));
    expect(seen).toEqual([
      ["it's", [(3 << 14) | 1, 3]],
      ['back\\slash', [(2 << 14) | 2]],
      ['plain', [(1 << 14) | 4, 5]],
      ['bare', []],
    ]);
  });

  it('refuses what PostgreSQL never prints instead of guessing', () => {
    expect(() => parseTsQuery(`'a' &`)).toThrow();
    expect(() => parseTsQuery(`'a' 'b'`)).toThrow();
    expect(() => parseTsQuery(`'unterminated`)).toThrow();
    expect(() => parseTsQuery(`a & b`)).toThrow();
    expect(parseTsQuery('')).toBeNull();
  });
});

describe('matching and ranking', () => {
  // doc 0: harbour (title) winter (text); doc 1: winter harbour (text only); doc 2: nothing; doc 3: harbours
  const index = buildLanguageIndex([
    `'harbour':1A 'winter':3C`,
    `'harbour':2C 'winter':1C`,
    null,
    `'harbours':1A`,
  ]);

  it('matches and, or, not, phrases and prefixes', () => {
    const m = (q: string) => [...matchDocs(index, parseTsQuery(q), 4)];
    expect(m(`'harbour' & 'winter'`)).toEqual([0, 1]);
    expect(m(`'harbour' | 'harbours'`)).toEqual([0, 1, 3]);
    expect(m(`'harbour' & !'winter'`)).toEqual([]);
    expect(m(`!'winter'`)).toEqual([2, 3]);
    expect(m(`'winter' <-> 'harbour'`)).toEqual([1]);
    expect(m(`'harbour' <2> 'winter'`)).toEqual([0]);
    expect(m(`'harb':*`)).toEqual([0, 1, 3]);
    expect(m(`'harbour':A`)).toEqual([0]);
    expect([...matchDocs(index, null, 4)]).toEqual([]);
  });

  it('ranks a title above a text and gives nothing to a document without words', () => {
    const r = ranker(index, parseTsQuery(`'harbour'`));
    expect(r.rank(0)).toBeGreaterThan(r.rank(1));
    expect(r.rank(2)).toBe(0);
    expect(r.rank(3)).toBe(0);
  });
});
