// Writing and reading backup archives as streams: entries are hashed (SHA-256) on the way through, the manifest
// comes last, and reading checks every entry against it.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FORMAT_VERSION, MANIFEST_NAME, type Manifest, type ManifestEntry } from './format.js';
import { collect, readTar, TarFormatError, tarEnd, tarHeader, tarPadding, type TarEntry } from './tar.js';

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

/** Tar stream (uncompressed) of the sources, then a manifest built from what was written. */
export async function* tarWithManifest(
  sources: AsyncIterable<ArchiveSource>,
  makeManifest: (entries: readonly ManifestEntry[]) => Manifest,
  onManifest: (manifest: Manifest, manifestEntry: ManifestEntry) => void,
): AsyncGenerator<Buffer> {
  const entries: ManifestEntry[] = [];
  const mtime = new Date();
  for await (const source of sources) {
    const body = await source.open();
    if (!body) continue;
    try {
      yield tarHeader({ name: source.name, size: source.size, mtime });
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of body) {
        bytes += chunk.length;
        if (bytes > source.size) throw new Error(`${source.name} grew while it was being backed up`);
        hash.update(chunk);
        yield chunk;
      }
      if (bytes !== source.size)
        throw new Error(
          `${source.name} has ${bytes} bytes, expected ${source.size} (changed during the backup)`,
        );
      yield tarPadding(bytes);
      entries.push({ name: source.name, bytes, sha256: hash.digest('hex') });
    } finally {
      // The writer may stop before reading a file it opened (storage failed): close it all the same.
      const stream = body as Partial<Readable>;
      if (typeof stream.destroy === 'function' && stream.destroyed === false) stream.destroy();
    }
  }
  const manifest = makeManifest(entries);
  const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  yield tarHeader({ name: MANIFEST_NAME, size: text.length, mtime });
  yield text;
  yield tarPadding(text.length);
  yield tarEnd();
  onManifest(manifest, {
    name: MANIFEST_NAME,
    bytes: text.length,
    sha256: createHash('sha256').update(text).digest('hex'),
  });
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

/** Called for entries other than the manifest; read `chunks` (or not) before returning. */
export type EntryVisitor = (entry: TarEntry, chunks: AsyncIterable<Buffer>) => Promise<void>;

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
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);

  const found: ManifestEntry[] = [];
  let manifest: Manifest | undefined;
  let manifestEntry: ManifestEntry | undefined;
  const problems: string[] = [];
  try {
    for await (const entry of readTar(gunzip)) {
      const hash = createHash('sha256');
      let bytes = 0;
      const hashed = (async function* () {
        for await (const chunk of entry.body) {
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      })();
      if (entry.name === MANIFEST_NAME) {
        const text = Buffer.concat(await collect(hashed));
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
      if (manifest) problems.push(`entry ${entry.name} follows the manifest`);
      if (visit) await visit(entry, hashed);
      for await (const chunk of hashed) void chunk;
      found.push({ name: entry.name, bytes, sha256: hash.digest('hex') });
    }
  } catch (error) {
    source.destroy();
    gunzip.destroy();
    if (error instanceof BackupVerificationError) throw error;
    if (error instanceof TarFormatError) throw new BackupVerificationError([error.message]);
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || /incorrect header|invalid|unexpected end/i.test(String(error))) {
      throw new BackupVerificationError([
        `the compressed data is damaged (${error instanceof Error ? error.message : String(error)})`,
      ]);
    }
    throw error;
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
