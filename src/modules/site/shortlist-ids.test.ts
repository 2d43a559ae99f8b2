import { describe, expect, it } from 'vitest';
import { SHORTLIST_MAX, cleanShortlist, parseShortlist, shortlistPath } from './shortlist-ids.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('parseShortlist', () => {
  it('keeps well-formed ids once each, lower case, in the given order', () => {
    const upper = id(2).toUpperCase();
    expect(parseShortlist(`${id(3)}, ${upper},${id(1)},${id(3)}`)).toEqual([id(3), id(2), id(1)]);
  });

  it('drops what is not an id: empty parts, braces, prefixes, SQL', () => {
    expect(parseShortlist(`,${id(1)},{${id(2)}},urn:uuid:${id(3)},1' or '1'='1,`)).toEqual([id(1)]);
  });

  it('answers an empty list for anything but a string', () => {
    expect(parseShortlist(undefined)).toEqual([]);
    expect(parseShortlist([id(1)])).toEqual([]);
    expect(parseShortlist({ prints: id(1) })).toEqual([]);
  });

  it(`stops at ${SHORTLIST_MAX} prints`, () => {
    const many = Array.from({ length: SHORTLIST_MAX + 10 }, (_, i) => id(i + 1));
    expect(parseShortlist(many.join(','))).toEqual(many.slice(0, SHORTLIST_MAX));
  });
});

describe('cleanShortlist', () => {
  it('reads what localStorage held, ignoring non-strings', () => {
    expect(cleanShortlist([id(1), 5, null, id(1), id(2)])).toEqual([id(1), id(2)]);
  });
});

describe('shortlistPath', () => {
  it('is the list page, with the ids when there are some', () => {
    expect(shortlistPath('da', [])).toBe('/da/list');
    expect(shortlistPath('en', [id(1), id(2)])).toBe(`/en/list?prints=${id(1)},${id(2)}`);
  });
});
