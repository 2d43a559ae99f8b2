// Uploads the way scripts and many HTTP clients send them: Node's own fetch with a FormData Blob that has no type
// (the part goes out as application/octet-stream), or a direct upload declared application/octet-stream and sent
// with no Content-Type at all. Each supported format is recognised by its bytes and ends processed; a file that is
// no image is refused with the reason (415), and one that only looks like an image fails its job with the reason.
// PGlite + the local driver, and PostgreSQL + S3 (s3rver).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseEngine } from '../../src/platform/db/types.js';
import { processImage, type MediaDeps } from '../../src/modules/media/service.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist } from '../helpers/catalogue.js';
import { startS3rver, type StartedS3rver } from '../helpers/s3.js';
import {
  hatchingJpeg,
  png16Alpha,
  tiffWithIcc,
  TEXT_NAMED_JPG,
  truncated,
  webpImage,
} from '../fixtures/images.js';

const HEIC = path.resolve('tests/fixtures/etching-hevc.heic');

const SETUPS = [
  ['pglite', 'local'],
  ['postgres', 's3'],
] as const satisfies readonly (readonly [DatabaseEngine, 'local' | 's3'])[];

interface Target {
  uploadId: string;
  method: 'PUT' | 'POST';
  url: string;
  fields: Record<string, string>;
  headers: Record<string, string>;
}

