// Local folder driver (embedded mode): one folder per area, atomic writes (temp file + rename in the
// same folder), streaming in and out. Direct uploads go to the app's own PUT /uploads/direct/<token>
// route (local-routes.ts) with an HMAC-signed token carrying area, key, stored type, size limit and expiry.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import {
  access,
  constants,
  mkdir,
  open,
  readFile,
  readdir,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../../config.js';
import { AppError, BadRequestError, ConflictError, NotFoundError } from '../errors.js';
import { DEFAULT_CONTENT_TYPE, contentTypeFromKey } from './content-types.js';
import { assertValidKey, assertValidPrefix, isValidKey } from './keys.js';
import type {
  LocalFolders,
  ObjectInfo,
  PutOptions,
  Storage,
  StorageArea,
  UploadTarget,
  UploadTargetRequest,
} from './types.js';
import { assertUploadTargetRequest, assertValidArea, assertValidRange, STORAGE_AREAS } from './validation.js';

/** What an upload token vouches for; exp is milliseconds since the epoch. */
export interface UploadTokenPayload {
  readonly area: StorageArea;
  readonly key: string;
  /** The type the file is stored with (not a condition: the uploader may send any Content-Type). */
  readonly contentType: string;
  readonly maxBytes: number;
  readonly exp: number;
}

export interface LocalStorageOptions {
  /** Clock in milliseconds (tests inject one to expire upload tokens). */
  readonly now?: () => number;
}

