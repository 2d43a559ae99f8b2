// Replacing the image of a published print (issue #9): the artist API (what the studio editor's island calls)
// accepts the new upload without unpublishing; while the worker processes it, the public print page, the gallery
// cards and the public API keep showing the previous image, whose files stay public; once processed, the new image
// shows everywhere at once (the page cache follows the catalogue generation), its files are public and the old
// ones are gone. Draft privacy still holds: a draft's replacement stays private, and unpublishing hides the new
// files. The real image pipeline (processImage, the worker's job) runs between the steps, so "while processing"
// is a state, not a race. On PGlite with the local driver and on PostgreSQL with S3 (s3rver).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processImage } from '../../src/modules/media/service.js';
import { hatchingJpeg } from '../fixtures/images.js';
import {
  artistApi,
  MEDIA_SETUPS,
  openMediaEnv,
  visitorStatuses,
  type MediaEnv,
} from '../helpers/media-env.js';

const TEXTS = {
  title: { da: 'Havnen ved nat', en: 'The harbour at night' },
  altText: { da: 'Radering af en havn om natten', en: 'Etching of a harbour at night' },
  technique: 'etching',
  year: 2024,
};

interface PublicPrint {
  images: Array<{ version: string; url: string }>;
  thumbnailUrl: string | null;
}

