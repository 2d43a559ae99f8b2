// Backup and restore on real PostgreSQL and PGlite with real local storage: round trips (same engine and
// PGlite → PostgreSQL), partial restores, corrupted and newer archives, retention and interrupted backups.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { DatabaseEngine, DatabaseHandle } from '../../src/platform/db/types.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { LocalFolders, Storage } from '../../src/platform/storage/types.js';
import { BackupVerificationError, scanArchive } from '../../src/modules/backups/archive.js';
import { BACKUP_TABLES } from '../../src/modules/backups/format.js';
import { restoreArchive } from '../../src/modules/backups/restore.js';
import { insertBackup, rowJsonSql } from '../../src/modules/backups/repository.js';
import { createBackup, listBackups, runBackup } from '../../src/modules/backups/service.js';
import { newVerificationCode } from '../../src/modules/certificates/code.js';
import { extract as tarExtract, pack as tarPack } from 'tar-stream';
import { createTempDir, openTestDatabase, type TestDatabase } from '../helpers/db.js';

interface System {
  db: TestDatabase;
  handle: DatabaseHandle;
  storage: Storage;
  config: Config;
  cleanup(): Promise<void>;
}

const open: System[] = [];

/** A backup record as a process that requested it leaves it (status running), whatever else is running. */
const recorded = async (s: System) =>
  (await insertBackup(s.handle.db, { artistId: null, includeVersions: false }, undefined, () => false))!;

async function system(engine: DatabaseEngine, env: Record<string, string> = {}): Promise<System> {
  const temp = await createTempDir('copper-backup-');
  const db = await openTestDatabase(engine, { DATA_DIR: temp.dir, ...env });
  const s: System = {
    db,
    handle: db.handle,
    config: db.config,
    storage: createStorage(db.config),
    async cleanup() {
      await db.cleanup();
      await temp.cleanup();
    },
  };
  open.push(s);
  return s;
}