/** Suffix of the metadata file kept next to an object whose content type differs from its extension's. */
const META_SUFFIX = '~meta.json';
/** Temp files carry '~', which no key may contain, so listings never show them. */
const TEMP_PREFIX = '.~tmp-';

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export class LocalStorage implements Storage, LocalFolders {
  readonly driver = 'local' as const;
  readonly #config: Config;
  readonly #now: () => number;
  #signingKey: Promise<Buffer> | undefined;

  constructor(config: Config, options: LocalStorageOptions = {}) {
    this.#config = config;
    this.#now = options.now ?? Date.now;
  }

  /** Folder holding an area's files. */
  rootOf(area: StorageArea): string {
    assertValidArea(area);
    if (area === 'backups') return this.#config.backups.localDir;
    return path.join(this.#config.storage.localDir, area);
  }

  #fileOf(area: StorageArea, key: string): string {
    assertValidKey(key);
    const root = this.rootOf(area);
    const file = path.join(root, ...key.split('/'));
    // Defence in depth: validated keys cannot escape, but never trust a single check with the file system.
    if (!file.startsWith(root + path.sep))
      throw new BadRequestError('Invalid storage key: outside the storage folder');
    return file;
  }

  async put(
    area: StorageArea,
    key: string,
    body: Readable | Buffer,
    options: PutOptions = {},
  ): Promise<void> {
    const file = this.#fileOf(area, key);
    const dir = path.dirname(file);
    const tmp = path.join(dir, `${TEMP_PREFIX}${randomUUID()}`);
    let written = 0;
    const count = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of source) {
        written += chunk.length;
        yield chunk;
      }
    };
    try {
      await this.#mkdirFor(dir, key);
      await pipeline(
        Buffer.isBuffer(body) ? Readable.from([body]) : body,
        count,
        createWriteStream(tmp, { flags: 'wx', flush: true }),
      );
      if (options.contentLength !== undefined && written !== options.contentLength) {
        throw new BadRequestError(`Body has ${written} bytes, expected ${options.contentLength}`);
      }
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true });
      const code = errnoCode(error);
      if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'EEXIST') {
        throw new ConflictError(`Storage key "${key}" collides with an existing folder or file`);
      }
      throw error;
    }
    await this.#writeMeta(file, key, options.contentType);
  }

  async #mkdirFor(dir: string, key: string): Promise<void> {
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'EEXIST' || code === 'ENOTDIR') {
        throw new ConflictError(`Storage key "${key}" needs a folder where a file exists`);
      }
      throw error;
    }
  }

  /** Keeps the content type in a small side file only when the extension does not already say it. */
  async #writeMeta(file: string, key: string, contentType: string | undefined): Promise<void> {
    const meta = file + META_SUFFIX;
    const implied = contentTypeFromKey(key) ?? DEFAULT_CONTENT_TYPE;
    if (contentType === undefined || contentType === implied) {
      await rm(meta, { force: true });
      return;
    }
    const tmp = path.join(path.dirname(file), `${TEMP_PREFIX}${randomUUID()}`);
    await writeFile(tmp, JSON.stringify({ contentType }), { flag: 'wx' });
    await rename(tmp, meta);
  }

  async #readContentType(file: string, key: string): Promise<string> {
    try {
      const meta = JSON.parse(await readFile(file + META_SUFFIX, 'utf8')) as { contentType?: unknown };
      if (typeof meta.contentType === 'string') return meta.contentType;
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
    return contentTypeFromKey(key) ?? DEFAULT_CONTENT_TYPE;
  }

  async getStream(
    area: StorageArea,
    key: string,
    range?: { start: number; end?: number },
  ): Promise<Readable> {
    const file = this.#fileOf(area, key);
    if (range) assertValidRange(range);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR')
        throw new NotFoundError(`No object "${key}" in ${area}`);
      throw error;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new NotFoundError(`No object "${key}" in ${area}`);
      if (range && range.start >= info.size && info.size > 0) {
        throw new BadRequestError(`Range start ${range.start} is beyond the object's ${info.size} bytes`);
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    // The open handle keeps reading the same file even if it is replaced meanwhile.
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async head(area: StorageArea, key: string): Promise<ObjectInfo | undefined> {
    const file = this.#fileOf(area, key);
    let info;
    try {
      info = await stat(file, { bigint: false });
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
    if (!info.isFile()) return undefined;
    return {
      key,
      size: info.size,
      contentType: await this.#readContentType(file, key),
      lastModified: info.mtime,
      // Every put renames a new file into place, so the inode changes with the content.
      etag: `"${info.ino.toString(16)}-${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
    };
  }

  async delete(area: StorageArea, key: string): Promise<void> {
    const file = this.#fileOf(area, key);
    await this.#unlinkObject(file);
  }

  /** Removes an object and its metadata file; absent objects (or folders at that path) are left alone. */
  async #unlinkObject(file: string): Promise<boolean> {
    let removed = false;
    try {
      await unlink(file);
      removed = true;
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR' && code !== 'EPERM') throw error;
    }
    await rm(file + META_SUFFIX, { force: true });
    return removed;
  }

  async deletePrefix(area: StorageArea, prefix: string): Promise<number> {
    assertValidPrefix(prefix);
    if (prefix === '') throw new BadRequestError('Refusing to delete a whole storage area (empty prefix)');
    const root = this.rootOf(area);
    let count = 0;
    const folders = new Set<string>();
    for (const key of await this.#keysUnder(root, prefix)) {
      const file = path.join(root, ...key.split('/'));
      if (await this.#unlinkObject(file)) count += 1;
      folders.add(path.dirname(file));
    }
    await pruneEmptyFolders(root, folders);
    return count;
  }

  async sweepTemporary(area: StorageArea, prefix: string, olderThan: Date): Promise<number> {
    assertValidPrefix(prefix);
    if (prefix === '') throw new BadRequestError('Refusing to sweep a whole storage area (empty prefix)');
    const root = this.rootOf(area);
    const cutoff = olderThan.getTime();
    let count = 0;
    const folders = new Set<string>();
    for await (const { dirKey, dir, name } of filesUnder(root, prefix)) {
      // A temp file belongs to some key in its folder: swept only when the whole folder is under the prefix.
      const partial = name.startsWith(TEMP_PREFIX) && dirKey.startsWith(prefix);
      const key = dirKey + name;
      if (!partial && !(isValidKey(key) && key.startsWith(prefix))) continue;
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => undefined);
      // A live writer keeps touching its temp file, so only untouched leftovers are old enough.
      if (!info || info.mtimeMs >= cutoff) continue;
      if (partial) await rm(file, { force: true });
      else if (!(await this.#unlinkObject(file))) continue;
      count += 1;
      folders.add(dir);
    }
    await pruneEmptyFolders(root, folders);
    return count;
  }

  /**
   * Moves an object (with its content-type side file) to the same key in another area. A rename within the data
   * folder, so the file is never half-written nor visible in both areas; NotFoundError when it is absent.
   */
  async move(from: StorageArea, to: StorageArea, key: string, options: PutOptions = {}): Promise<void> {
    const source = this.#fileOf(from, key);
    const target = this.#fileOf(to, key);
    if (source === target) return;
    await this.#mkdirFor(path.dirname(target), key);
    try {
      await rename(source, target);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new NotFoundError(`No object "${key}" in ${from}`);
      if (code !== 'EXDEV') throw error;
      // Areas on different file systems: copy (atomically, through put), then remove the source.
      const handle = await open(source, 'r');
      try {
        await this.put(to, key, handle.createReadStream(), {
          contentType:
            options.contentType ?? contentTypeFromKey(key) ?? (await this.#readContentType(source, key)),
        });
      } finally {
        await handle.close().catch(() => undefined);
      }
      await this.#unlinkObject(source);
      return;
    }
    try {
      await rename(source + META_SUFFIX, target + META_SUFFIX);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
      await rm(target + META_SUFFIX, { force: true });
    }
    // The same rule as S3: the caller's type, else the extension's, else the object's own (its side file moved along).
    const type = options.contentType ?? contentTypeFromKey(key);
    if (type !== undefined) await this.#writeMeta(target, key, type);
    // Best effort: the folders the object left may now be empty.
    const root = this.rootOf(from);
    for (let dir = path.dirname(source); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }

  /**
   * Copies an object to another key (in the same or another area); the source stays. The target appears whole or
   * not at all (written through put), so a crash mid-copy leaves no half file. NotFoundError when the source is
   * absent.
   */
  async copy(
    from: StorageArea,
    fromKey: string,
    to: StorageArea,
    toKey: string,
    options: PutOptions = {},
  ): Promise<void> {
    const source = this.#fileOf(from, fromKey);
    if (source === this.#fileOf(to, toKey)) return;
    let handle;
    try {
      handle = await open(source, 'r');
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR')
        throw new NotFoundError(`No object "${fromKey}" in ${from}`);
      throw error;
    }
    try {
      const { size } = await handle.stat();
      await this.put(to, toKey, handle.createReadStream(), {
        contentType:
          options.contentType ?? contentTypeFromKey(toKey) ?? (await this.#readContentType(source, fromKey)),
        contentLength: size,
      });
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  async *list(area: StorageArea, prefix: string): AsyncIterable<ObjectInfo> {
    assertValidPrefix(prefix);
    const root = this.rootOf(area);
    for (const key of await this.#keysUnder(root, prefix)) {
      const file = path.join(root, ...key.split('/'));
      let info;
      try {
        info = await stat(file);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') continue; // deleted meanwhile
        throw error;
      }
      if (!info.isFile()) continue;
      yield {
        key,
        size: info.size,
        contentType: undefined,
        lastModified: info.mtime,
        etag: `"${info.ino.toString(16)}-${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
      };
    }
  }

  /** Every key starting with prefix, sorted like S3 (byte order); temp and metadata files are skipped. */
  async #keysUnder(root: string, prefix: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const { dirKey, name } of filesUnder(root, prefix)) {
      const key = dirKey + name;
      if (isValidKey(key) && key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async createUploadTarget(request: UploadTargetRequest): Promise<UploadTarget> {
    assertUploadTargetRequest(request);
    const exp = this.#now() + request.expiresInSeconds * 1000;
    const contentType = request.contentType ?? DEFAULT_CONTENT_TYPE;
    const payload: UploadTokenPayload = {
      area: request.area,
      key: request.key,
      contentType,
      maxBytes: request.maxBytes,
      exp,
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const signature = createHmac('sha256', await this.#uploadSigningKey())
      .update(body)
      .digest('base64url');
    return {
      method: 'PUT',
      url: `${this.#config.publicUrl}/uploads/direct/${body}.${signature}`,
      fields: {},
      // A suggestion: the upload route accepts any Content-Type (or none).
      headers: { 'Content-Type': contentType },
      key: request.key,
      expiresAt: new Date(exp),
      maxBytes: request.maxBytes,
    };
  }

  /** Checks an upload token's signature and expiry; throws AppError FORBIDDEN otherwise. */
  async verifyUploadToken(token: string): Promise<UploadTokenPayload> {
    const forbidden = (message: string): AppError => new AppError('FORBIDDEN', message);
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) throw forbidden('Malformed upload URL');
    const expected = createHmac('sha256', await this.#uploadSigningKey())
      .update(body)
      .digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw forbidden('Invalid upload URL signature');
    let payload: UploadTokenPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as UploadTokenPayload;
      assertUploadTargetRequest({ ...payload, expiresInSeconds: 1 });
      if (typeof payload.exp !== 'number') throw new Error('exp');
    } catch {
      throw forbidden('Malformed upload URL');
    }
    if (this.#now() >= payload.exp) throw forbidden('Upload URL has expired');
    return payload;
  }

  /** HMAC key for upload tokens: derived from SESSION_SECRET, else a random secret kept in dataDir. */
  #uploadSigningKey(): Promise<Buffer> {
    this.#signingKey ??= (async () => {
      const secret = this.#config.session.secret ?? (await this.#persistedSecret());
      return createHmac('sha256', secret).update('copper-print-gallery/upload-token/v1').digest();
    })();
    return this.#signingKey;
  }

  async #persistedSecret(): Promise<string> {
    const file = path.join(this.#config.dataDir, '.upload-secret');
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
    await mkdir(this.#config.dataDir, { recursive: true });
    try {
      await writeFile(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error; // another process won the race: use its secret
    }
    return (await readFile(file, 'utf8')).trim();
  }

  publicUrl(key: string): string {
    assertValidKey(key);
    return `${this.#config.storage.cdnUrl ?? this.#config.publicUrl}/media/${key}`;
  }

  async ping(): Promise<void> {
    for (const area of STORAGE_AREAS) {
      const root = this.rootOf(area);
      await mkdir(root, { recursive: true });
      await access(root, constants.W_OK);
    }
  }

  hasLocalFolders(): this is LocalFolders {
    return true;
  }
}

/** Every file (temp and metadata files too) in the folders of an area that can hold keys starting with prefix. */
async function* filesUnder(
  root: string,
  prefix: string,
): AsyncGenerator<{ dirKey: string; dir: string; name: string }> {
  async function* walk(dirKey: string): AsyncGenerator<{ dirKey: string; dir: string; name: string }> {
    const dir = path.join(root, ...dirKey.split('/').filter(Boolean));
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw error;
    }
    for (const entry of entries) {
      const key = dirKey + entry.name;
      if (entry.isDirectory()) {
        const folder = `${key}/`;
        if (isValidKey(key) && (folder.startsWith(prefix) || prefix.startsWith(folder))) yield* walk(folder);
      } else if (entry.isFile()) {
        yield { dirKey, dir, name: entry.name };
      }
    }
  }
  yield* walk(prefix.slice(0, prefix.lastIndexOf('/') + 1));
}

/** Best effort: removes folders left empty, deepest first, up to (never including) the area root. */
async function pruneEmptyFolders(root: string, folders: Iterable<string>): Promise<void> {
  const ordered = [...folders].sort((a, b) => b.length - a.length);
  for (let dir of ordered) {
    while (dir.startsWith(root + path.sep)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
      dir = path.dirname(dir);
    }
  }
}
