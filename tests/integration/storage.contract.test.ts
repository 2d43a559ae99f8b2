// One contract for every storage driver: the same tests run against the local folder driver and
// against the S3 driver talking to s3rver (a real S3 HTTP API).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/config.js';
import { AppError, BadRequestError, NotFoundError, errorBody } from '../../src/platform/errors.js';
import { createStorage, LocalStorage, S3Storage } from '../../src/platform/storage/index.js';
import type { Storage, StorageArea, UploadTarget } from '../../src/platform/storage/index.js';
import { localStorageRoutes } from '../../src/platform/storage/local-routes.js';
import { startS3rver } from '../helpers/s3.js';
import type { StartedS3rver } from '../helpers/s3.js';
import { checkPresignedPostPolicy } from '../oracles/s3-post-policy.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Uint8Array);
  return hash.digest('hex');
}

async function keysOf(storage: Storage, area: StorageArea, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of storage.list(area, prefix)) keys.push(item.key);
  return keys;
}

const BAD_KEYS = [
  '../x',
  'a/../../b',
  '..',
  '.',
  './a',
  'a/./b',
  'a/..',
  '%2e%2e/x',
  '%2e%2e%2fetc%2fpasswd',
  '/etc/passwd',
  '/abs',
  'a\\..\\b',
  '..\\..\\windows',
  'a\0b',
  '',
  'a//b',
  'a/b/',
  'a b',
  'ä.jpg',
  'x'.repeat(513),
];

