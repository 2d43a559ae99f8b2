// Fixtures for the catalogue tests: artists with real studio sessions, prints with processed images, galleries.
import type { DatabaseHandle } from '../../src/platform/db/types.js';
import type { Config } from '../../src/config.js';
import type { Localized } from '../../src/platform/db/schema.js';
import { createArtist as provisionArtist } from '../../src/modules/auth/artists.js';
import { createSession, SESSION_COOKIE } from '../../src/modules/auth/sessions.js';
import type { FastifyInstance } from 'fastify';
import type { Storage } from '../../src/platform/storage/types.js';

let counter = 0;

/** An artist as `npm run artist -- create` makes one: the first of a database is the site owner, unless `owner`. */
export async function createArtist(
  handle: DatabaseHandle,
  name = 'Artist',
  options: { owner?: boolean } = {},
): Promise<string> {
  counter += 1;
  const artist = await provisionArtist(handle, {
    email: `artist${counter}-${Date.now()}@example.test`,
    name,
    owner: options.owner,
  });
  return artist.id;
}

/** Sets the artist's public name and default language in the settings, as the studio's settings page would. */
export async function setProfile(
  handle: DatabaseHandle,
  artistId: string,
  profile: { name: string; defaultLanguage: 'da' | 'en' },
): Promise<void> {
  const values = { profile_name: profile.name, default_language: profile.defaultLanguage };
  await handle.db
    .insertInto('settings')
    .values({ artist_id: artistId, ...values })
    .onConflict((oc) => oc.column('artist_id').doUpdateSet(values))
    .execute();
}

/** Inject headers of a signed-in studio session (cookie + CSRF token) for the artist. */
export async function asArtist(
  config: Config,
  handle: DatabaseHandle,
  artistId: string,
): Promise<Record<string, string>> {
  const s = await createSession(config, handle, {
    artistId,
    remember: false,
    ip: null,
    userAgent: 'vitest',
    idToken: null,
  });
  return { cookie: `${SESSION_COOKIE}=${s.token}`, 'x-csrf-token': s.csrfToken };
}

export interface PrintFixture {
  status?: 'draft' | 'published';
  title?: Localized;
  altText?: Localized;
  technique?: string | null;
  plateMaterial?: string | null;
  paper?: Localized;
  year?: number | null;
  editionSize?: number | null;
  withImage?: boolean;
}

