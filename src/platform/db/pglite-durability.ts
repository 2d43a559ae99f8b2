// Flushes what PGlite wrote to disk before a write is acknowledged. PGlite runs PostgreSQL with fsync off and its
// Node filesystem has no fsync (electric-sql/pglite#1107): a commit's WAL reaches the OS page cache, which
// survives a killed process but not a power cut. So after every unit of work the WAL segments that changed are
// fsynced (and pg_wal itself when a segment appears), and when a checkpoint has rewritten pg_control every file of
// the cluster is, so the data pages it now relies on are on disk too. docs/decisions/010-embedded-database-durability.md
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

export class PgliteDurability {
  readonly #dataDir: string;
  readonly #walDir: string;
  readonly #controlFile: string;
  /** WAL file name → "mtime:size" when it was last flushed. */
  readonly #flushed = new Map<string, string>();
  #control: string | undefined;

  constructor(dataDir: string) {
    this.#dataDir = dataDir;
    this.#walDir = path.join(dataDir, 'pg_wal');
    this.#controlFile = path.join(dataDir, 'global', 'pg_control');
  }

  async #stamp(file: string): Promise<string | undefined> {
    try {
      const stat = await fs.stat(file, { bigint: true });
      return `${stat.mtimeNs}:${stat.size}`;
    } catch {
      return undefined;
    }
  }

  /** Everything PGlite has written so far is on disk once this resolves (call it holding the connection). */
  async flush(): Promise<void> {
    const names = (await fs.readdir(this.#walDir)).filter((name) => WAL_SEGMENT.test(name));
    // Stamp before the fsync: a write after the stamp is flushed too, and seen as a change next time. The segments
    // are stamped (and the changed ones fsynced) side by side: a read changes none, and waits for one round of
    // stats instead of one per segment while it holds the connection.
    const stamps = await Promise.all(names.map((name) => this.#stamp(path.join(this.#walDir, name))));
    let appeared = false;
    const changed: Array<[string, string]> = [];
    for (const [i, name] of names.entries()) {
      const stamp = stamps[i];
      if (stamp === undefined || this.#flushed.get(name) === stamp) continue;
      if (!this.#flushed.has(name)) appeared = true;
      changed.push([name, stamp]);
    }
    await Promise.all(
      changed.map(async ([name, stamp]) => {
        await fsyncPath(path.join(this.#walDir, name));
        this.#flushed.set(name, stamp);
      }),
    );
    for (const name of this.#flushed.keys()) if (!names.includes(name)) this.#flushed.delete(name);
    if (appeared) await fsyncPath(this.#walDir);
    const control = await this.#stamp(this.#controlFile);
    if (control !== this.#control) {
      // A checkpoint (or the first start): the cluster's files now hold what the WAL before it described.
      await fsyncTree(this.#dataDir);
      this.#control = control;
    }
  }

  /** After PGlite closed (shutdown checkpoint written): the whole folder. */
  async flushAll(): Promise<void> {
    await fsyncTree(this.#dataDir);
  }
}
