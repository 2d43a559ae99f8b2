// Direct uploads: POST /api/v1/artist/uploads → PUT to the signed URL → consumeUpload → processImage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processImage } from '../../src/modules/media/service.js';
import { consumeUpload } from '../../src/modules/media/uploads.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist } from '../helpers/catalogue.js';
import { hatchingJpeg } from '../fixtures/images.js';

describe('direct uploads (pglite, local storage)', () => {
  let t: TestApp;
  let artistId: string;
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await openTestApp('pglite');
    artistId = await createArtist(t.handle, 'Jens Ølgaard');
    headers = await asArtist(t.config, t.handle, artistId);
  }, 60_000);
  afterAll(() => t?.cleanup());

  const request = (body: unknown, h: Record<string, string> = headers) =>
    t.app.inject({ method: 'POST', url: '/api/v1/artist/uploads', headers: h, payload: body as object });
  /** Sends the file to its signed target (the local driver's PUT route) with the headers it suggests. */
  const send = (target: { url: string; headers: Record<string, string> }, payload: Buffer) =>
    t.app.inject({ method: 'PUT', url: new URL(target.url).pathname, headers: target.headers, payload });

  it('refuses anonymous callers, unsupported files and oversized files', async () => {
    expect((await request({ filename: 'a.jpg', contentType: 'image/jpeg', size: 10 }, {})).statusCode).toBe(
      401,
    );
    // The declared type is only a hint: a GIF is signed, sent, and refused by its bytes when it is attached.
    const gifBytes = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(40, 1)]);
    const gif = await request({ filename: 'a.gif', contentType: 'image/gif', size: gifBytes.length });
    expect(gif.statusCode).toBe(201);
    const gifTarget = gif.json<{ uploadId: string; url: string; headers: Record<string, string> }>();
    expect((await send(gifTarget, gifBytes)).statusCode).toBe(204);
    const attached = await t.app.inject({
      method: 'POST',
      url: '/api/v1/artist/prints',
      headers,
      payload: { title: { da: 'GIF', en: 'GIF' }, uploadId: gifTarget.uploadId },
    });
    expect(attached.statusCode).toBe(415);
    expect(attached.json()).toEqual({
      error: {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: expect.stringContaining('GIF images are not supported.'),
      },
    });
    const big = await request({
      filename: 'a.jpg',
      contentType: 'image/jpeg',
      size: t.config.storage.uploadMaxBytes + 1,
    });
    expect(big.statusCode).toBe(413);
  });

  it('signs a target, accepts the file there, attaches it to a print and processes it', async () => {
    const file = await hatchingJpeg(900, 600);
    const res = await request({ filename: 'harbour.jpg', contentType: 'image/jpeg', size: file.length });
    expect(res.statusCode).toBe(201);
    const target = res.json<{
      uploadId: string;
      method: string;
      url: string;
      headers: Record<string, string>;
      maxBytes: number;
      expiresAt: string;
    }>();
    expect(target).toMatchObject({ method: 'PUT', maxBytes: file.length });
    expect(new Date(target.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const row = await t.handle.db
      .selectFrom('uploads')
      .selectAll()
      .where('id', '=', target.uploadId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      artist_id: artistId,
      storage_key: `uploads/${target.uploadId}`,
      status: 'pending',
    });

    // Attaching before the file arrived is refused.
    await expect(
      consumeUpload(t.handle.db, t.storage, { artistId, uploadId: target.uploadId, printId: null }),
    ).rejects.toThrow(/has not arrived/);
    expect((await send(target, file)).statusCode).toBeLessThan(300);

    const print = await t.handle.db
      .insertInto('prints')
      .values({ artist_id: artistId })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Another artist cannot use it.
    const other = await createArtist(t.handle, 'Other');
    await expect(
      consumeUpload(t.handle.db, t.storage, {
        artistId: other,
        uploadId: target.uploadId,
        printId: print.id,
      }),
    ).rejects.toThrow(/not found/i);
    const consumed = await t.handle.db
      .transaction()
      .execute((trx) =>
        consumeUpload(trx, t.storage, { artistId, uploadId: target.uploadId, printId: print.id }),
      );
    expect(consumed).toMatchObject({ originalKey: `uploads/${target.uploadId}`, bytes: file.length });
    await expect(
      consumeUpload(t.handle.db, t.storage, { artistId, uploadId: target.uploadId, printId: print.id }),
    ).rejects.toThrow(/already attached/);

    const outcome = await processImage(
      {
        db: t.handle.db,
        storage: t.storage,
        maxPixels: t.config.images.maxPixels,
        maxBytes: t.config.storage.uploadMaxBytes,
      },
      consumed.imageId,
    );
    expect(outcome.status).toBe('completed');
    const p = await t.handle.db
      .selectFrom('prints')
      .select(['image_id', 'image_status'])
      .where('id', '=', print.id)
      .executeTakeFirstOrThrow();
    expect(p).toEqual({ image_id: consumed.imageId, image_status: 'completed' });
  }, 60_000);

  it('creates a print through the artist API from a finished direct upload', async () => {
    const file = await hatchingJpeg(640, 480);
    const target = (
      await request({ filename: 'quay.jpg', contentType: 'image/jpeg', size: file.length })
    ).json<{
      uploadId: string;
      url: string;
      headers: Record<string, string>;
    }>();
    expect((await send(target, file)).statusCode).toBe(204);

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/artist/prints',
      headers,
      payload: { title: { da: 'Kajen', en: 'The quay' }, uploadId: target.uploadId },
    });
    expect(created.statusCode, created.body).toBe(201);
    const printId = created.json<{ id: string }>().id;
    const image = await t.handle.db
      .selectFrom('images')
      .select(['id', 'status', 'original_key', 'original_bytes'])
      .where('print_id', '=', printId)
      .executeTakeFirstOrThrow();
    expect(image).toMatchObject({
      status: 'processing',
      original_key: `uploads/${target.uploadId}`,
      original_bytes: file.length,
    });
    const print = await t.handle.db
      .selectFrom('prints')
      .select('image_status')
      .where('id', '=', printId)
      .executeTakeFirstOrThrow();
    expect(print.image_status).toBe('processing');
    const upload = await t.handle.db
      .selectFrom('uploads')
      .select('status')
      .where('id', '=', target.uploadId)
      .executeTakeFirstOrThrow();
    expect(upload.status).toBe('consumed');

    // The same upload cannot be attached twice, and nothing is changed by the refused request.
    const again = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/artist/prints/${printId}`,
      headers,
      payload: { uploadId: target.uploadId },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: 'This upload is already attached to a print' },
    });
  }, 60_000);
});