describe.each(MEDIA_SETUPS)(
  'replacing the image of a published print on %s with %s storage',
  (engine, driver) => {
    let env: MediaEnv;
    beforeAll(async () => {
      env = await openMediaEnv(engine, driver);
    }, 60_000);
    afterAll(() => env?.cleanup());

    const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      artistApi(env, method, url, payload);
    const statuses = (urls: readonly string[]) => visitorStatuses(env, urls);

    /**
     * Uploads a file the way the editor's island does (signed target, the file straight to storage, then PUT the
     * print with the uploadId); returns the API's answer to that PUT and the new image's id.
     */
    async function uploadImage(printId: string, width: number, height: number) {
      const file = await hatchingJpeg(width, height);
      const signed = await api('POST', '/api/v1/artist/uploads', {
        filename: 'plate.jpg',
        contentType: 'image/jpeg',
        size: file.length,
      });
      expect(signed.statusCode, signed.body).toBe(201);
      const target = signed.json<{
        uploadId: string;
        method: 'PUT' | 'POST';
        url: string;
        fields: Record<string, string>;
        headers: Record<string, string>;
      }>();
      if (target.method === 'PUT') {
        const put = await env.app.inject({
          method: 'PUT',
          url: new URL(target.url).pathname + new URL(target.url).search,
          headers: target.headers,
          payload: file,
        });
        expect(put.statusCode, put.body).toBeLessThan(300);
      } else {
        const form = new FormData();
        for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
        form.append('file', new Blob([new Uint8Array(file)], { type: 'image/jpeg' }));
        const posted = await fetch(target.url, { method: 'POST', body: form });
        expect(posted.status, await posted.text()).toBeLessThan(300);
      }
      const attached = await api('PUT', `/api/v1/artist/prints/${printId}`, { uploadId: target.uploadId });
      const image = await env.handle.db
        .selectFrom('images')
        .select('id')
        .where('print_id', '=', printId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return { attached, imageId: image?.id };
    }

    async function processed(imageId: string): Promise<void> {
      expect((await processImage(env.deps, imageId)).status).toBe('completed');
    }

    /** Every version, the info.json and the first tile of an image, as a visitor would address them. */
    async function fileUrls(imageId: string): Promise<string[]> {
      const db = env.handle.db;
      const versions = await db
        .selectFrom('image_versions')
        .select('storage_key')
        .where('image_id', '=', imageId)
        .execute();
      const image = await db
        .selectFrom('images')
        .select('iiif_key')
        .where('id', '=', imageId)
        .executeTakeFirstOrThrow();
      const keys = versions.map((v) => v.storage_key);
      expect(keys.length).toBeGreaterThan(2);
      expect(image.iiif_key).toBeTruthy();
      keys.push(image.iiif_key!);
      const tilePrefix = image.iiif_key!.replace(/info\.json$/, '');
      for (const area of ['public', 'originals'] as const) {
        for await (const o of env.storage.list(area, tilePrefix)) {
          if (o.key === image.iiif_key) continue;
          keys.push(o.key);
          break;
        }
      }
      return keys.map((k) => env.storage.publicUrl(k));
    }

    const imageOf = (url: string) => /images\/([0-9a-f-]{36})\//.exec(url)?.[1];

    async function publicApi(printId: string): Promise<PublicPrint> {
      const res = await env.app.inject({ method: 'GET', url: `/api/v1/prints/${printId}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<PublicPrint>();
    }

    /** Image ids the visitor's print page, gallery page and the public API point at. */
    async function visitorImages(printId: string, galleryId: string) {
      const page = await env.app.inject({ method: 'GET', url: `/en/prints/${printId}` });
      const gallery = await env.app.inject({ method: 'GET', url: `/da/galleries/${galleryId}` });
      expect(page.statusCode).toBe(200);
      expect(gallery.statusCode).toBe(200);
      const ids = (html: string) => [
        ...new Set([...html.matchAll(/images\/([0-9a-f-]{36})\//g)].map((m) => m[1])),
      ];
      const json = await publicApi(printId);
      return {
        page: ids(page.body),
        gallery: ids(gallery.body),
        api: [...new Set([json.thumbnailUrl, ...json.images.map((i) => i.url)].map((u) => imageOf(u ?? '')))],
        apiUrls: json.images.map((i) => i.url),
      };
    }

    it('accepts a new image for a published print; the old one shows until the new one is processed, then the new one', async () => {
      const created = await api('POST', '/api/v1/artist/prints', TEXTS);
      expect(created.statusCode, created.body).toBe(201);
      const printId = created.json<{ id: string }>().id;
      const first = await uploadImage(printId, 2400, 1800);
      expect(first.attached.statusCode, first.attached.body).toBe(200);
      const oldId = first.imageId!;
      await processed(oldId);
      const gallery = await api('POST', '/api/v1/artist/galleries', {
        title: { da: 'Havne', en: 'Harbours' },
        status: 'published',
      });
      const galleryId = gallery.json<{ id: string }>().id;
      expect(
        (await api('POST', `/api/v1/artist/galleries/${galleryId}/prints/${printId}`, {})).statusCode,
      ).toBe(201);
      expect((await api('PUT', `/api/v1/artist/prints/${printId}`, { status: 'published' })).statusCode).toBe(
        200,
      );
      const oldUrls = await fileUrls(oldId);
      expect(await statuses(oldUrls)).toEqual(oldUrls.map(() => 200));
      // The pages are rendered (and cached) before the replacement.
      expect(await visitorImages(printId, galleryId)).toMatchObject({
        page: [oldId],
        gallery: [oldId],
        api: [oldId],
      });

      // The replacement: accepted, the print stays published and nothing is missing for publication.
      const second = await uploadImage(printId, 1600, 1200);
      expect(second.attached.statusCode, second.attached.body).toBe(200);
      const newId = second.imageId!;
      expect(newId).not.toBe(oldId);
      expect(second.attached.json()).toMatchObject({
        status: 'published',
        imageProcessingStatus: 'processing',
        baseImageId: oldId,
        missingForPublication: [],
      });
      // Other edits while it is processed pass the publishing gate too.
      const edited = await api('PUT', `/api/v1/artist/prints/${printId}`, {
        title: { da: 'Havnen om natten', en: 'The harbour by night' },
      });
      expect(edited.statusCode, edited.body).toBe(200);
      const editor = await env.app.inject({
        method: 'GET',
        url: `/studio/prints/${printId}`,
        headers: env.artist,
      });
      expect(editor.statusCode).toBe(200);
      expect(editor.body).toContain('The current image stays until the new one is ready.');
      expect(editor.body).not.toContain('Still needed before publishing');

      // While it is processed: the visitor sees the previous image everywhere, and its files.
      const during = await visitorImages(printId, galleryId);
      expect(during).toMatchObject({ page: [oldId], gallery: [oldId], api: [oldId] });
      expect(during.apiUrls.length).toBeGreaterThan(0);
      expect(await statuses(during.apiUrls)).toEqual(during.apiUrls.map(() => 200));
      expect((await env.app.inject({ method: 'GET', url: `/en/prints/${printId}` })).body).toContain(
        'The harbour by night',
      );

      // Processed: the new image everywhere at once (pages); the API's short in-process cache catches up.
      await processed(newId);
      const page = await env.app.inject({ method: 'GET', url: `/en/prints/${printId}` });
      expect(page.body).toContain(`images/${newId}/`);
      expect(page.body).not.toContain(`images/${oldId}/`);
      await expect
        .poll(async () => (await visitorImages(printId, galleryId)).api, { timeout: 10_000, interval: 250 })
        .toEqual([newId]);
      const after = await visitorImages(printId, galleryId);
      expect(after).toMatchObject({ page: [newId], gallery: [newId] });
      const newUrls = await fileUrls(newId);
      expect(after.apiUrls.every((u) => newUrls.includes(u))).toBe(true);
      expect(await statuses(newUrls)).toEqual(newUrls.map(() => 200));
      expect(await statuses(oldUrls)).toEqual(oldUrls.map(() => 404));
      const row = await env.handle.db
        .selectFrom('prints')
        .select(['status', 'image_id', 'image_status'])
        .where('id', '=', printId)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'published', image_id: newId, image_status: 'completed' });

      // Unpublished: the new files go private like any other (decision 005).
      expect((await api('PUT', `/api/v1/artist/prints/${printId}`, { status: 'draft' })).statusCode).toBe(
        200,
      );
      expect(await statuses(newUrls)).toEqual(newUrls.map(() => 404));
    }, 240_000);

    it('keeps a draft’s replacement private, and still refuses to publish a print whose only image is unprocessed', async () => {
      const created = await api('POST', '/api/v1/artist/prints', {
        ...TEXTS,
        title: { da: 'Skitse', en: 'Sketch' },
      });
      const printId = created.json<{ id: string }>().id;
      const first = await uploadImage(printId, 1200, 900);
      expect(first.attached.statusCode, first.attached.body).toBe(200);
      // The first image, not processed yet: nothing to show, so the gate refuses.
      const refused = await api('PUT', `/api/v1/artist/prints/${printId}`, { status: 'published' });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.message).toBe('Cannot publish the print: missing image (processed)');
      await processed(first.imageId!);

      const second = await uploadImage(printId, 1000, 800);
      expect(second.attached.statusCode, second.attached.body).toBe(200);
      await processed(second.imageId!);
      const urls = await fileUrls(second.imageId!);
      expect(await statuses(urls)).toEqual(urls.map(() => 404));
      expect((await env.app.inject({ method: 'GET', url: `/api/v1/prints/${printId}` })).statusCode).toBe(
        404,
      );
      // The artist sees it through the artist media route.
      const detail = await api('GET', `/api/v1/artist/prints/${printId}`);
      const artistUrls = detail.json<{ images: Array<{ url: string }> }>().images.map((i) => i.url);
      expect(artistUrls.length).toBeGreaterThan(0);
      expect(artistUrls.every((u) => u.includes(`images/${second.imageId}/`))).toBe(true);
      for (const url of artistUrls) {
        const file = await env.app.inject({ method: 'GET', url, headers: { cookie: env.artist.cookie! } });
        expect(file.statusCode).toBe(200);
      }
    }, 180_000);
  },
);
