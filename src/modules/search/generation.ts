// The catalogue generation (search_generation, bumped at commit by triggers whenever anything public search reads
// changes) and a small cache that trusts an entry only while the generation it was computed at is current.
//
// Reading the generation is one tiny query; under load, requests share reads: a request waits for a read that
// started after it arrived (never an older one), so it always sees every change committed before it came in.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { readGeneration } from './repository.js';

/** Entries older than this are recomputed even when the generation did not change (a backstop for changes that
 * bypassed the triggers, e.g. a bulk load with triggers disabled that forgot to call search_changed()). */
export const MAX_AGE_MS = 60_000;

export class GenerationClock {
  readonly #read: () => Promise<number>;
  #running: Promise<number> | undefined;
  #next: Promise<number> | undefined;

  constructor(read: () => Promise<number>) {
    this.#read = read;
  }

  /** The generation as of some moment after this call. */
  now(): Promise<number> {
    if (!this.#running) return this.#start();
    // The running read may have started before this call: wait for the one after it.
    this.#next ??= this.#running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.#next = undefined;
        return this.#start();
      });
    return this.#next;
  }

  #start(): Promise<number> {
    const read = this.#read();
    this.#running = read;
    const done = () => {
      if (this.#running === read) this.#running = undefined;
    };
    read.then(done, done);
    return read;
  }
}

const clocks = new WeakMap<object, GenerationClock>();

/** The clock of one database, shared by every search service on it. */
export function clockFor(db: Kysely<Database>): GenerationClock {
  let clock = clocks.get(db);
  if (!clock) {
    clock = new GenerationClock(() => readGeneration(db));
    clocks.set(db, clock);
  }
  return clock;
}

interface Entry<T> {
  generation: number;
  at: number;
  value: Promise<T>;
}

/**
 * Values computed at a generation, reused only at that same generation (and for at most MAX_AGE_MS). Concurrent
 * requests for a missing key share one computation; failures are never kept. Oldest entries go first when full.
 */
export class GenerationCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** `keep` false for a computed value: it is given to its callers but not kept (it was computed from older data). */
  get(key: string, generation: number, compute: () => Promise<T>, keep?: (value: T) => boolean): Promise<T> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.generation === generation && now - hit.at < MAX_AGE_MS) return hit.value;
    if (hit) this.#entries.delete(key);
    else if (this.#entries.size >= this.#max) {
      // Map keeps insertion order: the first key is the oldest.
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    const value = compute();
    const entry = { generation, at: now, value };
    this.#entries.set(key, entry);
    const forget = () => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    };
    value.then((v) => {
      if (keep && !keep(v)) forget();
    }, forget);
    return value;
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