describe.each(['local', 's3'] as const)('storage contract: %s driver', (driver) => {
  let dataDir: string;
  let s3: StartedS3rver | undefined;
  let config: Config;
  let storage: Storage;
  let app: FastifyInstance;
  /** Milliseconds added to the local driver's clock (expiry tests). */
  let clockOffset = 0;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), `copper-storage-${driver}-`));
    if (driver === 's3') s3 = await startS3rver();
    config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'http://gallery.test',
      UPLOAD_MAX_BYTES: String(5 * 1024 * 1024),
      ...s3?.env,
    });
    storage =
      driver === 'local'
        ? new LocalStorage(config, { now: () => Date.now() + clockOffset })
        : createStorage(config);
    app = Fastify({ logger: false });
    // Like app.ts: unknown routes answer in the API error shape.
    app.setNotFoundHandler((_request, reply) =>
      reply.code(404).send(errorBody('RESOURCE_NOT_FOUND', 'Route not found')),
    );
    await app.register(localStorageRoutes, { storage, config });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await s3?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  let address: Promise<string> | undefined;
  /** The routes over real HTTP (started once): for clients no inject() stands in for. */
  const listening = (): Promise<string> => (address ??= app.listen({ port: 0, host: '127.0.0.1' }));

  /** Sends bytes to an upload target the way a browser would (PUT to the app, or POST form to S3). */
  async function upload(
    target: UploadTarget,
    bytes: Buffer,
    contentType: string,
  ): Promise<{ status: number; body: string }> {
    if (target.method === 'PUT') {
      const response = await app.inject({
        method: 'PUT',
        url: new URL(target.url).pathname,
        headers: { ...target.headers, 'content-type': contentType },
        payload: bytes,
      });
      return { status: response.statusCode, body: response.body };
    }
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields))
      form.append(name, name === 'Content-Type' ? contentType : value);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), 'upload.bin');
    const response = await fetch(target.url, { method: 'POST', body: form });
    return { status: response.status, body: await response.text() };
  }

  it('createStorage picks this driver and ping succeeds', async () => {
    expect(createStorage(config).driver).toBe(driver);
    expect(storage.driver).toBe(driver);
    expect(createStorage(config)).toBeInstanceOf(driver === 'local' ? LocalStorage : S3Storage);
    await expect(storage.ping()).resolves.toBeUndefined();
  });

  it('round-trips a Buffer byte for byte', async () => {
    const bytes = randomBytes(70_000);
    await storage.put('originals', 'rt/buffer.bin', bytes, { contentType: 'application/octet-stream' });
    expect((await readAll(await storage.getStream('originals', 'rt/buffer.bin'))).equals(bytes)).toBe(true);
  });

  it('round-trips a 12 MB stream (checksums equal)', async () => {
    const hash = createHash('sha256');
    const total = 12 * 1024 * 1024;
    async function* source(): AsyncGenerator<Buffer> {
      for (let sent = 0; sent < total; sent += 1024 * 1024) {
        const chunk = randomBytes(1024 * 1024);
        hash.update(chunk);
        yield chunk;
      }
    }
    await storage.put('backups', 'rt/big.bin', Readable.from(source()), {
      contentType: 'application/octet-stream',
    });
    const written = hash.digest('hex');
    expect((await storage.head('backups', 'rt/big.bin'))?.size).toBe(total);
    expect(await sha256Of(await storage.getStream('backups', 'rt/big.bin'))).toBe(written);
  });

  it('reads byte ranges (inclusive end, open end)', async () => {
    await storage.put('public', 'range/r.txt', Buffer.from('abcdefghij'));
    expect(
      (await readAll(await storage.getStream('public', 'range/r.txt', { start: 2, end: 5 }))).toString(),
    ).toBe('cdef');
    expect((await readAll(await storage.getStream('public', 'range/r.txt', { start: 7 }))).toString()).toBe(
      'hij',
    );
    await expect(storage.getStream('public', 'range/r.txt', { start: -1 })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });

  it('head reports size, content type, date and an etag that changes with the content', async () => {
    await storage.put('public', 'head/a.webp', Buffer.alloc(1234, 1), { contentType: 'image/webp' });
    const info = await storage.head('public', 'head/a.webp');
    expect(info).toMatchObject({ key: 'head/a.webp', size: 1234, contentType: 'image/webp' });
    expect(info?.lastModified).toBeInstanceOf(Date);
    expect(Math.abs((info?.lastModified.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(info?.etag).toBeTruthy();

    await storage.put('public', 'head/a.webp', Buffer.alloc(1234, 2), { contentType: 'image/webp' });
    expect((await storage.head('public', 'head/a.webp'))?.etag).not.toBe(info?.etag);

    // A content type the extension does not imply is kept; without one, the extension decides.
    await storage.put('originals', 'head/upload-raw', Buffer.from('jpeg?'), { contentType: 'image/jpeg' });
    expect((await storage.head('originals', 'head/upload-raw'))?.contentType).toBe('image/jpeg');
    await storage.put('public', 'head/plain.png', Buffer.from('png?'));
    expect((await storage.head('public', 'head/plain.png'))?.contentType).toBe('image/png');
  });

  it('reports missing objects: head undefined, getStream NotFoundError, delete is a no-op', async () => {
    expect(await storage.head('originals', 'missing/nothing.jpg')).toBeUndefined();
    await expect(storage.getStream('originals', 'missing/nothing.jpg')).rejects.toBeInstanceOf(NotFoundError);
    await expect(storage.delete('originals', 'missing/nothing.jpg')).resolves.toBeUndefined();
  });

  it('deletes one object', async () => {
    await storage.put('originals', 'del/one.jpg', Buffer.from('x'));
    await storage.put('originals', 'del/two.jpg', Buffer.from('y'));
    await storage.delete('originals', 'del/one.jpg');
    expect(await storage.head('originals', 'del/one.jpg')).toBeUndefined();
    expect(await storage.head('originals', 'del/two.jpg')).toBeDefined();
  });

  it('deletePrefix deletes only that prefix and returns the count', async () => {
    const keys = [
      'p-1/a.webp',
      'p-1/tiles/0/0_0.webp',
      'p-1/tiles/1/0_0.webp',
      'p-10/a.webp',
      'p-2/a.webp',
      'p-1.webp',
    ];
    for (const key of keys) await storage.put('public', key, Buffer.from(key));
    await storage.put('originals', 'p-1/a.webp', Buffer.from('other area'));

    expect(await storage.deletePrefix('public', 'p-1/')).toBe(3);
    expect(await keysOf(storage, 'public', 'p-')).toEqual(['p-1.webp', 'p-10/a.webp', 'p-2/a.webp']);
    expect(await storage.head('originals', 'p-1/a.webp')).toBeDefined();
    expect(await storage.deletePrefix('public', 'p-1/')).toBe(0);
    await expect(storage.deletePrefix('public', '')).rejects.toBeInstanceOf(BadRequestError);
  });

  it('lists and deletes more than 1000 objects (pagination and delete batches)', async () => {
    const keys = Array.from({ length: 1003 }, (_, i) => `many/${String(i).padStart(4, '0')}.webp`);
    for (let i = 0; i < keys.length; i += 25) {
      await Promise.all(keys.slice(i, i + 25).map((key) => storage.put('public', key, Buffer.from('t'))));
    }
    expect(await keysOf(storage, 'public', 'many/')).toEqual(keys);
    expect(await storage.deletePrefix('public', 'many/')).toBe(1003);
    expect(await keysOf(storage, 'public', 'many/')).toEqual([]);
  });

  it('lists by prefix in key order with sizes', async () => {
    await storage.put('originals', 'list/b/2.jpg', Buffer.alloc(2));
    await storage.put('originals', 'list/a.jpg', Buffer.alloc(1));
    await storage.put('originals', 'list/b/1.jpg', Buffer.alloc(3));
    await storage.put('originals', 'list-other/x.jpg', Buffer.alloc(4));
    const items = [];
    for await (const item of storage.list('originals', 'list/'))
      items.push({ key: item.key, size: item.size });
    expect(items).toEqual([
      { key: 'list/a.jpg', size: 1 },
      { key: 'list/b/1.jpg', size: 3 },
      { key: 'list/b/2.jpg', size: 2 },
    ]);
    expect(await keysOf(storage, 'originals', 'list/b')).toEqual(['list/b/1.jpg', 'list/b/2.jpg']);
    // Across folders S3 orders by bytes ('-' < '/'); s3rver walks folders instead, so compare as sets here.
    expect((await keysOf(storage, 'originals', 'list')).sort()).toEqual([
      'list-other/x.jpg',
      'list/a.jpg',
      'list/b/1.jpg',
      'list/b/2.jpg',
    ]);
    if (driver === 'local') {
      expect(await keysOf(storage, 'originals', 'list')).toEqual([
        'list-other/x.jpg',
        'list/a.jpg',
        'list/b/1.jpg',
        'list/b/2.jpg',
      ]);
    }
    expect(await keysOf(storage, 'backups', 'list')).toEqual([]);
  });

  it('keeps areas isolated', async () => {
    await storage.put('originals', 'iso/x.jpg', Buffer.from('original'));
    expect(await storage.head('public', 'iso/x.jpg')).toBeUndefined();
    expect(await storage.head('backups', 'iso/x.jpg')).toBeUndefined();
    await storage.put('public', 'iso/x.jpg', Buffer.from('public'));
    expect((await readAll(await storage.getStream('originals', 'iso/x.jpg'))).toString()).toBe('original');
    expect((await readAll(await storage.getStream('public', 'iso/x.jpg'))).toString()).toBe('public');
    await expect(storage.head('secrets' as StorageArea, 'iso/x.jpg')).rejects.toBeInstanceOf(BadRequestError);
  });

  it('refuses traversal and malformed keys before any I/O', async () => {
    for (const key of BAD_KEYS) {
      const label = JSON.stringify(key.slice(0, 30));
      await expect(storage.put('originals', key, Buffer.from('evil')), label).rejects.toBeInstanceOf(
        BadRequestError,
      );
      await expect(storage.getStream('originals', key), label).rejects.toBeInstanceOf(BadRequestError);
      await expect(storage.head('originals', key), label).rejects.toBeInstanceOf(BadRequestError);
      await expect(storage.delete('originals', key), label).rejects.toBeInstanceOf(BadRequestError);
      await expect(
        storage.createUploadTarget({
          area: 'originals',
          key,
          contentType: 'image/jpeg',
          maxBytes: 10,
          expiresInSeconds: 60,
        }),
        label,
      ).rejects.toBeInstanceOf(BadRequestError);
      expect(() => storage.publicUrl(key), label).toThrow(BadRequestError);
    }
    for (const prefix of ['../', 'a/../', '/', '/etc', '..', 'a\\b', '%2e%2e/']) {
      await expect(storage.deletePrefix('originals', prefix), prefix).rejects.toBeInstanceOf(BadRequestError);
      await expect(keysOf(storage, 'originals', prefix), prefix).rejects.toBeInstanceOf(BadRequestError);
    }
    // Nothing escaped the storage folders.
    expect(existsSync(path.join(dataDir, 'x'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'b'))).toBe(false);
    expect(existsSync(path.join(path.dirname(dataDir), 'x'))).toBe(false);
  });

  it('a failed write leaves nothing visible and an overwrite is atomic', async () => {
    const failing = new Readable({ read() {} });
    const attempt = storage.put('originals', 'atomic/broken.bin', failing);
    failing.push(randomBytes(64 * 1024));
    setTimeout(() => failing.destroy(new Error('client went away')), 20);
    await expect(attempt).rejects.toThrow();
    expect(await storage.head('originals', 'atomic/broken.bin')).toBeUndefined();
    expect(await keysOf(storage, 'originals', 'atomic/')).toEqual([]);
    if (driver === 'local') {
      const folder = path.join(config.storage.localDir, 'originals', 'atomic');
      expect(existsSync(folder) ? await readdir(folder) : []).toEqual([]); // no temp file left behind
    }

    await storage.put('originals', 'atomic/a.bin', Buffer.alloc(1000, 'a'));
    const slow = new PassThrough();
    const overwrite = storage.put('originals', 'atomic/a.bin', slow);
    slow.write(Buffer.alloc(500, 'b'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      (await readAll(await storage.getStream('originals', 'atomic/a.bin'))).equals(Buffer.alloc(1000, 'a')),
    ).toBe(true);
    slow.end(Buffer.alloc(500, 'b'));
    await overwrite;
    expect(
      (await readAll(await storage.getStream('originals', 'atomic/a.bin'))).equals(Buffer.alloc(1000, 'b')),
    ).toBe(true);

    await expect(
      storage.put('originals', 'atomic/len.bin', Readable.from([Buffer.alloc(10)]), { contentLength: 20 }),
    ).rejects.toBeInstanceOf(BadRequestError);
    expect(await storage.head('originals', 'atomic/len.bin')).toBeUndefined();
  });

  it('honours a signed upload target', async () => {
    const bytes = randomBytes(200_000);
    const target = await storage.createUploadTarget({
      area: 'originals',
      key: 'uploads/u1',
      contentType: 'image/jpeg',
      maxBytes: 1024 * 1024,
      expiresInSeconds: 60,
    });
    expect(target.key).toBe('uploads/u1');
    expect(target.maxBytes).toBe(1024 * 1024);
    expect(target.expiresAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(target.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + clockOffset + 61_000);
    if (driver === 'local') {
      expect(target.method).toBe('PUT');
      expect(target.url.startsWith('http://gallery.test/uploads/direct/')).toBe(true);
      expect(target.headers).toEqual({ 'Content-Type': 'image/jpeg' });
    } else {
      expect(target.method).toBe('POST');
      expect(target.fields).toMatchObject({ key: 'uploads/u1', 'Content-Type': 'image/jpeg' });
      const check = checkPresignedPostPolicy(target.fields, {
        contentType: 'image/jpeg',
        size: bytes.length,
        key: 'uploads/u1',
        now: new Date(),
        secretAccessKey: 'S3RVER',
      });
      expect(check).toEqual({ ok: true });
    }

    const result = await upload(target, bytes, 'image/jpeg');
    expect([200, 201, 204]).toContain(result.status);
    const info = await storage.head('originals', 'uploads/u1');
    expect(info).toMatchObject({ size: bytes.length, contentType: 'image/jpeg' });
    expect((await readAll(await storage.getStream('originals', 'uploads/u1'))).equals(bytes)).toBe(true);
  });

  it('refuses expired, oversized and re-targeted uploads', async () => {
    const request = {
      area: 'originals' as const,
      key: 'uploads/u2',
      contentType: 'image/png',
      maxBytes: 1000,
      expiresInSeconds: 1,
    };
    const target = await storage.createUploadTarget(request);
    const ok = Buffer.alloc(500, 7);

    if (target.method === 'PUT') {
      const tokenUrl = new URL(target.url).pathname;
      const put = (payload: Buffer | Readable, headers: Record<string, string>, url = tokenUrl) =>
        app.inject({ method: 'PUT', url, headers, payload });

      const tooLarge = await put(Buffer.alloc(1001), { 'content-type': 'image/png' });
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

      // No Content-Length: the limit is enforced while streaming.
      const streamed = await put(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), {
        'content-type': 'image/png',
      });
      expect(streamed.statusCode).toBe(413);

      const empty = await put(Buffer.alloc(0), { 'content-type': 'image/png' });
      expect(empty.statusCode).toBe(400);

      // Re-targeting: swap the key (or raise the limit) inside the signed token.
      const [body = '', signature = ''] = tokenUrl.slice('/uploads/direct/'.length).split('.');
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
      for (const change of [{ key: 'uploads/other' }, { maxBytes: 10_000_000 }, { area: 'public' }]) {
        const forged = Buffer.from(JSON.stringify({ ...payload, ...change })).toString('base64url');
        const tampered = await put(
          ok,
          { 'content-type': 'image/png' },
          `/uploads/direct/${forged}.${signature}`,
        );
        expect(tampered.statusCode).toBe(403);
        expect(tampered.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
      }
      const garbage = await put(ok, { 'content-type': 'image/png' }, '/uploads/direct/not-a-token');
      expect(garbage.statusCode).toBe(403);

      expect(await storage.head('originals', 'uploads/u2')).toBeUndefined();
      expect(await storage.head('originals', 'uploads/other')).toBeUndefined();

      // Expired: the route's clock moves past the 1 s lifetime.
      clockOffset = 2_000;
      try {
        const expired = await put(ok, { 'content-type': 'image/png' });
        expect(expired.statusCode).toBe(403);
        expect(expired.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'Upload URL has expired' } });
      } finally {
        clockOffset = 0;
      }
      expect(await storage.head('originals', 'uploads/u2')).toBeUndefined();

      // Control: the same target works within its lifetime and limits.
      expect((await put(ok, { 'content-type': 'image/png' })).statusCode).toBe(204);
      expect((await storage.head('originals', 'uploads/u2'))?.size).toBe(500);
    } else {
      // s3rver ignores POST policies: evaluate the policy we signed the way S3 does.
      const submit = (change: Partial<{ contentType: string; size: number; key: string; now: Date }>) =>
        checkPresignedPostPolicy(target.fields, {
          contentType: 'image/png',
          size: ok.length,
          key: 'uploads/u2',
          now: new Date(),
          secretAccessKey: 'S3RVER',
          ...change,
        });
      expect(submit({})).toEqual({ ok: true });
      expect(submit({ size: 1000 })).toEqual({ ok: true });
      expect(submit({ size: 1001 })).toMatchObject({
        ok: false,
        reason: expect.stringContaining('content-length-range'),
      });
      expect(submit({ size: 0 })).toMatchObject({ ok: false });
      // The type is no condition (the bytes are judged when the upload is attached).
      expect(submit({ contentType: 'image/jpeg' })).toEqual({ ok: true });
      expect(submit({ key: 'uploads/other' })).toMatchObject({
        ok: false,
        reason: expect.stringContaining('key'),
      });
      expect(submit({ now: new Date(target.expiresAt.getTime() + 1000) })).toMatchObject({
        ok: false,
        reason: 'policy expired',
      });

      // A policy edited by the browser (bigger limit) no longer matches its signature.
      const policy = JSON.parse(Buffer.from(target.fields.Policy ?? '', 'base64').toString()) as {
        conditions: unknown[];
      };
      policy.conditions = policy.conditions.map((c) =>
        Array.isArray(c) && c[0] === 'content-length-range' ? [c[0], 1, 10_000_000] : c,
      );
      const forged = { ...target.fields, Policy: Buffer.from(JSON.stringify(policy)).toString('base64') };
      const forgedCheck = checkPresignedPostPolicy(forged, {
        contentType: 'image/png',
        size: 5000,
        key: 'uploads/u2',
        now: new Date(),
        secretAccessKey: 'S3RVER',
      });
      expect(forgedCheck).toEqual({ ok: false, reason: 'signature does not match the policy' });
      // Extra form fields not covered by the policy are refused.
      expect(
        checkPresignedPostPolicy(
          { ...target.fields, acl: 'public-read' },
          { contentType: 'image/png', size: 5, key: 'uploads/u2', now: new Date() },
        ),
      ).toMatchObject({ ok: false, reason: expect.stringContaining('acl') });

      // Control: the accepted submission really lands in the bucket.
      expect([200, 201, 204]).toContain((await upload(target, ok, 'image/png')).status);
      expect((await storage.head('originals', 'uploads/u2'))?.size).toBe(500);
    }
  });

  it('accepts a direct upload whatever type the client sends (real fetch, a Blob without a type)', async () => {
    const bytes = randomBytes(3000);
    // No type asked for: many clients cannot know it.
    const target = await storage.createUploadTarget({
      area: 'originals',
      key: 'uploads/any-type',
      maxBytes: 10_000,
      expiresInSeconds: 60,
    });
    // Another target signed for image/jpeg gets a file sent with an unrelated type.
    const typed = await storage.createUploadTarget({
      area: 'originals',
      key: 'uploads/odd-type',
      contentType: 'image/jpeg',
      maxBytes: 10_000,
      expiresInSeconds: 60,
    });
    if (target.method === 'PUT') {
      expect(target.headers).toEqual({ 'Content-Type': 'application/octet-stream' });
      const base = await listening();
      // fetch sends no Content-Type header at all for a Blob without a type.
      const untyped = await fetch(new URL(new URL(target.url).pathname, base), {
        method: 'PUT',
        body: new Blob([new Uint8Array(bytes)]),
      });
      expect(untyped.status, await untyped.text()).toBe(204);
      const odd = await fetch(new URL(new URL(typed.url).pathname, base), {
        method: 'PUT',
        headers: { 'content-type': 'application/x-unknown-scan' },
        body: new Blob([new Uint8Array(bytes)]),
      });
      expect(odd.status, await odd.text()).toBe(204);
    } else {
      expect(target.fields).toMatchObject({ 'Content-Type': 'application/octet-stream' });
      const check = (fields: Record<string, string>, contentType?: string) =>
        checkPresignedPostPolicy(fields, {
          ...(contentType === undefined ? {} : { contentType }),
          size: bytes.length,
          key: target.key,
          now: new Date(),
          secretAccessKey: 'S3RVER',
        });
      expect(check(target.fields)).toEqual({ ok: true });
      for (const type of ['application/octet-stream', 'image/png', 'text/plain']) {
        expect(check(target.fields, type), type).toEqual({ ok: true });
        expect(
          checkPresignedPostPolicy(typed.fields, {
            contentType: type,
            size: bytes.length,
            key: typed.key,
            now: new Date(),
            secretAccessKey: 'S3RVER',
          }),
        ).toEqual({ ok: true });
      }
      for (const [t, contentType] of [
        [target, undefined],
        [typed, 'application/x-unknown-scan'],
      ] as const) {
        const form = new FormData();
        for (const [name, value] of Object.entries(t.fields))
          form.append(name, name === 'Content-Type' && contentType ? contentType : value);
        form.append('file', new Blob([new Uint8Array(bytes)]), 'scan');
        const response = await fetch(t.url, { method: 'POST', body: form });
        expect(response.status, await response.text()).toBeLessThan(300);
      }
    }
    for (const key of ['uploads/any-type', 'uploads/odd-type']) {
      expect((await storage.head('originals', key))?.size, key).toBe(bytes.length);
      expect((await readAll(await storage.getStream('originals', key))).equals(bytes), key).toBe(true);
    }
    expect((await storage.head('originals', 'uploads/any-type'))?.contentType).toBe(
      'application/octet-stream',
    );
  });

  it('move takes an object to the same key in another area, content type kept or set', async () => {
    await storage.put('originals', 'mv/1/v.webp', Buffer.from('version'), { contentType: 'image/webp' });
    await storage.put('originals', 'mv/1/raw', Buffer.from('raw original'), { contentType: 'image/tiff' });
    await storage.move('originals', 'public', 'mv/1/v.webp');
    await storage.move('originals', 'public', 'mv/1/raw');
    expect(await storage.head('originals', 'mv/1/v.webp')).toBeUndefined();
    expect(await storage.head('originals', 'mv/1/raw')).toBeUndefined();
    expect(await storage.head('public', 'mv/1/v.webp')).toMatchObject({ size: 7, contentType: 'image/webp' });
    // A key without an extension keeps the type it was written with.
    expect(await storage.head('public', 'mv/1/raw')).toMatchObject({ size: 12, contentType: 'image/tiff' });
    expect((await readAll(await storage.getStream('public', 'mv/1/raw'))).toString()).toBe('raw original');
    if (driver === 's3') {
      // Visitors fetch the public bucket directly: the moved file carries the public cache header.
      const response = await fetch(storage.publicUrl('mv/1/v.webp'));
      expect(response.headers.get('cache-control')).toBe(IMMUTABLE);
      expect(await response.text()).toBe('version');
    }
    // Back, with a type set by the caller; moving within one area changes nothing.
    await storage.move('public', 'originals', 'mv/1/raw', { contentType: 'image/png' });
    expect(await storage.head('originals', 'mv/1/raw')).toMatchObject({ contentType: 'image/png' });
    await storage.move('public', 'public', 'mv/1/v.webp');
    expect(await storage.head('public', 'mv/1/v.webp')).toMatchObject({ size: 7 });

    // IIIF level 0 tiles are named by region and size, with commas (decision 023): moved like any file.
    const tile = 'mv/1/iiif/256,0,256,256/256,256/0/default.jpg';
    await storage.put('originals', tile, Buffer.from('tile'), { contentType: 'image/jpeg' });
    await storage.move('originals', 'public', tile);
    expect(await storage.head('originals', tile)).toBeUndefined();
    expect(await storage.head('public', tile)).toMatchObject({ size: 4, contentType: 'image/jpeg' });
    if (driver === 's3') expect(await (await fetch(storage.publicUrl(tile))).text()).toBe('tile');

    await expect(storage.move('originals', 'public', 'mv/1/none.webp')).rejects.toBeInstanceOf(NotFoundError);
    await expect(storage.move('originals', 'public', '../mv')).rejects.toBeInstanceOf(BadRequestError);
    await expect(storage.move('originals', 'secrets' as StorageArea, 'mv/1/raw')).rejects.toBeInstanceOf(
      BadRequestError,
    );
    expect(await storage.head('originals', 'mv/1/raw')).toBeDefined();
  });

  it('copy duplicates an object to another key or area; the source stays', async () => {
    const bytes = randomBytes(40_000);
    await storage.put('originals', 'cp/upload-1', bytes, { contentType: 'image/heic' });
    await storage.copy('originals', 'cp/upload-1', 'originals', 'cp/1/original');
    expect(await storage.head('originals', 'cp/1/original')).toMatchObject({
      size: bytes.length,
      contentType: 'image/heic',
    });
    expect((await readAll(await storage.getStream('originals', 'cp/1/original'))).equals(bytes)).toBe(true);
    expect((await readAll(await storage.getStream('originals', 'cp/upload-1'))).equals(bytes)).toBe(true);

    // The caller's type wins; a target key with an extension takes that extension's type.
    await storage.copy('originals', 'cp/upload-1', 'originals', 'cp/2/original', {
      contentType: 'image/jpeg',
    });
    expect(await storage.head('originals', 'cp/2/original')).toMatchObject({ contentType: 'image/jpeg' });
    await storage.copy('originals', 'cp/upload-1', 'public', 'cp/3/v.webp');
    expect(await storage.head('public', 'cp/3/v.webp')).toMatchObject({
      size: bytes.length,
      contentType: 'image/webp',
    });
    // An existing target is replaced whole.
    await storage.put('originals', 'cp/1/original', Buffer.from('old'));
    await storage.copy('originals', 'cp/upload-1', 'originals', 'cp/1/original');
    expect((await storage.head('originals', 'cp/1/original'))?.size).toBe(bytes.length);

    await expect(storage.copy('originals', 'cp/none', 'originals', 'cp/x')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await storage.head('originals', 'cp/x')).toBeUndefined();
    await expect(storage.copy('originals', 'cp/upload-1', 'originals', 'cp/../x')).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });

  it('sweepTemporary expires a temporary prefix, with what interrupted writes left there', async () => {
    for (const key of ['tmp-sweep/a', 'tmp-sweep/b/c.jpg', 'tmp-sweeper/x', 'kept/d'])
      await storage.put('originals', key, Buffer.from(key));
    await storage.put('public', 'tmp-sweep/p.webp', Buffer.from('other area'));
    let partial: string | undefined;
    if (storage.hasLocalFolders()) {
      // What a killed put or a dropped direct upload leaves behind: a temporary file that list() never shows.
      partial = path.join(storage.rootOf('originals'), 'tmp-sweep', 'b', '.~tmp-killed-upload');
      await writeFile(partial, 'half an upload');
    }
    // Nothing is old enough yet.
    expect(await storage.sweepTemporary('originals', 'tmp-sweep/', new Date(Date.now() - 3_600_000))).toBe(0);
    expect(await keysOf(storage, 'originals', 'tmp-sweep/')).toEqual(['tmp-sweep/a', 'tmp-sweep/b/c.jpg']);
    if (partial) expect(existsSync(partial)).toBe(true);

    const later = new Date(Date.now() + 60_000);
    expect(await storage.sweepTemporary('originals', 'tmp-sweep/', later)).toBe(partial ? 3 : 2);
    expect(await keysOf(storage, 'originals', 'tmp-sweep/')).toEqual([]);
    if (partial) expect(existsSync(partial)).toBe(false);
    // Only that prefix, only that area.
    expect(await storage.head('originals', 'tmp-sweeper/x')).toBeDefined();
    expect(await storage.head('originals', 'kept/d')).toBeDefined();
    expect(await storage.head('public', 'tmp-sweep/p.webp')).toBeDefined();
    await expect(storage.sweepTemporary('originals', '', later)).rejects.toBeInstanceOf(BadRequestError);
    await expect(storage.sweepTemporary('originals', '../', later)).rejects.toBeInstanceOf(BadRequestError);
  });

  it('says whether its areas are local folders', async () => {
    if (driver === 'local') {
      expect(storage.hasLocalFolders()).toBe(true);
      await storage.put('backups', 'where/archive.tar', Buffer.from('here'));
      if (!storage.hasLocalFolders()) throw new Error('unreachable');
      expect(existsSync(path.join(storage.rootOf('backups'), 'where', 'archive.tar'))).toBe(true);
    } else {
      expect(storage.hasLocalFolders()).toBe(false);
    }
  });

  it('serves public files at /media with immutable caching, never originals or backups', async () => {
    const files: [string, string][] = [
      ['media/p1/medium.webp', 'image/webp'],
      ['media/p1/iiif/info.json', 'application/json'],
      ['media/p1/iiif/0,0,256,256/256,256/0/default.jpg', 'image/jpeg'],
      ['media/p1/original.jpg', 'image/jpeg'],
      ['media/p1/icon.png', 'image/png'],
      ['media/p1/manifest.json', 'application/json'],
    ];
    for (const [key] of files) await storage.put('public', key, Buffer.from(`content of ${key}`));
    for (const [key, type] of files) {
      const response = await app.inject({ method: 'GET', url: `/media/${key}` });
      expect(response.statusCode, key).toBe(200);
      expect(response.body).toBe(`content of ${key}`);
      expect(response.headers['cache-control']).toBe(IMMUTABLE);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers.etag).toBeTruthy();
      // Readable by IIIF viewers on other sites.
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    }

    const head = await app.inject({ method: 'HEAD', url: '/media/media/p1/medium.webp' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String('content of media/p1/medium.webp'.length));
    expect(head.headers['cache-control']).toBe(IMMUTABLE);

    const etag = head.headers.etag as string;
    const cached = await app.inject({
      method: 'GET',
      url: '/media/media/p1/medium.webp',
      headers: { 'if-none-match': etag },
    });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');

    const missing = await app.inject({ method: 'GET', url: '/media/media/p1/nothing.webp' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'RESOURCE_NOT_FOUND', message: expect.any(String) } });

    await storage.put('originals', 'media/secret/original.jpg', Buffer.from('private original'));
    await storage.put('backups', 'media/secret/backup.tar', Buffer.from('private backup'));
    for (const url of [
      '/media/media/secret/original.jpg',
      '/media/media/secret/backup.tar',
      '/media/../originals/media/secret/original.jpg',
      '/media/..%2Foriginals%2Fmedia%2Fsecret%2Foriginal.jpg',
      '/media/%2e%2e/originals/media/secret/original.jpg',
      '/media/%2E%2E%2F%2E%2E%2Fbackups%2Fmedia%2Fsecret%2Fbackup.tar',
      '/media//etc/passwd',
      '/media/media%5C..%5C..%5Coriginals',
      '/media/',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      expect([400, 404], url).toContain(response.statusCode);
      expect(response.body, url).not.toContain('private');
      expect((response.json() as { error: { code: string } }).error.code, url).toMatch(
        /^(BAD_REQUEST|RESOURCE_NOT_FOUND)$/,
      );
    }
  });

  it('refuses traversal over real HTTP, where no client normalises the path', async () => {
    await storage.put('originals', 'raw/secret.jpg', Buffer.from('private original'));
    const { port } = new URL(await listening());
    const rawGet = (requestPath: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = http.request(
          { host: '127.0.0.1', port, path: requestPath, method: 'GET' },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
            );
          },
        );
        request.on('error', reject);
        request.end();
      });
    for (const requestPath of [
      '/media/../originals/raw/secret.jpg',
      '/media/../../files/originals/raw/secret.jpg',
      '/media/raw/../../originals/raw/secret.jpg',
      '/media/%2e%2e/originals/raw/secret.jpg',
      '/media/..%2foriginals%2fraw%2fsecret.jpg',
    ]) {
      const response = await rawGet(requestPath);
      expect(response.status, requestPath).toBe(400);
      expect(JSON.parse(response.body), requestPath).toEqual({
        error: { code: 'BAD_REQUEST', message: expect.any(String) },
      });
    }
  });

  it('publicUrl points browsers at the public files only', async () => {
    await storage.put('public', 'pub/v.webp', Buffer.from('public version'));
    await storage.put('originals', 'pub/only-original.jpg', Buffer.from('private original'));
    const url = storage.publicUrl('pub/v.webp');
    if (driver === 'local') {
      expect(url).toBe('http://gallery.test/media/pub/v.webp');
      const response = await app.inject({ method: 'GET', url: new URL(url).pathname });
      expect(response.body).toBe('public version');
      const original = await app.inject({
        method: 'GET',
        url: new URL(storage.publicUrl('pub/only-original.jpg')).pathname,
      });
      expect(original.statusCode).toBe(404);
    } else {
      expect(url).toBe(`${s3?.endpoint}/${config.storage.s3.publicBucket}/pub/v.webp`);
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('public version');
      expect(response.headers.get('cache-control')).toBe(IMMUTABLE);
      const original = await fetch(storage.publicUrl('pub/only-original.jpg'));
      expect(original.status).toBe(404);
    }
    const withCdn = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      ...s3?.env,
      CDN_URL: 'https://cdn.example.net/',
    });
    expect(createStorage(withCdn).publicUrl('pub/v.webp')).toBe(
      driver === 'local' ? 'https://cdn.example.net/media/pub/v.webp' : 'https://cdn.example.net/pub/v.webp',
    );
  });

  it('ping fails when storage is unreachable', async () => {
    if (driver === 'local') {
      await storage.put('originals', 'ping/file', Buffer.from('x'));
      // DATA_DIR whose files folder is a regular file cannot hold the areas.
      const broken = loadConfig({
        NODE_ENV: 'test',
        DATA_DIR: path.join(config.storage.localDir, 'originals', 'ping', 'file'),
      });
      await expect(new LocalStorage(broken).ping()).rejects.toThrow(/ENOTDIR|EEXIST/);
    } else {
      const broken = loadConfig({
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        ...s3?.env,
        S3_BACKUPS_BUCKET: 'copper-no-such-bucket',
      });
      await expect(createStorage(broken).ping()).rejects.toThrow(/copper-no-such-bucket/);
    }
  });

  it('maps errors to AppError codes the API error handler understands', async () => {
    const error = await storage.getStream('public', 'nope/x.webp').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(404);
  });
});
