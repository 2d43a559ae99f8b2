// Flushes what PGlite wrote to disk before a write is acknowledged. PGlite runs PostgreSQL with fsync off and its
// Node filesystem has no fsync (electric-sql/pglite#1107): a commit's WAL reaches the OS page cache, which
// survives a killed process but not a power cut. So after every unit of work the WAL segments that changed are
// fsynced (and pg_wal itself when a segment appears), and when a checkpoint has rewritten pg_control every file of
// the cluster is, so the data pages it now relies on are on disk too. docs/decisions/010-embedded-database-durability.md
import { readdirSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

const WAL_SEGMENT = /^[0-9A-F]{24}$/;

async function fsyncPath(target: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(target, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // recycled or removed meanwhile
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs started at once: the libuv thread pool runs them side by side (a folder of small files in a fraction). */
const FSYNC_AT_ONCE = 16;

/** fsyncs every file and folder under root, children before their folder. */
export async function fsyncTree(root: string): Promise<number> {
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(root, entry.name));
  for (let i = 0; i < files.length; i += FSYNC_AT_ONCE) {
    await Promise.all(files.slice(i, i + FSYNC_AT_ONCE).map(fsyncPath));
  }
  let count = files.length;
  for (const entry of entries) {
    if (entry.isDirectory()) count += await fsyncTree(path.join(root, entry.name));
  }
  await fsyncPath(root);
  return count + 1;
}

/**
 * A segment stamped this soon after its last write may still be written within the same timestamp tick, which would
 * leave its mtime unchanged (Linux before 6.13 stamps files from a clock that moves once per tick: up to 10 ms; some
 * filesystems keep coarser times). Such a stamp is not trusted: the segment is fsynced again at the next flush.
 * Well above any kernel tick, well below the gap between most writes.
 */
export const AMBIGUOUS_STAMP_NS = 100_000_000n;

interface Flushed {
  /** "mtime:size" when it was last fsynced. */
  readonly stamp: string;
  /** False when the stamp was taken within AMBIGUOUS_STAMP_NS of the write it shows. */
  readonly certain: boolean;
}

export class PgliteDurability {
  readonly #dataDir: string;
  readonly #walDir: string;
  readonly #controlFile: string;
  readonly #fsync: (target: string) => Promise<void>;
  /** WAL file name → what was last fsynced. */
  readonly #flushed = new Map<string, Flushed>();
  #control: Flushed | undefined;

  constructor(dataDir: string, options: { fsync?: (target: string) => Promise<void> } = {}) {
    this.#dataDir = dataDir;
    this.#walDir = path.join(dataDir, 'pg_wal');
    this.#controlFile = path.join(dataDir, 'global', 'pg_control');
    this.#fsync = options.fsync ?? fsyncPath;
  }

  // Synchronous on purpose: a stat costs microseconds, while an asynchronous one waits for a thread-pool turn and
  // the event loop (decision 010); PGlite itself reads and writes these files synchronously on this thread.
  #stamp(file: string): { stamp: string; mtimeNs: bigint } | undefined {
    const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
    return stat && { stamp: `${stat.mtimeNs}:${stat.size}`, mtimeNs: stat.mtimeNs };
  }

  /** Everything PGlite has written so far is on disk once this resolves (call it holding the connection). */
  async flush(): Promise<void> {
    const names = readdirSync(this.#walDir).filter((name) => WAL_SEGMENT.test(name));
    // Read before the stamps: a stamp's distance from its write is then at least what this measures.
    const now = BigInt(Date.now()) * 1_000_000n;
    // Stamp before the fsync: a write after the stamp is flushed too, and seen as a change next time (or, within a
    // timestamp tick of the last write, by the stamp not being trusted). A read changes no segment: it costs one
    // listing and a stat per segment, all synchronous, and no fsync; the changed segments are fsynced side by side.
    const stamps = names.map((name) => this.#stamp(path.join(this.#walDir, name)));
    let appeared = false;
    const changed: Array<[string, Flushed]> = [];
    for (const [i, name] of names.entries()) {
      const stamp = stamps[i];
      if (stamp === undefined) continue;
      const last = this.#flushed.get(name);
      if (last?.certain && last.stamp === stamp.stamp) continue;
      if (!last) appeared = true;
      changed.push([name, { stamp: stamp.stamp, certain: now - stamp.mtimeNs >= AMBIGUOUS_STAMP_NS }]);
    }
    await Promise.all(
      changed.map(async ([name, flushed]) => {
        await this.#fsync(path.join(this.#walDir, name));
        this.#flushed.set(name, flushed);
      }),
    );
    for (const name of this.#flushed.keys()) if (!names.includes(name)) this.#flushed.delete(name);
    if (appeared) await this.#fsync(this.#walDir);
    const control = this.#stamp(this.#controlFile);
    if (control && (!this.#control?.certain || control.stamp !== this.#control.stamp)) {
      // A checkpoint (or the first start): the cluster's files now hold what the WAL before it described.
      await fsyncTree(this.#dataDir);
      this.#control = { stamp: control.stamp, certain: now - control.mtimeNs >= AMBIGUOUS_STAMP_NS };
    }
  }

  /** After PGlite closed (shutdown checkpoint written): the whole folder. */
  async flushAll(): Promise<void> {
    await fsyncTree(this.#dataDir);
  }
}
