// The catalogue generation (search_generation, bumped at commit by triggers whenever anything public search reads
// changes) and a small cache that trusts an entry only while the generation it was computed at is current.
//
// Reading the generation is one tiny query; under load, requests share reads: a request waits for a read that
// started after it arrived (never an older one), so it always sees every change committed before it came in.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { readGeneration } from './generation-repository.js';

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

/** Under load, generation reads start at most this often (each still starts after the requests it answers). */
export const READ_SPACING_MS = 2;

/**
 * The catalogue generation for page requests: every request gets a value read after it arrived (so it sees every
 * change committed before it came in), but the requests that arrive while a read runs or within READ_SPACING_MS of
 * the last one share the next read. Under a flood this bounds the reads (a query each, on the event loop with
 * PGlite) to a few hundred a second for a couple of milliseconds of latency; alone, a request reads at once.
 */
export class BatchedClock {
  readonly #clock: Pick<GenerationClock, 'now'>;
  #waiting: Array<{ resolve: (g: number) => void; reject: (e: unknown) => void }> = [];
  #reading = false;
  #timer: NodeJS.Timeout | undefined;
  #lastStart = 0;

  constructor(clock: Pick<GenerationClock, 'now'>) {
    this.#clock = clock;
  }

  now(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#reading || this.#timer) return;
    const wait = this.#lastStart + READ_SPACING_MS - performance.now();
    if (wait <= 0) void this.#read();
    else this.#timer = setTimeout(() => void this.#read(), wait);
  }

  async #read(): Promise<void> {
    this.#timer = undefined;
    const batch = this.#waiting;
    this.#waiting = [];
    this.#reading = true;
    this.#lastStart = performance.now();
    try {
      const generation = await this.#clock.now();
      for (const w of batch) w.resolve(generation);
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.#reading = false;
      if (this.#waiting.length > 0) this.#schedule();
    }
  }
}

const batchedClocks = new WeakMap<object, BatchedClock>();

/** The batched clock of one database, shared by everything that answers visitors' requests from a cache. */
export function batchedClockFor(db: Kysely<Database>): BatchedClock {
  let clock = batchedClocks.get(db);
  if (!clock) {
    clock = new BatchedClock(clockFor(db));
    batchedClocks.set(db, clock);
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