/** A print straight in the database; withImage (default true) adds a completed image with two versions. */
export async function insertPrint(
  handle: DatabaseHandle,
  artistId: string,
  f: PrintFixture = {},
): Promise<string> {
  const db = handle.db;
  const print = await db
    .insertInto('prints')
    .values({
      artist_id: artistId,
      status: f.status ?? 'published',
      title: JSON.stringify(f.title ?? { da: 'Havn', en: 'Harbour' }),
      alt_text: JSON.stringify(f.altText ?? { da: 'Radering af en havn', en: 'Etching of a harbour' }),
      paper: JSON.stringify(f.paper ?? { da: 'Hahnemühle', en: 'Hahnemühle' }),
      technique_key: f.technique === undefined ? 'etching' : f.technique,
      plate_material_key: f.plateMaterial === undefined ? 'copper' : f.plateMaterial,
      year: f.year === undefined ? 2023 : f.year,
      edition_size: f.editionSize === undefined ? 25 : f.editionSize,
      plate_height_mm: 300,
      plate_width_mm: 400,
      published_at: f.status === 'draft' ? null : new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (f.withImage !== false) {
    const image = await db
      .insertInto('images')
      .values({
        artist_id: artistId,
        print_id: print.id,
        status: 'completed',
        original_key: `originals/${print.id}/original`,
        width: 1600,
        height: 1200,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('image_versions')
      .values([
        {
          image_id: image.id,
          version: 'thumbnail',
          storage_key: `${image.id}/thumbnail.webp`,
          width: 200,
          height: 200,
          bytes: 1000,
          format: 'webp',
        },
        {
          image_id: image.id,
          version: 'medium',
          storage_key: `${image.id}/medium.webp`,
          width: 800,
          height: 600,
          bytes: 9000,
          format: 'webp',
        },
        {
          image_id: image.id,
          version: 'original',
          storage_key: `originals/${image.id}/original`,
          width: 1600,
          height: 1200,
          bytes: 90000,
          format: 'jpeg',
        },
      ])
      .execute();
    await db
      .updateTable('prints')
      .set({ image_id: image.id, image_status: 'completed' })
      .where('id', '=', print.id)
      .execute();
  }
  return print.id;
}

export async function insertGallery(
  handle: DatabaseHandle,
  artistId: string,
  printIds: readonly string[] = [],
  status: 'draft' | 'published' = 'published',
  title: Localized = { da: 'Galleri', en: 'Gallery' },
): Promise<string> {
  const g = await handle.db
    .insertInto('galleries')
    .values({
      artist_id: artistId,
      status,
      title: JSON.stringify(title),
      published_at: status === 'published' ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, printId] of printIds.entries()) {
    await handle.db
      .insertInto('gallery_prints')
      .values({ gallery_id: g.id, print_id: printId, position: i + 1 })
      .execute();
  }
  return g.id;
}

export async function positions(handle: DatabaseHandle, galleryId: string): Promise<Array<[string, number]>> {
  const rows = await handle.db
    .selectFrom('gallery_prints')
    .select(['print_id', 'position'])
    .where('gallery_id', '=', galleryId)
    .orderBy('position')
    .execute();
  return rows.map((r) => [r.print_id, r.position]);
}

/**
 * Adds a file as an additional image of a print the way the studio does (decision 024): a direct upload
 * (`POST /api/v1/artist/uploads`, the file put where the signed URL points), then `POST …/prints/{id}/images`.
 * Throws unless the image was added; answers its id (processing is the caller's: the test apps run no worker).
 */
export async function addPrintImage(
  app: FastifyInstance,
  storage: Storage,
  headers: Record<string, string>,
  printId: string,
  file: Buffer,
  image: { role: string; altText?: { da?: string; en?: string }; filename?: string },
): Promise<string> {
  const { filename = 'image.jpg', ...body } = image;
  const signed = await app.inject({
    method: 'POST',
    url: '/api/v1/artist/uploads',
    headers,
    payload: { filename, contentType: 'image/jpeg', size: file.length },
  });
  if (signed.statusCode !== 201 && signed.statusCode !== 200)
    throw new Error(`upload refused: ${signed.statusCode} ${signed.body}`);
  const { uploadId } = signed.json<{ uploadId: string }>();
  await storage.put('originals', `uploads/${uploadId}`, file, { contentType: 'image/jpeg' });
  const added = await app.inject({
    method: 'POST',
    url: `/api/v1/artist/prints/${printId}/images`,
    headers,
    payload: { uploadId, ...body },
  });
  if (added.statusCode !== 201) throw new Error(`image refused: ${added.statusCode} ${added.body}`);
  return added.json<{ image: { id: string } }>().image.id;
}

/** An additional image of a print straight in the database (processed, with a thumbnail row) at the end of its order. */
export async function insertExtraImage(
  handle: DatabaseHandle,
  printId: string,
  owner: string,
  role: 'detail' | 'signature' | 'verso' | 'plate_mark' | 'in_situ' | 'other',
  alt: { da?: string; en?: string },
  status: 'completed' | 'processing' = 'completed',
): Promise<string> {
  const count = await handle.db
    .selectFrom('images')
    .select('id')
    .where('print_id', '=', printId)
    .where('role', '!=', 'primary')
    .execute();
  const image = await handle.db
    .insertInto('images')
    .values({
      artist_id: owner,
      print_id: printId,
      status,
      original_key: `originals/${printId}/${role}-${count.length}`,
      width: 900,
      height: 700,
      role,
      position: count.length + 1,
      alt_text: JSON.stringify(alt),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await handle.db
    .insertInto('image_versions')
    .values({
      image_id: image.id,
      version: 'thumbnail',
      storage_key: `${image.id}/thumbnail.webp`,
      width: 200,
      height: 156,
      bytes: 1000,
      format: 'webp',
    })
    .execute();
  return image.id;
}
