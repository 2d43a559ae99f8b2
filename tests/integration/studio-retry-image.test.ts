// Retrying an additional image whose processing failed (decision 024), through the app, the queue and the worker:
// the print editor's Images section offers "Retry processing" (a plain form) for the failed image only; the retry
// is the artist's own (another artist's answers 404), audited, puts the image back to processing and queues the
// same 'image.process' job, which the worker runs to completion. An image that has not failed is refused at its
// actions. PGlite with local storage.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist } from '../helpers/catalogue.js';
import { hatchingJpeg } from '../fixtures/images.js';
import { permanentOriginalKey } from '../../src/modules/media/originals.js';

describe('retry of a failed additional image (pglite, local storage, worker)', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let other: Record<string, string>;

  beforeAll(async () => {
    t = await openTestApp('pglite', {}, { jobs: 'worker' });
    headers = await asArtist(t.config, t.handle, await createArtist(t.handle, 'Jens Ølgaard'));
    other = await asArtist(t.config, t.handle, await createArtist(t.handle, 'Someone Else'));
  }, 60_000);
  afterAll(async () => await t?.cleanup());

  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const form = (url: string, as = headers) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: as.cookie ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: as['x-csrf-token'] ?? '' }).toString(),
    });
  const imageRow = (id: string) =>
    t.handle.db
      .selectFrom('images')
      .select(['status', 'error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('retries a failed additional image from the print editor: queued, then processed', async () => {
    const created = await api('POST', '/api/v1/artist/prints', { title: { da: 'Pladen', en: 'The plate' } });
    expect(created.statusCode, created.body).toBe(201);
    const printId = created.json<{ id: string }>().id;

    // An additional image whose file only starts like a JPEG: processing fails.
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(400, 7)]);
    const upload = await api('POST', '/api/v1/artist/uploads', {
      filename: 'detail.jpg',
      contentType: 'image/jpeg',
      size: bytes.length,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const { uploadId } = upload.json<{ uploadId: string }>();
    await t.storage.put('originals', `uploads/${uploadId}`, bytes, { contentType: 'image/jpeg' });
    const added = await api('POST', `/api/v1/artist/prints/${printId}/images`, { uploadId, role: 'detail' });
    expect(added.statusCode, added.body).toBe(201);
    const imageId = added.json<{ image: { id: string } }>().image.id;
    await expect.poll(async () => (await imageRow(imageId)).status, { timeout: 30_000 }).toBe('failed');

    // The editor offers the retry for that image.
    const editor = await t.app.inject({
      method: 'GET',
      url: `/studio/prints/${printId}`,
      headers: { cookie: headers.cookie ?? '' },
    });
    expect(editor.statusCode).toBe(200);
    const action = `/studio/prints/${printId}/images/${imageId}/retry`;
    expect(editor.body).toContain(`action="${action}"`);
    expect(editor.body).toContain('Retry processing');

    // Another artist: not found, nothing changes.
    expect((await form(action, other)).statusCode).toBe(404);
    expect((await imageRow(imageId)).status).toBe('failed');

    // The artist replaced the bad file meanwhile (as a restore of the original from S3 versions would): the retry
    // queues the same job, and the worker processes it.
    await t.storage.put('originals', permanentOriginalKey(imageId), await hatchingJpeg(900, 700), {
      contentType: 'image/jpeg',
    });
    const retried = await form(action);
    expect(retried.statusCode, retried.body).toBe(303);
    expect(retried.headers.location).toBe(`/studio/prints/${printId}?notice=image-retried#images`);
    const { rows: jobs } = await sql<{ id: string }>`
      select id from pgboss.job where name = 'image.process' and data->>'imageId' = ${imageId}`.execute(
      t.handle.db,
    );
    expect(jobs.length).toBe(2);
    await expect.poll(async () => (await imageRow(imageId)).status, { timeout: 45_000 }).toBe('completed');
    expect((await imageRow(imageId)).error).toBeNull();
    const versions = await t.handle.db
      .selectFrom('image_versions')
      .select('version')
      .where('image_id', '=', imageId)
      .execute();
    expect(versions.length).toBeGreaterThan(0);
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('action', '=', 'print.image_retried')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ imageId });

    // A processed image has nothing to retry: refused at the image's actions, no job, no audit.
    const again = await form(action);
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('The image is processed; there is nothing to retry.');
    expect(
      await t.handle.db
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'print.image_retried')
        .execute(),
    ).toHaveLength(1);
  }, 120_000);
});