describe.each(SETUPS)('uploads sent as application/octet-stream (%s, %s storage)', (engine, driver) => {
  let s3: StartedS3rver | undefined;
  let t: TestApp;
  let base: string;
  let session: Record<string, string>;
  let media: MediaDeps;
  const files = new Map<string, Buffer>();

  beforeAll(async () => {
    if (driver === 's3') s3 = await startS3rver();
    t = await openTestApp(engine, s3?.env ?? {});
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    session = await asArtist(t.config, t.handle, await createArtist(t.handle, 'Ane Krog'));
    media = {
      db: t.handle.db,
      storage: t.storage,
      maxPixels: t.config.images.maxPixels,
      maxBytes: t.config.storage.uploadMaxBytes,
    };
    // Small images keep the pipeline quick; the names carry no extension a client could guess a type from.
    files.set('JPEG', await hatchingJpeg(360, 240));
    files.set('PNG', await png16Alpha(300, 200));
    files.set('TIFF', await tiffWithIcc(240, 320));
    files.set('WebP', await webpImage(340, 220));
    files.set('HEIC', await readFile(HEIC));
  }, 120_000);

  afterAll(async () => {
    await t?.cleanup();
    await s3?.stop();
  });

  /** POST /api/v1/artist/prints as a script does it: real fetch, FormData, the image a Blob without a type. */
  async function postMultipart(bytes: Buffer, title: string): Promise<Response> {
    const form = new FormData();
    form.append('title', title);
    form.append('image', new Blob([new Uint8Array(bytes)]), 'scan-0042');
    return fetch(`${base}/api/v1/artist/prints`, { method: 'POST', headers: session, body: form });
  }

  /** Signs a direct upload declared application/octet-stream and sends the file with no type, as clients do. */
  async function directUpload(bytes: Buffer): Promise<string> {
    const signed = await fetch(`${base}/api/v1/artist/uploads`, {
      method: 'POST',
      headers: { ...session, 'content-type': 'application/json' },
      body: JSON.stringify({
        filename: 'scan-0042',
        contentType: 'application/octet-stream',
        size: bytes.length,
      }),
    });
    expect(signed.status, await signed.clone().text()).toBe(201);
    const target = (await signed.json()) as Target;
    const body = new Blob([new Uint8Array(bytes)]);
    let sent: Response;
    if (target.method === 'POST') {
      const form = new FormData();
      for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
      form.append('file', body, 'scan-0042');
      sent = await fetch(target.url, { method: 'POST', body: form });
    } else {
      // The app's own signed URL (local driver): no Content-Type header at all.
      sent = await fetch(new URL(new URL(target.url).pathname, base), { method: 'PUT', body });
    }
    expect(sent.status, await sent.text()).toBeLessThan(300);
    return target.uploadId;
  }

  const imageOfPrint = (printId: string) =>
    t.handle.db
      .selectFrom('images')
      .select(['id', 'status', 'error', 'original_content_type'])
      .where('print_id', '=', printId)
      .executeTakeFirstOrThrow();

  /** Runs the worker's processing and checks the print now has its versions, stored. */
  async function expectProcessed(printId: string, contentType: string): Promise<void> {
    const image = await imageOfPrint(printId);
    expect(image.original_content_type).toBe(contentType);
    expect(await processImage(media, image.id)).toMatchObject({ status: 'completed' });
    const print = await t.handle.db
      .selectFrom('prints')
      .select(['image_id', 'image_status'])
      .where('id', '=', printId)
      .executeTakeFirstOrThrow();
    expect(print).toEqual({ image_id: image.id, image_status: 'completed' });
    const versions = await t.handle.db
      .selectFrom('image_versions')
      .select(['version', 'storage_key'])
      .where('image_id', '=', image.id)
      .execute();
    expect(versions.map((v) => v.version)).toContain('thumbnail');
    for (const v of versions)
      expect(await t.storage.head('originals', v.storage_key), v.version).toBeDefined();
  }

  const TYPES: Record<string, string> = {
    JPEG: 'image/jpeg',
    PNG: 'image/png',
    TIFF: 'image/tiff',
    WebP: 'image/webp',
    HEIC: 'image/heic',
  };

  it.each(Object.keys(TYPES))(
    '%s: multipart from fetch with an untyped Blob is accepted (202) and processed',
    async (format) => {
      const res = await postMultipart(files.get(format)!, `Multipart ${format}`);
      const body = (await res.json()) as { id: string; imageProcessingStatus: string };
      expect(res.status, JSON.stringify(body)).toBe(202);
      expect(body.imageProcessingStatus).toBe('processing');
      await expectProcessed(body.id, TYPES[format]!);
    },
    60_000,
  );

  it.each(Object.keys(TYPES))(
    '%s: a direct upload declared and sent as octet-stream is attached (201) and processed',
    async (format) => {
      const uploadId = await directUpload(files.get(format)!);
      const created = await fetch(`${base}/api/v1/artist/prints`, {
        method: 'POST',
        headers: { ...session, 'content-type': 'application/json' },
        body: JSON.stringify({ title: { da: `Direkte ${format}`, en: `Direct ${format}` }, uploadId }),
      });
      const body = (await created.json()) as { id: string };
      expect(created.status, JSON.stringify(body)).toBe(201);
      await expectProcessed(body.id, TYPES[format]!);
    },
    60_000,
  );

  it('refuses a file that is no image with 415 and the reason, on both roads; nothing is created', async () => {
    const before = await t.handle.db.selectFrom('prints').select('id').execute();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20)]);
    for (const [bytes, reason] of [
      [TEXT_NAMED_JPG, /This file is text, not an image/],
      [pdf, /This is a PDF document, not an image/],
    ] as const) {
      const multipart = await postMultipart(bytes, 'Not an image');
      expect(multipart.status).toBe(415);
      expect(await multipart.json()).toEqual({
        error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(reason) },
      });

      const uploadId = await directUpload(bytes);
      const attached = await fetch(`${base}/api/v1/artist/prints`, {
        method: 'POST',
        headers: { ...session, 'content-type': 'application/json' },
        body: JSON.stringify({ title: { da: 'Ikke et billede', en: 'Not an image' }, uploadId }),
      });
      expect(attached.status).toBe(415);
      expect(await attached.json()).toEqual({
        error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(reason) },
      });
    }
    expect(await t.handle.db.selectFrom('prints').select('id').execute()).toEqual(before);
  });

  it('a file that only starts like an image is accepted, and its job fails with the reason', async () => {
    const damaged = truncated(await hatchingJpeg(360, 240), 0.4);
    const res = await postMultipart(damaged, 'Damaged scan');
    const body = (await res.json()) as { id: string };
    expect(res.status).toBe(202);
    const image = await imageOfPrint(body.id);
    const outcome = await processImage(media, image.id);
    expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(/incomplete|damaged/) });
    expect(await imageOfPrint(body.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/incomplete|damaged/),
    });
  }, 60_000);
});