afterAll(async () => {
  for (const s of open.splice(0)) await s.cleanup();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Seeded {
  artistId: string;
  prints: string[];
  galleries: string[];
  images: string[];
  originals: Map<string, string>;
}

/** Realistic content: artist, settings, own vocabulary, tags, prints, galleries, images with files, ledger, legal. */
async function seed(s: System, printCount = 4): Promise<Seeded> {
  const db = s.handle.db;
  const artist = await db
    .insertInto('artists')
    .values({ email: 'kunstner@example.test', display_name: 'Kunstner', password_hash: 'scrypt$abc$def' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const artistId = artist.id;
  await db
    .insertInto('settings')
    .values({
      artist_id: artistId,
      profile_name: 'Grafisk værksted',
      bio: JSON.stringify({ da: 'Radérer på Møn', en: 'Etcher on Møn' }),
      statement: JSON.stringify({ da: 'Linjen først', en: 'The line first' }),
      collections: JSON.stringify({ en: 'Statens Museum for Kunst' }),
      show_contact_email: true,
      watermark_text: '© Kunstner',
      default_language: 'da',
    })
    .execute();
  await db
    .insertInto('vocabulary_terms')
    .values({
      artist_id: artistId,
      kind: 'technique',
      key: 'sugar-aquatint',
      label: JSON.stringify({ da: 'Sukkerakvatinte', en: 'Sugar aquatint' }),
      sort: 5,
    })
    .execute();
  const tags = [];
  for (const [slug, da, en] of [
    ['hav', 'Hav', 'Sea'],
    ['skov', 'Skov', 'Forest'],
  ] as const) {
    tags.push(
      (
        await db
          .insertInto('tags')
          .values({ artist_id: artistId, slug, label: JSON.stringify({ da, en }) })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  const prints: string[] = [];
  const images: string[] = [];
  const originals = new Map<string, string>();
  for (let i = 0; i < printCount; i++) {
    const print = await db
      .insertInto('prints')
      .values({
        artist_id: artistId,
        status: i % 2 === 0 ? 'published' : 'draft',
        title: JSON.stringify({ da: `Blad ${i} – Æblehave`, en: `Sheet ${i} – Orchard` }),
        description: JSON.stringify({ da: 'Ætsning i tre tilstande', en: 'Etching in three states' }),
        technique_key: i === 0 ? 'sugar-aquatint' : 'etching',
        plate_material_key: 'copper',
        year: 2000 + i,
        edition_size: 20,
        price_amount: '1250.50',
        price_currency: 'DKK',
        // The artist's own inventory number (every other print), archived and restored like every column.
        inventory_number: i % 2 === 0 ? `INV-${i}` : null,
        // A print's own zoom limit (0027): archived and restored with the row; null is the site-wide setting.
        zoom_max_pixels: i === 1 ? 2500 : null,
        published_at: i % 2 === 0 ? new Date('2024-05-01T10:11:12.345Z') : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    prints.push(print.id);
    await db
      .insertInto('print_tags')
      .values(tags.slice(0, (i % 2) + 1).map((t) => ({ print_id: print.id, tag_id: t })))
      .execute();
    await db
      .insertInto('impressions')
      .values([
        {
          print_id: print.id,
          kind: 'numbered',
          number: 1,
          printed_on: '2024-02-29',
          status: 'sold',
          // The certificate's verification code (0018): archived and restored with its impression.
          verification_code: newVerificationCode(),
        },
        {
          print_id: print.id,
          kind: 'AP',
          number: null,
          notes: 'Kunstnerens eget',
          price_amount: 900,
          price_currency: 'EUR',
        },
      ])
      .execute();
    const bytes = randomBytes(50_000 + i * 1000);
    const image = await db
      .insertInto('images')
      .values({
        artist_id: artistId,
        print_id: print.id,
        status: 'completed',
        original_key: `originals/${artistId}/${print.id}/plate-${i}-with-a-rather-long-file-name-to-need-pax-headers.jpg`,
        original_filename: `plade ${i}.jpg`,
        original_bytes: bytes.length,
        width: 4000,
        height: 3000,
        sha256: sha(bytes),
        // A print's images carry a role, a place and their own alt text (0025): archived and restored as they are.
        alt_text: JSON.stringify({ da: `Plade ${i} set bagfra`, en: `Plate ${i} from the back` }),
        ...(i === 3 ? { role: 'verso' as const, position: 1 } : {}),
      })
      .returning(['id', 'original_key'])
      .executeTakeFirstOrThrow();
    images.push(image.id);
    await s.storage.put('originals', image.original_key, bytes);
    originals.set(image.original_key, sha(bytes));
    // Versions of a published print are public, a draft's private (the final statuses: print 1 is published below).
    const area = i % 2 === 0 || i === 1 ? 'public' : 'originals';
    for (const version of ['thumbnail', 'medium'] as const) {
      const key = `images/${image.id}/g1/${version}.webp`;
      const file = randomBytes(3000);
      await s.storage.put(area, key, file, { contentType: 'image/webp' });
      await db
        .insertInto('image_versions')
        .values({
          image_id: image.id,
          version,
          storage_key: key,
          width: 400,
          height: 300,
          bytes: file.length,
          format: 'webp',
        })
        .execute();
    }
    await db
      .insertInto('image_exif')
      .values({
        image_id: image.id,
        data: JSON.stringify({ Make: 'Nikon' }),
        camera: 'Nikon Z6',
        f_number: '5.60',
        iso: 100,
      })
      .execute();
    // Plate states (0026): two per print, the second with its state proof and the numbered impression pulled from it.
    const states = await db
      .insertInto('plate_states')
      .values([
        { print_id: print.id, number: 1, dated: '1998', description: JSON.stringify({ da: 'Linjeætsning' }) },
        {
          print_id: print.id,
          number: 2,
          dated: '1998-03-12',
          description: JSON.stringify({ da: 'Akvatinte i himlen', en: 'Aquatint in the sky' }),
          image_id: image.id,
        },
      ])
      .returning('id')
      .execute();
    await db
      .updateTable('impressions')
      .set({ plate_state_id: states[1]!.id })
      .where('print_id', '=', print.id)
      .where('kind', '=', 'numbered')
      .execute();
    await db
      .updateTable('prints')
      .set({ image_id: image.id, image_status: 'completed' })
      .where('id', '=', print.id)
      .execute();
  }
  const galleries: string[] = [];
  for (const [g, order] of [
    [0, [2, 0, 1]],
    [1, [3, 1]],
  ] as const) {
    const gallery = await db
      .insertInto('galleries')
      .values({
        artist_id: artistId,
        status: 'published',
        title: JSON.stringify({ da: `Samling ${g}`, en: `Collection ${g}` }),
        cover_print_id: prints[order[0]]!,
        published_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    galleries.push(gallery.id);
    for (const [position, p] of order.entries()) {
      await db
        .insertInto('gallery_prints')
        .values({ gallery_id: gallery.id, print_id: prints[p]!, position: position + 1 })
        .execute();
    }
  }
  // The CV: an exhibition showing two prints, one without an end date.
  const show = await db
    .insertInto('exhibitions')
    .values({
      artist_id: artistId,
      kind: 'solo',
      title: 'Kobber og salt',
      venue: 'Kunsthal Møn',
      city: 'Stege',
      country: 'Danmark',
      starts_on: '2024-02-29',
      ends_on: '2024-04-01',
      url: 'https://example.test/show',
      description: JSON.stringify({ da: 'Nye raderinger', en: 'New etchings' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('exhibitions')
    .values({ artist_id: artistId, kind: 'award', title: 'Grafikprisen', starts_on: '2023-11-11' })
    .execute();
  await db
    .insertInto('exhibition_prints')
    .values(prints.slice(0, 2).map((print_id) => ({ exhibition_id: show.id, print_id })))
    .execute();
  const notice = await db
    .insertInto('takedown_notices')
    .values({
      work_concerned: 'Blad 1',
      infringing_url: 'https://example.test/copy',
      claimant_name: 'A. Person',
      claimant_email: 'a@example.test',
      statement_good_faith: true,
      statement_accuracy: true,
      signature: 'A. Person',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('takedown_actions')
    .values({ notice_id: notice.id, action: 'reviewed', actor: 'artist' })
    .execute();
  await db
    .insertInto('audit_events')
    .values({
      artist_id: artistId,
      actor: 'kunstner@example.test',
      action: 'print.updated',
      details: { n: 1 },
    })
    .execute();
  // A viewing room with a password, its prints in order (decision 015: hash and sealed link travel with it).
  const room = await db
    .insertInto('viewing_rooms')
    .values({
      artist_id: artistId,
      title: JSON.stringify({ da: 'Til Karen', en: 'For Karen' }),
      token_hash: 'hash-of-the-link',
      token_sealed: 'v1.sealed.link.tag',
      password_hash: 'scrypt$32768$8$1$salt$hash',
      expires_at: new Date('2030-01-01T00:00:00Z'),
      show_prices: true,
      last_opened_at: new Date('2026-01-02T03:04:05Z'),
      open_count: 3,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('viewing_room_prints')
    .values([
      { room_id: room.id, print_id: prints[1]!, position: 1 },
      { room_id: room.id, print_id: prints[0]!, position: 2 },
    ])
    .execute();
  // The business records (decision 022): a collector and a dealer, a sale of print 0's numbered impression (the
  // line keeping what the ledger said before) and a consignment of its AP, still out.
  const [numbered, proof] = await Promise.all(
    (['numbered', 'AP'] as const).map((kind) =>
      db
        .selectFrom('impressions')
        .select('id')
        .where('print_id', '=', prints[0]!)
        .where('kind', '=', kind)
        .executeTakeFirstOrThrow(),
    ),
  );
  const [collector, dealer] = await Promise.all(
    [
      {
        kind: 'collector' as const,
        name: 'Søren Ærbødig',
        email: 'soren@example.test',
        address: 'Nyhavn 1\n1051 København K',
        notes: 'Likes "big" plates',
      },
      {
        kind: 'dealer' as const,
        name: 'Karen Holm',
        organisation: 'Galleri Møllen',
        phone: '+45 12 34 56 78',
      },
    ].map((c) =>
      db
        .insertInto('contacts')
        .values({ artist_id: artistId, ...c })
        .returning('id')
        .executeTakeFirstOrThrow(),
    ),
  );
  const sale = await db
    .insertInto('sales')
    .values({
      artist_id: artistId,
      contact_id: collector!.id,
      sold_on: '2024-02-29',
      price_amount: '4800.50',
      price_currency: 'DKK',
      channel: 'fair',
      invoice_number: 'F-2024-007',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('sale_lines')
    .values({
      sale_id: sale.id,
      impression_id: numbered!.id,
      previous_status: 'available',
      previous_location: 'Skuffe 2',
    })
    .execute();
  const consignment = await db
    .insertInto('consignments')
    .values({
      artist_id: artistId,
      contact_id: dealer!.id,
      out_on: '2025-03-01',
      commission_percent: '40.00',
      price_amount: 900,
      price_currency: 'EUR',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('consignment_lines')
    .values({
      consignment_id: consignment.id,
      impression_id: proof!.id,
      previous_status: 'available',
      previous_location: null,
    })
    .execute();
  // Something updated after creation, so updated_at differs from created_at.
  await db.updateTable('prints').set({ status: 'published' }).where('id', '=', prints[1]!).execute();
  return { artistId, prints, galleries, images, originals };
}

/**
 * Every backed-up table as ordered JSON text (the restore's own audit events left out). The search documents are
 * derived (rebuilt on restore; the order of tag words in them follows physical row order), so they are left out.
 */
async function dumpAll(handle: DatabaseHandle): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  await handle.db.transaction().execute(async (trx) => {
    await sql`set local time zone 'UTC'`.execute(trx);
    for (const spec of BACKUP_TABLES) {
      const where = spec.name === 'audit_events' ? sql`where t.action not like 'backup.%'` : sql``;
      const { rows } = await sql<{ j: string }>`
        select ${rowJsonSql(spec)} as j from ${sql.table(spec.name)} t ${where}
        order by ${sql.raw(spec.key.map((k) => `t.${k}`).join(', '))}
      `.execute(trx);
      out[spec.name] = rows.map((r) => r.j);
    }
  });
  return out;
}

async function readAll(storage: Storage, area: 'originals' | 'public', key: string): Promise<Buffer> {
  return Buffer.concat(await (await storage.getStream(area, key)).toArray());
}

/** Everything a (tar-stream) stream yields. */
async function bytesOf(stream: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function archiveBytes(s: System, key: string): Promise<Buffer> {
  return readAll(s.storage, 'backups' as 'originals', key);
}

const deps = (s: System) => ({ config: s.config, database: s.handle, storage: s.storage });

describe.each([
  ['pglite', 'pglite'],
  ['postgres', 'postgres'],
  ['pglite', 'postgres'],
] as const)('round trip %s → %s', (from, to) => {
  it('restores every row and every original byte identically', async () => {
    const source = await system(from);
    const seeded = await seed(source);
    const before = await dumpAll(source.handle);
    const backup = await createBackup(deps(source), seeded.artistId, { includeVersions: true });
    expect(backup.status).toBe('verified');
    expect(backup.report?.counts).toMatchObject({
      prints: 4,
      galleries: 2,
      gallery_prints: 5,
      images: 4,
      plate_states: 8,
    });
    expect((backup.report as { sizes: { originalsBytes: number } }).sizes.originalsBytes).toBeGreaterThan(
      200_000,
    );

    const target = await system(to);
    const opened = () => source.storage.getStream('backups', backup.storageKey!);
    const dry = await restoreArchive(deps(target), opened, { dryRun: true });
    expect(dry.tables.prints).toEqual({ insert: 4, update: 0, unchanged: 0, skipped: 0 });
    expect(dry.files.write).toBe(4 + 8);
    expect(await target.handle.db.selectFrom('prints').select('id').execute()).toEqual([]);

    const result = await restoreArchive(deps(target), opened, { actor: 'test' });
    expect(result.requeued).toEqual([]);
    const after = await dumpAll(target.handle);
    for (const spec of BACKUP_TABLES) expect(after[spec.name], spec.name).toEqual(before[spec.name]);
    // Certificates keep verifying after a restore: the codes are in the archive and back on their impressions.
    expect(after.impressions!.filter((r) => /"verification_code": ?"[0-9A-Z]{20}"/.test(r))).toHaveLength(4);
    for (const [key, digest] of seeded.originals) {
      expect(sha(await readAll(target.storage, 'originals', key))).toBe(digest);
    }
    // Every version back, byte for byte, in its area: public for published prints, private for the draft.
    const versions = await target.handle.db
      .selectFrom('image_versions')
      .innerJoin('images', 'images.id', 'image_versions.image_id')
      .innerJoin('prints', 'prints.id', 'images.print_id')
      .select(['image_versions.storage_key', 'prints.status'])
      .execute();
    expect(versions).toHaveLength(8);
    for (const v of versions) {
      const area = v.status === 'published' ? 'public' : 'originals';
      expect(await readAll(target.storage, area, v.storage_key)).toEqual(
        await readAll(source.storage, area, v.storage_key),
      );
      expect(
        await target.storage.head(area === 'public' ? 'originals' : 'public', v.storage_key),
      ).toBeUndefined();
    }
    // Search still works on the restored data (documents rebuilt with tags).
    const hit = await sql<{
      n: number;
    }>`select count(*)::int as n from prints where search_en @@ to_tsquery('english', 'forest')`.execute(
      target.handle.db,
    );
    expect(hit.rows[0]!.n).toBe(2);
    const audit = await target.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'backup.restored')
      .execute();
    expect(audit).toHaveLength(1);
    // A second dry run finds nothing to do.
    const again = await restoreArchive(deps(target), opened, { dryRun: true });
    expect(again.tables.prints).toEqual({ insert: 0, update: 0, unchanged: 4, skipped: 0 });
    expect(again.files.write).toBe(0);
  }, 120_000);
});

describe.each(['pglite', 'postgres'] as const)('on %s', (engine) => {
  let s: System;
  let seeded: Seeded;
  let key: string;
  beforeAll(async () => {
    s = await system(engine);
    seeded = await seed(s);
    key = (await createBackup(deps(s), seeded.artistId)).storageKey!;
  }, 60_000);

  it('restores one print’s metadata (tags, impressions) without touching others', async () => {
    const [p0, p1] = seeded.prints as [string, string];
    const before = await dumpAll(s.handle);
    await s.handle.db
      .updateTable('prints')
      .set({ title: JSON.stringify({ da: 'Ødelagt', en: 'Broken' }) })
      .where('id', 'in', [p0, p1])
      .execute();
    const p0Lines = (rows: string[]) =>
      rows.filter((r) => before.impressions!.some((i) => i.includes(p0) && r.includes(JSON.parse(i).id)));
    expect(p0Lines(before.sale_lines!)).toHaveLength(1);
    await s.handle.db.deleteFrom('impressions').where('print_id', '=', p0).execute();
    await s.handle.db.deleteFrom('print_tags').where('print_id', '=', p0).execute();
    // A state removed and another added since the backup: the print's states come back as archived.
    await s.handle.db.deleteFrom('plate_states').where('print_id', '=', p0).where('number', '=', 2).execute();
    await s.handle.db.insertInto('plate_states').values({ print_id: p0, number: 7 }).execute();
    await s.handle.db.insertInto('impressions').values({ print_id: p0, kind: 'HC' }).execute();
    const result = await restoreArchive(deps(s), () => s.storage.getStream('backups', key), {
      printId: p0,
      only: 'metadata',
    });
    expect(result.tables.prints).toMatchObject({ update: 1 });
    expect(result.tables.impressions).toMatchObject({ insert: 2 });
    const after = await dumpAll(s.handle);
    const p0Row = (rows: string[]) => rows.find((r) => r.includes(p0) && r.includes('"title"'));
    expect(p0Row(after.prints!)).toEqual(p0Row(before.prints!));
    expect(after.impressions!.filter((r) => r.includes(p0))).toEqual(
      before.impressions!.filter((r) => r.includes(p0)),
    );
    expect(after.print_tags).toEqual(before.print_tags);
    expect(after.plate_states).toEqual(before.plate_states);
    expect(before.impressions!.filter((r) => /"plate_state_id": ?"[0-9a-f-]{36}"/.test(r))).toHaveLength(4);
    // The impressions' sale and consignment lines (deleted with them) are back too.
    expect(after.sale_lines).toEqual(before.sale_lines);
    expect(after.consignment_lines).toEqual(before.consignment_lines);
    const other = await s.handle.db
      .selectFrom('prints')
      .select('title')
      .where('id', '=', p1)
      .executeTakeFirstOrThrow();
    expect(other.title).toEqual({ da: 'Ødelagt', en: 'Broken' });
  });

  it('restores one gallery’s order', async () => {
    const g0 = seeded.galleries[0]!;
    const order = () =>
      s.handle.db
        .selectFrom('gallery_prints')
        .select(['print_id', 'position'])
        .where('gallery_id', '=', g0)
        .orderBy('position')
        .execute();
    const before = await order();
    await s.handle.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('gallery_prints').where('gallery_id', '=', g0).execute();
      await trx
        .insertInto('gallery_prints')
        .values({ gallery_id: g0, print_id: seeded.prints[3]!, position: 1 })
        .execute();
    });
    const g1Before = await s.handle.db
      .selectFrom('gallery_prints')
      .selectAll()
      .where('gallery_id', '=', seeded.galleries[1]!)
      .execute();
    const dry = await restoreArchive(deps(s), () => s.storage.getStream('backups', key), {
      galleryId: g0,
      dryRun: true,
    });
    expect(dry.tables.gallery_prints).toMatchObject({ insert: 3 });
    await restoreArchive(deps(s), () => s.storage.getStream('backups', key), { galleryId: g0 });
    expect(await order()).toEqual(before);
    expect(
      await s.handle.db
        .selectFrom('gallery_prints')
        .selectAll()
        .where('gallery_id', '=', seeded.galleries[1]!)
        .execute(),
    ).toEqual(g1Before);
  });

  it('re-queues an image whose restored rows name versions no longer in storage (--only metadata)', async () => {
    const [p0, p2] = [seeded.prints[0]!, seeded.prints[2]!];
    const image = seeded.images[0]!;
    // Since the backup the image was processed again: new generation folder, the old one gone.
    const old = await s.handle.db
      .selectFrom('image_versions')
      .select(['version', 'storage_key'])
      .where('image_id', '=', image)
      .execute();
    for (const v of old) {
      const next = v.storage_key.replace('/g1/', '/g2/');
      await s.storage.put('public', next, await readAll(s.storage, 'public', v.storage_key));
      await s.storage.delete('public', v.storage_key);
      await s.handle.db
        .updateTable('image_versions')
        .set({ storage_key: next })
        .where('image_id', '=', image)
        .where('version', '=', v.version)
        .execute();
    }
    const sent: string[] = [];
    const queue = {
      send: async (_name: 'image.process', data: { imageId: string }) => (sent.push(data.imageId), 'job'),
    };
    const dry = await restoreArchive(deps(s), () => s.storage.getStream('backups', key), {
      printId: p0,
      only: 'metadata',
      dryRun: true,
      queue,
    });
    expect(dry.requeued).toEqual([image]);
    expect(sent).toEqual([]);
    const result = await restoreArchive(deps(s), () => s.storage.getStream('backups', key), {
      printId: p0,
      only: 'metadata',
      queue,
    });
    // The restored rows name the g1 files again, which are gone: the image is processed again.
    expect(result.requeued).toEqual([image]);
    expect(sent).toEqual([image]);
    const print = await s.handle.db
      .selectFrom('prints')
      .innerJoin('images', 'images.id', 'prints.image_id')
      .select(['prints.image_status', 'images.status'])
      .where('prints.id', '=', p0)
      .executeTakeFirstOrThrow();
    expect(print).toEqual({ image_status: 'processing', status: 'processing' });
    // Another print whose files are all there is left as it is.
    const other = await restoreArchive(deps(s), () => s.storage.getStream('backups', key), {
      printId: p2,
      only: 'metadata',
      queue,
    });
    expect(other.requeued).toEqual([]);
  });

  it('puts a restored draft’s image files back in the private area (no public copy is left)', async () => {
    const draft = seeded.prints[3]!;
    const image = seeded.images[3]!;
    const withVersions = (await createBackup(deps(s), seeded.artistId, { includeVersions: true }))
      .storageKey!;
    // Since the backup the print was published: its files moved to the public area.
    const keys: string[] = [];
    for await (const o of s.storage.list('originals', `images/${image}/`)) keys.push(o.key);
    expect(keys).toHaveLength(2);
    for (const k of keys) {
      await s.storage.put('public', k, await readAll(s.storage, 'originals', k));
      await s.storage.delete('originals', k);
    }
    await s.handle.db.updateTable('prints').set({ status: 'published' }).where('id', '=', draft).execute();

    await restoreArchive(deps(s), () => s.storage.getStream('backups', withVersions), { printId: draft });
    const status = await s.handle.db
      .selectFrom('prints')
      .select('status')
      .where('id', '=', draft)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('draft');
    for (const k of keys) {
      expect(await s.storage.head('public', k), k).toBeUndefined();
      expect(await s.storage.head('originals', k), k).toBeDefined();
    }
  });

  it('re-queues processing for images whose versions were not archived', async () => {
    const target = await system(engine);
    const sent: string[] = [];
    const result = await restoreArchive(deps(target), () => s.storage.getStream('backups', key), {
      queue: { send: async (_name, data) => (sent.push(data.imageId), 'job') },
    });
    expect(new Set(sent)).toEqual(new Set(seeded.images));
    expect(result.requeued).toHaveLength(4);
    const statuses = await target.handle.db.selectFrom('images').select('status').distinct().execute();
    expect(statuses).toEqual([{ status: 'processing' }]);
    const printStatuses = await target.handle.db
      .selectFrom('prints')
      .select('image_status')
      .distinct()
      .execute();
    expect(printStatuses).toEqual([{ image_status: 'processing' }]);
  });

  it('refuses a corrupted archive (verify and restore) and leaves the database alone', async () => {
    const good = await archiveBytes(s, key);
    // Flip one byte inside an original's body (re-compressed so only the entry checksum catches it).
    const tar = gunzipSync(good);
    const at = tar.indexOf(Buffer.from('originals/'), 0);
    const bodyAt = tar.indexOf(Buffer.from('originals/'), tar.indexOf(Buffer.from('db/audit_events')) + 1);
    expect(at).toBeGreaterThan(0);
    const damaged = Buffer.from(tar);
    damaged[bodyAt + 2048] = damaged[bodyAt + 2048]! ^ 0xff;
    await expect(scanArchive(Readable.from([gzipSync(damaged)]))).rejects.toThrow(/SHA-256 mismatch/);
    // Flip a byte of the compressed file itself.
    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)] = flipped[Math.floor(flipped.length / 2)]! ^ 0x55;
    await expect(scanArchive(Readable.from([flipped]))).rejects.toBeInstanceOf(BackupVerificationError);
    const target = await system(engine);
    await expect(
      restoreArchive(deps(target), async () => Readable.from([gzipSync(damaged)])),
    ).rejects.toThrow(/refused/);
    expect(await target.handle.db.selectFrom('prints').select('id').execute()).toEqual([]);
  });

  it('refuses an archive with a newer format version', async () => {
    // The same archive with its manifest claiming format 2.
    const extract = tarExtract();
    Readable.from([gunzipSync(await archiveBytes(s, key))]).pipe(extract);
    const pack = tarPack();
    for await (const e of extract) {
      let body = await bytesOf(e);
      if (e.header.name === 'manifest.json') {
        const m = JSON.parse(body.toString()) as Record<string, unknown>;
        body = Buffer.from(JSON.stringify({ ...m, formatVersion: 2 }));
      }
      pack.entry({ name: e.header.name, mtime: e.header.mtime }, body);
    }
    pack.finalize();
    const newer = gzipSync(await bytesOf(pack));
    await expect(scanArchive(Readable.from([newer]))).rejects.toThrow(/format version 2 is newer/);
    await expect(
      restoreArchive(deps(s), async () => Readable.from([newer]), { dryRun: true }),
    ).rejects.toThrow(/format version 2 is newer/);
  });
});

describe('retention and failures (pglite)', () => {
  let s: System;
  afterEach(() => undefined);

  it('keeps exactly BACKUP_RETENTION newest verified backups when set above three', async () => {
    const r = await system('pglite', { BACKUP_RETENTION: '4' });
    await seed(r);
    const made: string[] = [];
    for (let i = 0; i < 6; i++) made.push((await createBackup(deps(r), null)).id);
    expect((await listBackups(r.handle.db)).map((b) => b.id)).toEqual(made.slice(2).reverse());
  });

  it('keeps exactly the newest N verified backups; a failed backup removes nothing else', async () => {
    s = await system('pglite');
    await seed(s, 4);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await createBackup(deps(s), null)).id);
    const list = await listBackups(s.handle.db);
    expect(list.map((b) => b.id)).toEqual(made.slice(2).reverse());
    const files: string[] = [];
    for await (const o of s.storage.list('backups', 'backups/')) files.push(o.key);
    expect(files.sort()).toEqual(list.map((b) => b.storageKey).sort());

    // Storage that fails half-way through writing the archive.
    const real = s.storage;
    const failing: Storage = {
      driver: real.driver,
      getStream: (...a) => real.getStream(...a),
      head: (...a) => real.head(...a),
      delete: (...a) => real.delete(...a),
      deletePrefix: (...a) => real.deletePrefix(...a),
      list: (...a) => real.list(...a),
      move: (...a) => real.move(...a),
      copy: (...a) => real.copy(...a),
      sweepTemporary: (...a) => real.sweepTemporary(...a),
      createUploadTarget: (...a) => real.createUploadTarget(...a),
      publicUrl: (...a) => real.publicUrl(...a),
      ping: () => real.ping(),
      // Like the old `instanceof LocalStorage` check on this wrapper: no local folders to sweep.
      hasLocalFolders(): this is LocalFolders {
        return false;
      },
      put: async (area, k, body, options) => {
        if (area !== 'backups') return s.storage.put(area, k, body, options);
        let seen = 0;
        const broken = (async function* () {
          for await (const chunk of body as Readable) {
            seen += (chunk as Buffer).length;
            if (seen > 20_000) throw new Error('connection reset while uploading');
            yield chunk as Buffer;
          }
        })();
        return s.storage.put(area, k, Readable.from(broken), options);
      },
    };
    await expect(createBackup({ ...deps(s), storage: failing }, null)).rejects.toThrow(/connection reset/);
    const afterFail = await listBackups(s.handle.db);
    expect(afterFail.filter((b) => b.status === 'verified').map((b) => b.id)).toEqual(
      made.slice(2).reverse(),
    );
    expect(afterFail[0]!.status).toBe('failed');
    const keys: string[] = [];
    for await (const o of s.storage.list('backups', 'backups/')) keys.push(o.key);
    expect(keys.sort()).toEqual(list.map((b) => b.storageKey).sort());
  });

  it('marks a backup whose process died as failed and removes its partial archive (pglite: one process)', async () => {
    s = await system('pglite');
    // A backup that had started writing (it has its key) in a process that is gone: with PGlite only this
    // process can have the database open, so it is dead however recent.
    const { id } = await recorded(s);
    const partial = `backups/partial-${id}.tar.gz`;
    await s.handle.db.updateTable('backups').set({ storage_key: partial }).where('id', '=', id).execute();
    await s.storage.put('backups', partial, randomBytes(1000));
    // A requested backup whose job never ran, long ago; and one requested a moment ago (queued, left alone).
    const lost = await recorded(s);
    await s.handle.db
      .updateTable('backups')
      .set({ started_at: new Date(Date.now() - 5 * 3600_000) })
      .where('id', '=', lost.id)
      .execute();
    const queued = await recorded(s);

    const next = await recorded(s);
    const done = await runBackup(deps(s), next.id);
    expect(done.status).toBe('verified');
    const after = await listBackups(s.handle.db);
    const status = (backupId: string) => after.find((b) => b.id === backupId)!;
    expect(status(id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/) });
    expect(status(lost.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/never started/),
    });
    expect(status(queued.id).status).toBe('running');
    expect(await s.storage.head('backups', partial)).toBeUndefined();
    // The queued one still runs when its job comes.
    expect((await runBackup(deps(s), queued.id)).status).toBe('verified');
  });
});
