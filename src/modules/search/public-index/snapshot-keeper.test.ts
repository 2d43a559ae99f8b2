import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SnapshotKeeper, STALE_AFTER_MS } from './snapshot.js';

interface Fake {
  generation: number;
  loadedAt: number;
}

/** A keeper whose loads finish when the test says, each reading the "database" generation at its start. */
function keeper() {
  let dbGeneration = 1;
  const finishers: (() => void)[] = [];
  let loads = 0;
  const k = new SnapshotKeeper<Fake>(() => {
    loads += 1;
    const generation = dbGeneration;
    return new Promise<Fake>((resolve) =>
      finishers.push(() => resolve({ generation, loadedAt: Date.now() })),
    );
  });
  return {
    k,
    set: (g: number) => (dbGeneration = g),
    finish: async () => {
      finishers.shift()!();
      await vi.advanceTimersByTimeAsync(0);
    },
    loads: () => loads,
  };
}

describe('SnapshotKeeper', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for the first snapshot, however long it takes', async () => {
    const t = keeper();
    let got: Fake | undefined;
    void t.k.at(1).then((s) => (got = s));
    await vi.advanceTimersByTimeAsync(STALE_AFTER_MS * 5);
    expect(got).toBeUndefined();
    await t.finish();
    expect(got?.generation).toBe(1);
  });

  it('answers a newer generation from the new snapshot when it loads quickly', async () => {
    const t = keeper();
    const first = t.k.at(1);
    await t.finish();
    await first;
    t.set(2);
    const second = t.k.at(2);
    await vi.advanceTimersByTimeAsync(STALE_AFTER_MS / 2);
    await t.finish();
    expect((await second).generation).toBe(2);
  });

  it('answers from the held snapshot when a reload takes longer than STALE_AFTER_MS, then moves on', async () => {
    const t = keeper();
    const first = t.k.at(1);
    await t.finish();
    await first;
    t.set(2);
    const slow = t.k.at(2);
    await vi.advanceTimersByTimeAsync(STALE_AFTER_MS);
    expect((await slow).generation).toBe(1);
    await t.finish();
    expect((await t.k.at(2)).generation).toBe(2);
  });

  it('makes nobody wait again once the running reload is past STALE_AFTER_MS', async () => {
    const t = keeper();
    const first = t.k.at(1);
    await t.finish();
    await first;
    t.set(2);
    void t.k.at(2);
    await vi.advanceTimersByTimeAsync(STALE_AFTER_MS + 10);
    let got: Fake | undefined;
    void t.k.at(2).then((s) => (got = s));
    await vi.advanceTimersByTimeAsync(0);
    expect(got?.generation).toBe(1);
    await t.finish();
    expect((await t.k.at(2)).generation).toBe(2);
  });

  it('runs one load at a time: changes during a load queue one more, shared by everyone who asked', async () => {
    const t = keeper();
    const first = t.k.at(1);
    await t.finish();
    await first;
    t.set(2);
    void t.k.at(2);
    t.set(3);
    const a = t.k.at(3);
    t.set(4);
    const b = t.k.at(4);
    expect(t.loads()).toBe(2); // the initial load and the running one; the next waits
    await t.finish(); // generation 2 loaded, the queued load starts and reads 4
    expect(t.loads()).toBe(3);
    await t.finish();
    expect((await a).generation).toBe(4);
    expect((await b).generation).toBe(4);
    expect(t.loads()).toBe(3);
  });

  it('survives a reload that fails while every search answers from the held snapshot', async () => {
    const settle: { resolve: (f: Fake) => void; reject: (e: Error) => void }[] = [];
    const k = new SnapshotKeeper<Fake>(
      () => new Promise<Fake>((resolve, reject) => settle.push({ resolve, reject })),
    );
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const first = k.at(1);
      settle[0]!.resolve({ generation: 1, loadedAt: Date.now() });
      await first;
      void k.at(2); // starts a reload
      await vi.advanceTimersByTimeAsync(STALE_AFTER_MS + 10);
      // A newer change queues one more load; past STALE_AFTER_MS nobody waits for it: the held snapshot, at once.
      expect((await k.at(3)).generation).toBe(1);
      settle[1]!.resolve({ generation: 2, loadedAt: Date.now() });
      await vi.advanceTimersByTimeAsync(0);
      expect(settle).toHaveLength(3); // the queued load started
      settle[2]!.reject(new Error('connection lost'));
      // Node reports unhandled rejections after the microtasks of a turn: let a real turn pass.
      vi.useRealTimers();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      // The next search asks again.
      const again = k.at(3);
      expect(settle).toHaveLength(4);
      settle[3]!.resolve({ generation: 3, loadedAt: Date.now() });
      expect((await again).generation).toBe(3);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
