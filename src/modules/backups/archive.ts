// Writing and reading backup archives as streams with tar-stream: entries are hashed (SHA-256) on the way through,
// the manifest comes last, and reading checks every entry against it. Archives written by the hand-written tar of
// earlier versions (ustar, pax 'path' records for long names) read the same way (tests/fixtures).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract, pack as tarPack, type Pack } from 'tar-stream';
import { FORMAT_VERSION, MANIFEST_NAME, type Manifest, type ManifestEntry } from './format.js';

/** An archive that must not be trusted: bad checksum, truncated, not a backup, or a newer format. */
export class BackupVerificationError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Backup archive refused: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ' …' : ''}`);
    this.name = 'BackupVerificationError';
    this.problems = problems;
  }
}

export interface ArchiveSource {
  readonly name: string;
  readonly size: number;
  /** Opened only when the entry is written; undefined leaves the entry out (the file is gone). */
  open(): Promise<AsyncIterable<Buffer> | undefined>;
}

type Sink = ReturnType<Pack['entry']>;

/** Writes into a tar entry, waiting whenever the archive is not read fast enough. */
function entryWriter(entry: Sink) {
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const fail = (error: Error) => {
    failed ??= error;
    wake?.();
  };
  entry.on('error', fail);
  entry.on('close', () => fail(new Error('the archive was closed while an entry was written')));
  entry.on('drain', () => wake?.());
  return async (chunk: Buffer): Promise<void> => {
    if (failed) throw failed;
    if (entry.write(chunk)) return;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
    if (failed) throw failed;
  };
}

/** Adds one entry to the pack; resolves once tar-stream has taken all of it. */
function addEntry(
  pack: Pack,
  header: { name: string; size: number; mtime: Date },
  body?: Buffer,
): { entry: Sink; written: Promise<void> } {
  let entry!: Sink;
  const written = new Promise<void>((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    const full = { ...header, mode: 0o644, type: 'file' as const };
    entry = body ? pack.entry(full, body, done) : pack.entry(full, done);
  });
  // Awaited by the caller, unless an earlier failure ended the archive (then the failure is what counts).
  written.catch(() => undefined);
  return { entry, written };
}

async function feedPack(
  pack: Pack,
  sources: AsyncIterable<ArchiveSource>,
  makeManifest: (entries: readonly ManifestEntry[]) => Manifest,
  onManifest: (manifest: Manifest, manifestEntry: ManifestEntry) => void,
): Promise<void> {
  const entries: ManifestEntry[] = [];
  const mtime = new Date();
  for await (const source of sources) {
    const body = await source.open();
    if (!body) continue;
    try {
      const { entry, written } = addEntry(pack, { name: source.name, size: source.size, mtime });
      const write = entryWriter(entry);
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of body) {
        bytes += chunk.length;
        if (bytes > source.size) throw new Error(`${source.name} grew while it was being backed up`);
        hash.update(chunk);
        await write(chunk);
      }
      if (bytes !== source.size)
        throw new Error(
          `${source.name} has ${bytes} bytes, expected ${source.size} (changed during the backup)`,
        );
      entry.end(undefined);
      await written;
      entries.push({ name: source.name, bytes, sha256: hash.digest('hex') });
    } finally {
      // The writer may stop before reading a file it opened (storage failed): close it all the same.
      const stream = body as Partial<Readable>;
      if (typeof stream.destroy === 'function' && stream.destroyed === false) stream.destroy();
    }
  }
  const manifest = makeManifest(entries);
  const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  await addEntry(pack, { name: MANIFEST_NAME, size: text.length, mtime }, text).written;
  pack.finalize();
  onManifest(manifest, {
    name: MANIFEST_NAME,
    bytes: text.length,
    sha256: createHash('sha256').update(text).digest('hex'),
  });
}

/** Tar stream (uncompressed) of the sources, then a manifest built from what was written. */
export async function* tarWithManifest(
  sources: AsyncIterable<ArchiveSource>,
  makeManifest: (entries: readonly ManifestEntry[]) => Manifest,
  onManifest: (manifest: Manifest, manifestEntry: ManifestEntry) => void,
): AsyncGenerator<Buffer> {
  const pack = tarPack();
  let failure: unknown;
  const feeding = feedPack(pack, sources, makeManifest, onManifest).catch((error: unknown) => {
    failure = error;
    pack.destroy(error as Error);
  });
  try {
    for await (const chunk of pack as AsyncIterable<Buffer>) yield chunk;
  } finally {
    // Whoever reads stopped early (storage failed): stop writing too, and close what is open.
    if (!pack.destroyed) pack.destroy();
    await feeding;
  }
  if (failure) throw failure;
}

/** Passes chunks through while counting and hashing them. */
export function tap(onDone: (sha256: string, bytes: number) => void) {
  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of source) {
      hash.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
    onDone(hash.digest('hex'), bytes);
  };
}

export interface ScanResult {
  readonly manifest: Manifest;
  /** What was found, in archive order (manifest excluded). */
  readonly entries: readonly ManifestEntry[];
  readonly manifestEntry: ManifestEntry;
  readonly archiveSha256: string;
  readonly archiveBytes: number;
}

/** What a visitor is told about an entry. */
export interface ArchiveEntry {
  readonly name: string;
  readonly size: number;
}

/** Called for entries other than the manifest; read `chunks` (or not) before returning. */
export type EntryVisitor = (entry: ArchiveEntry, chunks: AsyncIterable<Buffer>) => Promise<void>;

/** A failure of the archive's bytes themselves (gzip or tar), whoever was reading them when it surfaced. */
class ArchiveStreamError extends Error {
  readonly reason: unknown;
  constructor(reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.reason = reason;
  }
}

async function* marked<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (error) {
    throw new ArchiveStreamError(error);
  }
}

async function readAll(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return Buffer.concat(out);
}

function checkManifestShape(value: unknown): Manifest {
  const m = value as Partial<Manifest> | null;
  if (!m || typeof m !== 'object' || typeof m.formatVersion !== 'number' || !Array.isArray(m.entries))
    throw new BackupVerificationError(['manifest.json is not a backup manifest']);
  if (m.formatVersion > FORMAT_VERSION) {
    throw new BackupVerificationError([
      `archive format version ${m.formatVersion} is newer than this app understands (${FORMAT_VERSION}); ` +
        `restore it with app version ${String(m.appVersion)} or newer`,
    ]);
  }
  if (m.formatVersion < 1) throw new BackupVerificationError([`unknown format version ${m.formatVersion}`]);
  return m as Manifest;
}

/**
 * Reads a gzip-compressed archive from start to end, hashing every entry, and checks it against its manifest:
 * same entries in the same order, same sizes, same SHA-256, manifest last, supported format version.
 * Throws BackupVerificationError listing every problem.
 */
export async function scanArchive(
  compressed: AsyncIterable<Buffer> | Readable,
  visit?: EntryVisitor,
): Promise<ScanResult> {
  let archiveSha256 = '';
  let archiveBytes = 0;
  const source = Readable.from(
    tap((sha, bytes) => {
      archiveSha256 = sha;
      archiveBytes = bytes;
    })(compressed as AsyncIterable<Buffer>),
  );
  const gunzip = createGunzip();
  const extract = tarExtract();
  // A failure to read the archive at all (storage, network) is reported as itself, not as a damaged archive.
  let sourceFailure: unknown;
  source.on('error', (error) => {
    sourceFailure = error;
    gunzip.destroy(error);
  });
  gunzip.on('error', (error) => extract.destroy(error));
  source.pipe(gunzip).pipe(extract);

  const found: ManifestEntry[] = [];
  let manifest: Manifest | undefined;
  let manifestEntry: ManifestEntry | undefined;
  const problems: string[] = [];
  try {
    for await (const entry of marked(extract)) {
      const { name, size, type } = entry.header;
      const hash = createHash('sha256');
      let bytes = 0;
      const hashed = (async function* () {
        for await (const chunk of marked(entry as AsyncIterable<Buffer>)) {
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      })();
      if (type !== 'file' && type !== 'contiguous-file') {
        for await (const chunk of hashed) void chunk;
        continue;
      }
      if (name === MANIFEST_NAME) {
        const text = await readAll(hashed);
        if (manifest) problems.push('more than one manifest.json');
        try {
          manifest = checkManifestShape(JSON.parse(text.toString('utf8')));
        } catch (error) {
          if (error instanceof BackupVerificationError) throw error;
          throw new BackupVerificationError(['manifest.json is not valid JSON (corrupted)']);
        }
        manifestEntry = { name: MANIFEST_NAME, bytes, sha256: hash.digest('hex') };
        continue;
      }
      if (manifest) problems.push(`entry ${name} follows the manifest`);
      if (visit) await visit({ name, size: size ?? 0 }, hashed);
      for await (const chunk of hashed) void chunk;
      found.push({ name, bytes, sha256: hash.digest('hex') });
    }
  } catch (error) {
    source.destroy();
    gunzip.destroy();
    extract.destroy();
    if (error instanceof BackupVerificationError) throw error;
    if (!(error instanceof ArchiveStreamError)) throw error;
    if (sourceFailure !== undefined) throw sourceFailure;
    const reason = error.reason;
    const code = (reason as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_')) {
      throw new BackupVerificationError([`the compressed data is damaged (${error.message})`]);
    }
    throw new BackupVerificationError([`not a valid backup archive: ${error.message}`]);
  }
  if (!manifest || !manifestEntry) throw new BackupVerificationError(['manifest.json is missing']);

  const expected = new Map(manifest.entries.map((e) => [e.name, e]));
  for (const entry of found) {
    const want = expected.get(entry.name);
    if (!want) problems.push(`${entry.name} is not listed in the manifest`);
    else {
      if (want.bytes !== entry.bytes)
        problems.push(`${entry.name}: ${entry.bytes} bytes, manifest says ${want.bytes}`);
      if (want.sha256 !== entry.sha256) problems.push(`${entry.name}: SHA-256 mismatch (corrupted)`);
      expected.delete(entry.name);
    }
  }
  for (const missing of expected.keys()) problems.push(`${missing} is listed in the manifest but missing`);
  for (const [table, count] of Object.entries(manifest.counts)) {
    if (!Number.isInteger(count) || count < 0) problems.push(`manifest count of ${table} is not a count`);
  }
  if (problems.length > 0) throw new BackupVerificationError(problems);
  return { manifest, entries: found, manifestEntry, archiveSha256, archiveBytes };
}
