import { describe, expect, it } from 'vitest';
import { CardsAt } from './cards-cache.js';

/** A loader over a table that records what it was asked for. */
function table(rows: Record<string, string>) {
  const asked: string[][] = [];
  const load = async (ids: readonly string[]) => {
    asked.push([...ids]);
    return new Map(ids.filter((id) => id in rows).map((id) => [id, rows[id]!]));
  };
  return { asked, load };
}

describe('CardsAt', () => {
  it('loads only the ids it does not keep for the generation, and remembers the ones visitors may not see', async () => {
    const cache = new CardsAt<string>();
    const t = table({ a: 'A', b: 'B', c: 'C' });
    expect([...(await cache.get(['a', 'b', 'x'], 5, t.load))]).toEqual([
      ['a', 'A'],
      ['b', 'B'],
    ]);
    expect([...(await cache.get(['b', 'c', 'x', 'a'], 5, t.load))]).toEqual([
      ['b', 'B'],
      ['c', 'C'],
      ['a', 'A'],
    ]);
    expect(t.asked).toEqual([['a', 'b', 'x'], ['c']]);
  });

  it('starts again at a newer generation and keeps nothing for an older one or none', async () => {
    const cache = new CardsAt<string>();
    const rows: Record<string, string> = { a: 'A1' };
    const t = table(rows);
    await cache.get(['a'], 5, t.load);
    rows.a = 'A2';
    expect((await cache.get(['a'], 5, t.load)).get('a')).toBe('A1');
    expect((await cache.get(['a'], 6, t.load)).get('a')).toBe('A2');
    rows.a = 'A3';
    // A request that read the generation before the change, and one without a generation: loaded, not kept.
    expect((await cache.get(['a'], 5, t.load)).get('a')).toBe('A3');
    expect((await cache.get(['a'], undefined, t.load)).get('a')).toBe('A3');
    expect((await cache.get(['a'], 6, t.load)).get('a')).toBe('A2');
    expect(t.asked).toEqual([['a'], ['a'], ['a'], ['a']]);
  });

  it('does not keep rows loaded for a generation that moved on while they loaded', async () => {
    const cache = new CardsAt<string>();
    let release!: () => void;
    const slow = async (ids: readonly string[]) => {
      await new Promise<void>((resolve) => (release = resolve));
      return new Map(ids.map((id) => [id, `old ${id}`]));
    };
    const pending = cache.get(['a'], 1, slow);
    const t = table({ a: 'new a' });
    expect((await cache.get(['a'], 2, t.load)).get('a')).toBe('new a');
    release();
    expect((await pending).get('a')).toBe('old a');
    expect((await cache.get(['a'], 2, t.load)).get('a')).toBe('new a');
    expect(t.asked).toEqual([['a']]);
  });
});
