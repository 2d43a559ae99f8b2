// Several images per print (issue 19, decision 024) through the artist API, with the real pipeline, on PGlite with
// the local driver and on PostgreSQL with S3 (s3rver): adding, role/alt/order, making one primary, removing (its
// files go), the publishing gate asking for every image's alt text, and draft privacy for every image — a draft's
// additional image is not reachable by a visitor, a public print's is, and unpublishing hides it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveKeys } from '../../src/modules/media/repository.js';
import { processImage } from '../../src/modules/media/service.js';
import { hatchingJpeg } from '../fixtures/images.js';
import {
  artistApi,
  attachImage,
  MEDIA_SETUPS,
  openMediaEnv,
  visitorStatuses,
  type MediaEnv,
} from '../helpers/media-env.js';

const TEXTS = {
  title: { da: 'Mølle i sne', en: 'Mill in snow' },
  altText: { da: 'Radering af en mølle i sne', en: 'Etching of a mill in snow' },
  technique: 'etching',
  year: 2023,
};

interface PrintImage {
  id: string;
  role: string;
  primary: boolean;
  position: number;
  altText: { da: string; en: string };
  status: string;
  versions: Array<{ version: string; url: string }>;
}

describe.each(MEDIA_SETUPS)('several images per print on %s with %s storage', (engine, driver) => {
  let env: MediaEnv;
  beforeAll(async () => {
    env = await openMediaEnv(engine, driver);
  }, 60_000);
  afterAll(() => env?.cleanup());

  const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    artistApi(env, method, url, payload);

  /** A finished direct upload (the browser's part done straight in storage). */
  async function upload(width = 900, height = 700): Promise<string> {
    const file = await hatchingJpeg(width, height);
    const signed = await api('POST', '/api/v1/artist/uploads', {
      filename: 'detail.jpg',
      contentType: 'image/jpeg',
      size: file.length,
    });
    expect(signed.statusCode, signed.body).toBe(201);
    const { uploadId } = signed.json<{ uploadId: string }>();
    await env.storage.put('originals', `uploads/${uploadId}`, file, { contentType: 'image/jpeg' });
    return uploadId;
  }

  async function addImage(printId: string, body: object): Promise<PrintImage> {
    const res = await api('POST', `/api/v1/artist/prints/${printId}/images`, body);
    expect(res.statusCode, res.body).toBe(201);
    const { image } = res.json<{ image: PrintImage }>();
    expect((await processImage(env.deps, image.id)).status).toBe('completed');
    return image;
  }

  async function list(printId: string): Promise<PrintImage[]> {
    const res = await api('GET', `/api/v1/artist/prints/${printId}/images`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ images: PrintImage[] }>().images;
  }

  /** Every version of an image and its IIIF info.json, as a visitor would address them. */
  async function publicUrls(imageId: string): Promise<string[]> {
    const { versions, tiles } = await liveKeys(env.handle.db, imageId);
    const keys = [...versions, ...tiles];
    expect(keys.length).toBeGreaterThan(2);
    return keys.map((k) => env.storage.publicUrl(k));
  }

  async function newPrint(): Promise<string> {
    const created = await api('POST', '/api/v1/artist/prints', TEXTS);
    expect(created.statusCode, created.body).toBe(201);
    const printId = created.json<{ id: string }>().id;
    await attachImage(env, printId, 1200, 900);
    return printId;
  }

  async function publishInGallery(printId: string): Promise<string> {
    const gallery = await api('POST', '/api/v1/artist/galleries', {
      title: { da: 'Møller', en: 'Mills' },
      status: 'published',
    });
    const galleryId = gallery.json<{ id: string }>().id;
    expect(
      (await api('POST', `/api/v1/artist/galleries/${galleryId}/prints/${printId}`, {})).statusCode,
    ).toBe(201);
    const published = await api('PUT', `/api/v1/artist/prints/${printId}`, { status: 'published' });
    expect(published.statusCode, published.body).toBe(200);
    return galleryId;
  }

  it('adds, describes, reorders, makes primary and removes images; every change is audited', async () => {
    const printId = await newPrint();
    const [primary] = await list(printId);
    expect(primary).toMatchObject({ role: 'primary', primary: true, position: 0, altText: TEXTS.altText });

    const detail = await addImage(printId, {
      uploadId: await upload(),
      role: 'detail',
      altText: { da: 'Detalje af møllens vinger', en: 'Detail of the sails' },
    });
    const verso = await addImage(printId, { uploadId: await upload(), role: 'verso' });
    expect((await list(printId)).map((i) => [i.role, i.position, i.status])).toEqual([
      ['primary', 0, 'completed'],
      ['detail', 1, 'completed'],
      ['verso', 2, 'completed'],
    ]);
    // The primary's processing state is untouched by the additional images.
    const print = await api('GET', `/api/v1/artist/prints/${printId}`);
    expect(print.json()).toMatchObject({ imageProcessingStatus: 'completed', baseImageId: primary!.id });

    // Role, alt text and place.
    const patched = await api('PATCH', `/api/v1/artist/prints/${printId}/images/${verso.id}`, {
      role: 'signature',
      altText: { da: 'Signatur og nummer', en: 'Signature and edition number' },
      position: 1,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<{ images: PrintImage[] }>().images.map((i) => [i.id, i.role, i.position])).toEqual([
      [primary!.id, 'primary', 0],
      [verso.id, 'signature', 1],
      [detail.id, 'detail', 2],
    ]);
    const reordered = await api('PUT', `/api/v1/artist/prints/${printId}/images/order`, {
      imageIds: [detail.id, verso.id],
    });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json<{ images: PrintImage[] }>().images.map((i) => i.id)).toEqual([
      primary!.id,
      detail.id,
      verso.id,
    ]);

    // Strict input: a wrong order list, a place out of range, the primary role by PATCH, an unknown image.
    const bad = [
      await api('PUT', `/api/v1/artist/prints/${printId}/images/order`, { imageIds: [detail.id] }),
      await api('PATCH', `/api/v1/artist/prints/${printId}/images/${detail.id}`, { position: 3 }),
      await api('PATCH', `/api/v1/artist/prints/${printId}/images/${detail.id}`, { role: 'primary' }),
      await api('PATCH', `/api/v1/artist/prints/${printId}/images/${detail.id}`, { role: 'sideways' }),
      await api('POST', `/api/v1/artist/prints/${printId}/images`, {
        uploadId: await upload(),
        role: 'primary',
      }),
    ];
    expect(bad.map((r) => r.statusCode)).toEqual([400, 400, 400, 400, 400]);
    expect(
      bad.map((r) => r.json<{ error: { details?: { field?: string } } }>().error.details?.field),
    ).toEqual([
      'imageIds',
      'position',
      'role',
      expect.stringContaining('role'),
      expect.stringContaining('role'),
    ]);
    const unknown = await api(
      'PATCH',
      `/api/v1/artist/prints/${printId}/images/00000000-0000-4000-8000-000000000000`,
      { role: 'detail' },
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'RESOURCE_NOT_FOUND' } });
    const removePrimary = await api('DELETE', `/api/v1/artist/prints/${printId}/images/${primary!.id}`);
    expect(removePrimary.statusCode).toBe(409);

    // Make the detail primary: the print's image and alt text follow; the old primary takes the detail's place.
    const made = await api('POST', `/api/v1/artist/prints/${printId}/images/${detail.id}/primary`, {});
    expect(made.statusCode, made.body).toBe(200);
    expect(
      made.json<{ images: PrintImage[] }>().images.map((i) => [i.id, i.role, i.position, i.altText.en]),
    ).toEqual([
      [detail.id, 'primary', 0, 'Detail of the sails'],
      [primary!.id, 'detail', 1, TEXTS.altText.en],
      [verso.id, 'signature', 2, 'Signature and edition number'],
    ]);
    const after = await api('GET', `/api/v1/artist/prints/${printId}`);
    expect(after.json()).toMatchObject({
      baseImageId: detail.id,
      localized: { altText: { da: 'Detalje af møllens vinger', en: 'Detail of the sails' } },
    });

    // Remove the old primary (now an additional image): its row and every file go.
    const keys = await env.handle.db
      .selectFrom('image_versions')
      .select('storage_key')
      .where('image_id', '=', primary!.id)
      .execute();
    expect(keys.length).toBeGreaterThan(0);
    const removed = await api('DELETE', `/api/v1/artist/prints/${printId}/images/${primary!.id}`);
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await list(printId)).map((i) => [i.id, i.position])).toEqual([
      [detail.id, 0],
      [verso.id, 1],
    ]);
    for (const { storage_key } of keys) {
      expect(await env.storage.head('public', storage_key)).toBeUndefined();
      expect(await env.storage.head('originals', storage_key)).toBeUndefined();
    }

    const audit = await env.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', printId)
      .where('action', 'like', 'print.image%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'print.image_added',
      'print.image_added',
      'print.image_updated',
      'print.images_reordered',
      'print.image_made_primary',
      'print.image_removed',
    ]);
  });

  it("another artist's print and images answer 404", async () => {
    const printId = await newPrint();
    const [primary] = await list(printId);
    await env.handle.db
      .updateTable('prints')
      .set({ artist_id: await otherArtist() })
      .where('id', '=', printId)
      .execute();
    const res = await api('PATCH', `/api/v1/artist/prints/${printId}/images/${primary!.id}`, {
      role: 'detail',
    });
    expect(res.statusCode).toBe(404);
    expect((await api('GET', `/api/v1/artist/prints/${printId}/images`)).statusCode).toBe(404);
  });

  async function otherArtist(): Promise<string> {
    const row = await env.handle.db
      .insertInto('artists')
      .values({ email: `other-${Date.now()}@example.com`, display_name: 'Another artist' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it("a draft's additional image is private, a public print's is public, and the gate wants every alt text", async () => {
    const printId = await newPrint();
    const extra = await addImage(printId, { uploadId: await upload(), role: 'plate_mark' });
    const urls = await publicUrls(extra.id);
    expect(await visitorStatuses(env, urls)).toEqual(urls.map(() => 404));

    // Publishing is refused while the additional image lacks its alt text.
    const gallery = await api('POST', '/api/v1/artist/galleries', {
      title: { da: 'Møller', en: 'Mills' },
      status: 'published',
    });
    const galleryId = gallery.json<{ id: string }>().id;
    await api('POST', `/api/v1/artist/galleries/${galleryId}/prints/${printId}`, {});
    const refused = await api('PUT', `/api/v1/artist/prints/${printId}`, { status: 'published' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      error: {
        code: 'UNPROCESSABLE',
        details: {
          field: `images.${extra.id}.altText.da`,
          missing: [`images.${extra.id}.altText (da)`, `images.${extra.id}.altText (en)`],
        },
      },
    });
    const draft = await api('GET', `/api/v1/artist/prints/${printId}`);
    expect(draft.json<{ missingForPublication: string[] }>().missingForPublication).toContain(
      `images.${extra.id}.altText (en)`,
    );
    expect(await visitorStatuses(env, urls)).toEqual(urls.map(() => 404));
    // The studio editor says what is missing in words, not as a missing image.
    const editor = await env.app.inject({
      method: 'GET',
      url: `/studio/prints/${printId}`,
      headers: env.artist,
    });
    expect(editor.statusCode).toBe(200);
    expect(editor.body).toContain('<li>Alt text of an additional image (Danish)</li>');
    expect(editor.body).toContain('<li>Alt text of an additional image (English)</li>');
    expect(editor.body).not.toContain('<li>A processed image</li>');

    const described = await api('PATCH', `/api/v1/artist/prints/${printId}/images/${extra.id}`, {
      altText: { da: 'Pladekanten', en: 'The plate mark' },
    });
    expect(described.statusCode, described.body).toBe(200);
    expect((await api('PUT', `/api/v1/artist/prints/${printId}`, { status: 'published' })).statusCode).toBe(
      200,
    );
    expect(await visitorStatuses(env, urls)).toEqual(urls.map(() => 200));

    // The public API: `images`/`thumbnailUrl` stay the primary's; the others come in `additionalImages`.
    const [primary] = await list(printId);
    const json = await env.app.inject({ method: 'GET', url: `/api/v1/prints/${printId}?language=da` });
    expect(json.statusCode, json.body).toBe(200);
    const answer = json.json<{
      thumbnailUrl: string;
      images: Array<{ url: string }>;
      additionalImages: Array<{ id: string; role: string; altText: string; images: Array<{ url: string }> }>;
    }>();
    expect(answer.thumbnailUrl).toContain(`/images/${primary!.id}/`);
    expect(answer.images.every((i) => i.url.includes(`/images/${primary!.id}/`))).toBe(true);
    expect(answer.additionalImages).toEqual([
      expect.objectContaining({ id: extra.id, role: 'plate_mark', altText: 'Pladekanten' }),
    ]);
    expect(answer.additionalImages[0]!.images.length).toBeGreaterThan(2);
    expect(await visitorStatuses(env, [answer.additionalImages[0]!.images[0]!.url])).toEqual([200]);

    // The print page: a labelled list of links, each named by role and alt text; ?image= shows that image.
    const page = await env.app.inject({ method: 'GET', url: `/da/prints/${printId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<nav class="image-strip" aria-labelledby="image-strip-title">');
    expect(page.body).toContain('Billeder af dette tryk');
    expect(page.body).toMatch(/aria-current="true"[^>]*>.*?Trykket: Radering af en mølle i sne/s);
    expect(page.body).toMatch(new RegExp(`href="\\?gallery=[0-9a-f-]{36}&amp;image=${extra.id}"`));
    expect(page.body).toContain('<span class="visually-hidden">Pladekant: Pladekanten</span>');
    const chosen = await env.app.inject({ method: 'GET', url: `/en/prints/${printId}?image=${extra.id}` });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.body).toMatch(
      new RegExp(`class="artwork__image[^"]*" src="[^"]*/images/${extra.id}/[^"]*"`),
    );
    expect(chosen.body).toContain('alt="The plate mark"');
    expect(chosen.body).toContain('<span class="visually-hidden">Plate mark: The plate mark</span>');
    // An unknown or malformed ?image= shows the primary.
    for (const bad of ['00000000-0000-4000-8000-000000000000', 'nonsense']) {
      const res = await env.app.inject({ method: 'GET', url: `/en/prints/${printId}?image=${bad}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(new RegExp(`class="artwork__image[^"]*" src="[^"]*/images/${primary!.id}/`));
    }

    // A public print keeps its alt texts: clearing one, or adding an image without them, is refused.
    const cleared = await api('PATCH', `/api/v1/artist/prints/${printId}/images/${extra.id}`, {
      altText: { en: '' },
    });
    expect(cleared.statusCode).toBe(422);
    expect(cleared.json()).toMatchObject({ error: { details: { field: `images.${extra.id}.altText.en` } } });
    const undescribed = await api('POST', `/api/v1/artist/prints/${printId}/images`, {
      uploadId: await upload(),
      role: 'verso',
      altText: { da: 'Bagsiden' },
    });
    expect(undescribed.statusCode).toBe(422);
    expect(undescribed.json()).toMatchObject({ error: { details: { field: 'altText.en' } } });

    // An image added to a public print is processed privately, then placed publicly with the print's.
    const late = await addImage(printId, {
      uploadId: await upload(),
      role: 'verso',
      altText: { da: 'Bagsiden', en: 'The back' },
    });
    const lateUrls = await publicUrls(late.id);
    expect(await visitorStatuses(env, lateUrls)).toEqual(lateUrls.map(() => 200));

    // Unpublishing hides every image of the print again.
    expect((await api('PUT', `/api/v1/artist/prints/${printId}`, { status: 'draft' })).statusCode).toBe(200);
    expect(await visitorStatuses(env, [...urls, ...lateUrls])).toEqual([...urls, ...lateUrls].map(() => 404));
    // Published again (in a new published gallery): every image is public once more.
    await publishInGallery(printId);
    expect(await visitorStatuses(env, urls)).toEqual(urls.map(() => 200));
  });
});
