// The database adapter and the data model, on both engines (PGlite and a real PostgreSQL server).
import net from 'node:net';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/index.js';
import { appliedMigrations, migrateToLatest } from '../../src/platform/db/migrate.js';
import { MIGRATIONS } from '../../src/platform/db/migrations/index.js';
import type { Database } from '../../src/platform/db/schema.js';
import { createTempDir, ENGINES, openTestDatabase, testConfig, type TestDatabase } from '../helpers/db.js';

const EXPECTED_TABLES = [
  'app_state',
  'artists',
  'audit_events',
  'backups',
  'consignment_lines',
  'consignments',
  'contacts',
  'enquiries',
  'enquiry_notifications',
  'exhibition_prints',
  'exhibitions',
  'galleries',
  'gallery_prints',
  'image_exif',
  'image_versions',
  'images',
  'impressions',
  'oidc_payloads',
  'plate_states',
  'print_ledger',
  'print_tags',
  'prints',
  'sale_lines',
  'sales',
  'search_generation',
  'sessions',
  'settings',
  'studio_form_stash',
  'tags',
  'takedown_actions',
  'takedown_notices',
  'uploads',
  'viewing_room_prints',
  'viewing_rooms',
  'vocabulary_terms',
];

let artistCounter = 0;
async function createArtist(db: Kysely<Database>): Promise<string> {
  artistCounter += 1;
  const { id } = await db
    .insertInto('artists')
    .values({ email: `artist${artistCounter}-${Date.now()}@example.com`, display_name: 'Test Artist' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Rejection message of a promise (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected a rejection');
}

describe.each(ENGINES)('database on %s', (engine) => {
  let t: TestDatabase;
  let db: Kysely<Database>;
  let artistId: string;

  beforeAll(async () => {
    t = await openTestDatabase(engine, {}, { fromEmpty: true });
    db = t.handle.db;
    artistId = await createArtist(db);
    console.info(
      `[db] ${engine}: ${t.applied.length} migrations from empty in ${Math.round(t.migrationMs)} ms`,
    );
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('migrates an empty database to the latest schema', async () => {
    expect(t.handle.engine).toBe(engine);
    expect(t.applied).toEqual(Object.keys(MIGRATIONS));
    expect(await appliedMigrations(t.handle)).toEqual(Object.keys(MIGRATIONS));
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely%'
      order by table_name
    `.execute(db);
    expect(rows.map((r) => r.table_name)).toEqual(EXPECTED_TABLES);
    const ext = await sql<{ extname: string }>`
      select extname from pg_extension where extname in ('pg_trgm', 'unaccent') order by extname
    `.execute(db);
    expect(ext.rows.map((r) => r.extname)).toEqual(['pg_trgm', 'unaccent']);
  });

  it('re-running the migrations is a no-op', async () => {
    const before = await sql<{ n: number }>`select count(*) as n from vocabulary_terms`.execute(db);
    expect(await migrateToLatest(t.handle)).toEqual({ applied: [] });
    const after = await sql<{ n: number }>`select count(*) as n from vocabulary_terms`.execute(db);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('indexes every foreign key', async () => {
    // A foreign key is covered when some index starts with exactly its columns.
    const { rows } = await sql<{ constraint_name: string }>`
      select c.conname as constraint_name
      from pg_constraint c
      join pg_namespace n on n.oid = c.connamespace and n.nspname = 'public'
      where c.contype = 'f'
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] = c.conkey
        )
    `.execute(db);
    expect(rows).toEqual([]);
  });

  it('seeds the built-in bilingual vocabulary', async () => {
    const terms = await db
      .selectFrom('vocabulary_terms')
      .select(['kind', 'key', 'label'])
      .where('artist_id', 'is', null)
      .orderBy('kind')
      .orderBy('sort')
      .execute();
    expect(terms.filter((r) => r.kind === 'technique')).toHaveLength(10);
    expect(terms.filter((r) => r.kind === 'plate_material')).toHaveLength(5);
    expect(terms.filter((r) => r.kind === 'availability')).toHaveLength(5);
    expect(terms.find((r) => r.key === 'etching')?.label).toEqual({ da: 'Radering', en: 'Etching' });
    expect(terms.find((r) => r.key === 'drypoint')?.label).toEqual({ da: 'Tørnål', en: 'Drypoint' });
    expect(terms.find((r) => r.key === 'not-for-sale')?.label).toEqual({
      da: 'Ikke til salg',
      en: 'Not for sale',
    });
    // The same key cannot be built in twice (NULLS NOT DISTINCT).
    expect(
      await failure(
        db
          .insertInto('vocabulary_terms')
          .values({ kind: 'technique', key: 'etching', label: { en: 'Again' }, artist_id: null })
          .execute(),
      ),
    ).toMatch(/duplicate key|unique/i);
  });

  it('returns the same value types on both engines', async () => {
    const row = await sql<{ n: number; price: string; day: string; at: Date; doc: unknown }>`
      select count(*) as n, 12.50::numeric(12,2) as price, '2024-03-01'::date as day, now() as at,
             '{"a":[1,2]}'::jsonb as doc
    `
      .execute(db)
      .then((r) => r.rows[0]);
    expect(row).toMatchObject({ n: 1, price: '12.50', day: '2024-03-01', doc: { a: [1, 2] } });
    expect(row?.at).toBeInstanceOf(Date);
  });

  it('reorders a gallery in one transaction thanks to the deferred position constraint', async () => {
    const gallery = await db
      .insertInto('galleries')
      .values({ artist_id: artistId, title: { da: 'Havnen', en: 'The harbour' } })
      .returning('id')
      .executeTakeFirstOrThrow();
    const prints = await db
      .insertInto('prints')
      .values([1, 2, 3].map((n) => ({ artist_id: artistId, title: { en: `Plate ${n}` } })))
      .returning('id')
      .execute();
    await db
      .insertInto('gallery_prints')
      .values(prints.map((p, i) => ({ gallery_id: gallery.id, print_id: p.id, position: i + 1 })))
      .execute();

    // Reverse the order: row by row, positions collide half way through and are unique again at commit.
    await db.transaction().execute(async (trx) => {
      for (const [i, p] of prints.entries()) {
        await trx
          .updateTable('gallery_prints')
          .set({ position: prints.length - i })
          .where('gallery_id', '=', gallery.id)
          .where('print_id', '=', p.id)
          .execute();
      }
    });
    const order = await db
      .selectFrom('gallery_prints')
      .select('print_id')
      .where('gallery_id', '=', gallery.id)
      .orderBy('position')
      .execute();
    expect(order.map((r) => r.print_id)).toEqual(prints.map((p) => p.id).reverse());

    // A transaction that ends with two prints on one position is refused at commit, and nothing changes.
    const message = await failure(
      db.transaction().execute(async (trx) => {
        await trx
          .updateTable('gallery_prints')
          .set({ position: 1 })
          .where('gallery_id', '=', gallery.id)
          .where('print_id', '=', prints[1]!.id)
          .execute();
      }),
    );
    expect(message).toMatch(/gallery_prints_gallery_position_key/);
    const after = await db
      .selectFrom('gallery_prints')
      .select('print_id')
      .where('gallery_id', '=', gallery.id)
      .orderBy('position')
      .execute();
    expect(after.map((r) => r.print_id)).toEqual(prints.map((p) => p.id).reverse());
    expect(
      await failure(
        sql`insert into gallery_prints (gallery_id, print_id, position) values (${gallery.id}, ${prints[0]!.id}, 0)`.execute(
          db,
        ),
      ),
    ).toMatch(/check|violates/i);
  });

  it('keeps the edition ledger consistent', async () => {
    const print = await db
      .insertInto('prints')
      .values({ artist_id: artistId, title: { en: 'Edition test' }, edition_size: 25 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('impressions').values({ print_id: print.id, kind: 'numbered', number: 3 }).execute();
    expect(
      await failure(
        db.insertInto('impressions').values({ print_id: print.id, kind: 'numbered', number: 3 }).execute(),
      ),
    ).toMatch(/impressions_print_kind_number_key/);
    expect(
      await failure(
        db.insertInto('impressions').values({ print_id: print.id, kind: 'numbered', number: null }).execute(),
      ),
    ).toMatch(/impressions_numbered_has_number/);
    // AP 3 is not numbered impression 3; an unnumbered trial proof is fine.
    await db.insertInto('impressions').values({ print_id: print.id, kind: 'AP', number: 3 }).execute();
    await db
      .insertInto('impressions')
      .values({
        print_id: print.id,
        kind: 'TP',
        number: null,
        printed_on: '2024-05-17',
        price_amount: 1200,
        price_currency: 'DKK',
      })
      .execute();
    const tp = await db
      .selectFrom('impressions')
      .selectAll()
      .where('kind', '=', 'TP')
      .executeTakeFirstOrThrow();
    expect(tp).toMatchObject({ printed_on: '2024-05-17', price_amount: '1200.00', status: 'available' });
    expect(
      await failure(
        db.insertInto('impressions').values({ print_id: print.id, kind: 'HC', price_amount: 10 }).execute(),
      ),
    ).toMatch(/impressions_price_currency_required/);
  });

  it('checks print values', async () => {
    const base = { artist_id: artistId, title: { en: 'Checks' } };
    await db
      .insertInto('prints')
      .values({ ...base, year: 2025 })
      .execute();
    expect(
      await failure(
        db
          .insertInto('prints')
          .values({ ...base, year: 1399 })
          .execute(),
      ),
    ).toMatch(/prints_year_check/);
    expect(
      await failure(
        db
          .insertInto('prints')
          .values({ ...base, plate_width_mm: 0 })
          .execute(),
      ),
    ).toMatch(/check/);
    expect(
      await failure(
        db
          .insertInto('prints')
          .values({ ...base, price_amount: -1, price_currency: 'EUR' })
          .execute(),
      ),
    ).toMatch(/check/);
    expect(
      await failure(
        db
          .insertInto('prints')
          .values({ ...base, price_amount: 5, price_currency: 'eur' })
          .execute(),
      ),
    ).toMatch(/check/);
    expect(
      await failure(
        db
          .insertInto('prints')
          .values({ ...base, status: 'hidden' as 'draft' })
          .execute(),
      ),
    ).toMatch(/check/);
  });

  it('accepts only {da?, en?} string objects in localized columns', async () => {
    const ok = await db
      .insertInto('prints')
      .values({
        artist_id: artistId,
        title: JSON.stringify({ da: 'Æbletræ', en: 'Apple tree' }),
        description: {},
      })
      .returning(['title', 'description', 'medium'])
      .executeTakeFirstOrThrow();
    expect(ok).toEqual({ title: { da: 'Æbletræ', en: 'Apple tree' }, description: {}, medium: {} });
    for (const bad of ['"just a string"', '["da", "en"]', '{"fr": "Pomme"}', '{"da": 1}', 'null']) {
      expect(
        await failure(
          sql`insert into prints (artist_id, title) values (${artistId}, ${bad}::jsonb)`.execute(db),
        ),
        bad,
      ).toMatch(/prints_title_localized|not-null|null value/);
    }
    expect(
      await failure(
        sql`update galleries set description = '"x"'::jsonb where artist_id = ${artistId}`.execute(db),
      ),
    ).toMatch(/check/);
  });

  describe('search', () => {
    let harbour: string;
    let garden: string;
    let englishOnly: string;

    beforeAll(async () => {
      const rows = await db
        .insertInto('prints')
        .values([
          {
            artist_id: artistId,
            status: 'published',
            title: { da: 'Havnen om natten', en: 'The harbour at night' },
            description: {
              da: 'Trykt på Hahnemühle kobbertryk.',
              en: 'Printed on Hahnemühle copperplate paper.',
            },
            technique_key: 'etching',
            plate_material_key: 'copper',
            conservation_notes: { da: 'Foxing i hjørnet', en: 'Foxing in a corner' },
          },
          {
            artist_id: artistId,
            status: 'published',
            title: { da: 'Haven', en: 'The garden' },
            description: { da: 'Tørnål og akvatinte.', en: 'Drypoint and aquatint.' },
            technique_key: 'drypoint',
          },
          {
            artist_id: artistId,
            title: { en: 'Etchings of the old town' },
            description: { en: 'A series of small plates.' },
          },
        ])
        .returning('id')
        .execute();
      [harbour, garden, englishOnly] = rows.map((r) => r.id) as [string, string, string];
    });

    async function searchPrints(config: 'danish' | 'english', q: string): Promise<string[]> {
      const column = config === 'danish' ? sql.ref('search_da') : sql.ref('search_en');
      const { rows } = await sql<{ id: string }>`
        select id from prints, websearch_to_tsquery(${config}::regconfig, f_unaccent(${q})) as query
        where artist_id = ${artistId} and ${column} @@ query
        order by ts_rank(${column}, query) desc, id
      `.execute(db);
      return rows.map((r) => r.id);
    }

    it('is accent-insensitive: hahnemuhle finds Hahnemühle', async () => {
      expect(await searchPrints('danish', 'hahnemuhle')).toEqual([harbour]);
      expect(await searchPrints('english', 'HAHNEMUHLE')).toEqual([harbour]);
      expect(await searchPrints('danish', 'Hahnemühle')).toEqual([harbour]);
    });

    it('stems Danish: raderinger finds the etching (radering) and tørnål finds the drypoint', async () => {
      expect(await searchPrints('danish', 'raderinger')).toEqual([harbour]);
      expect(await searchPrints('danish', 'tornal')).toEqual([garden]);
      expect(await searchPrints('danish', 'havnen')).toEqual([harbour]);
    });

    it('stems English: etchings and etching find each other', async () => {
      expect(await searchPrints('english', 'etchings')).toContain(harbour);
      expect(await searchPrints('english', 'etching')).toEqual(
        expect.arrayContaining([harbour, englishOnly]),
      );
    });

    it('falls back to the other language and ranks titles first', async () => {
      // englishOnly has no Danish text; its English text is in the Danish document too.
      expect(await searchPrints('danish', 'town')).toEqual([englishOnly]);
      // "etching" is englishOnly's title (A) but only harbour's technique (B).
      expect((await searchPrints('english', 'etching'))[0]).toBe(englishOnly);
    });

    it('keeps private conservation notes out of search', async () => {
      expect(await searchPrints('english', 'foxing')).toEqual([]);
      expect(await searchPrints('danish', 'foxing')).toEqual([]);
    });

    it('follows tags as they are added, relabelled and removed', async () => {
      const tag = await db
        .insertInto('tags')
        .values({ artist_id: artistId, slug: 'nocturne', label: { da: 'Nattestykke', en: 'Nocturne' } })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('print_tags').values({ print_id: garden, tag_id: tag.id }).execute();
      expect(await searchPrints('english', 'nocturne')).toEqual([garden]);
      expect(await searchPrints('danish', 'nattestykke')).toEqual([garden]);
      await db
        .updateTable('tags')
        .set({ label: { da: 'Månelys', en: 'Moonlight' } })
        .where('id', '=', tag.id)
        .execute();
      expect(await searchPrints('english', 'nocturne')).toEqual([]);
      expect(await searchPrints('english', 'moonlight')).toEqual([garden]);
      await db.deleteFrom('print_tags').where('tag_id', '=', tag.id).execute();
      expect(await searchPrints('english', 'moonlight')).toEqual([]);
    });

    it('searches galleries by title and description', async () => {
      await db
        .insertInto('galleries')
        .values({
          artist_id: artistId,
          title: { da: 'Kobberstik fra Skagen', en: 'Engravings from Skagen' },
          description: { en: 'Light over the dunes.' },
        })
        .execute();
      const { rows } = await sql<{ t: string }>`
        select title->>'en' as t from galleries
        where artist_id = ${artistId} and search_da @@ websearch_to_tsquery('danish', f_unaccent('klit OR skagen'))
      `.execute(db);
      expect(rows.map((r) => r.t)).toEqual(['Engravings from Skagen']);
      const en = await sql<{ t: string }>`
        select title->>'en' as t from galleries
        where artist_id = ${artistId} and search_en @@ websearch_to_tsquery('english', 'engraving dunes')
      `.execute(db);
      expect(en.rows.map((r) => r.t)).toEqual(['Engravings from Skagen']);
    });

    it('supports trigram autocomplete on unaccented titles', async () => {
      const complete = async (q: string): Promise<string[]> => {
        const { rows } = await sql<{ id: string }>`
          select id from prints
          where artist_id = ${artistId} and f_unaccent(lower(${q})) <% title_plain
          order by word_similarity(f_unaccent(lower(${q})), title_plain) desc, id
        `.execute(db);
        return rows.map((r) => r.id);
      };
      // A misspelling still matches; accents and case do not matter; the best match comes first.
      expect(await complete('harbor')).toEqual([harbour]);
      expect((await complete('HÀVNEN'))[0]).toBe(harbour);
      expect(await complete('garden')).toEqual([garden]);
      expect(await complete('zebra')).toEqual([]);
      const fuzzy = await sql<{ id: string }>`
        select id from prints
        where artist_id = ${artistId} and f_unaccent(lower(${'Tørnål'})) <% title_plain
      `.execute(db);
      expect(fuzzy.rows).toEqual([]);
      const sim = await sql<{ s: number }>`select similarity('radering', 'raderinger') as s`.execute(db);
      expect(sim.rows[0]!.s).toBeGreaterThan(0.5);
      const plain = await db
        .selectFrom('prints')
        .select('title_plain')
        .where('id', '=', harbour)
        .executeTakeFirstOrThrow();
      expect(plain.title_plain).toBe('havnen om natten the harbour at night');
    });
  });

  it('deletes a print with everything that hangs on it', async () => {
    const print = await db
      .insertInto('prints')
      .values({ artist_id: artistId, title: { en: 'To be deleted' } })
      .returning('id')
      .executeTakeFirstOrThrow();
    const tag = await db
      .insertInto('tags')
      .values({ artist_id: artistId, slug: 'doomed', label: { en: 'Doomed' } })
      .returning('id')
      .executeTakeFirstOrThrow();
    const gallery = await db
      .insertInto('galleries')
      .values({ artist_id: artistId, title: { en: 'Temp' }, cover_print_id: print.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const image = await db
      .insertInto('images')
      .values({ artist_id: artistId, print_id: print.id, original_key: `originals/${print.id}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('prints')
      .set({ image_id: image.id, image_status: 'processing' })
      .where('id', '=', print.id)
      .execute();
    await db.insertInto('print_tags').values({ print_id: print.id, tag_id: tag.id }).execute();
    await db
      .insertInto('gallery_prints')
      .values({ gallery_id: gallery.id, print_id: print.id, position: 1 })
      .execute();
    await db.insertInto('impressions').values({ print_id: print.id, kind: 'numbered', number: 1 }).execute();
    await db
      .insertInto('image_versions')
      .values({
        image_id: image.id,
        version: 'thumbnail',
        storage_key: `x/${image.id}_thumbnail.webp`,
        width: 200,
        height: 200,
        bytes: 1234,
        format: 'webp',
      })
      .execute();

    await db.deleteFrom('prints').where('id', '=', print.id).execute();

    const count = async (table: 'print_tags' | 'gallery_prints' | 'impressions'): Promise<number> =>
      (
        await db
          .selectFrom(table)
          .select(db.fn.countAll<number>().as('n'))
          .where('print_id', '=', print.id)
          .executeTakeFirstOrThrow()
      ).n;
    expect(await count('print_tags')).toBe(0);
    expect(await count('gallery_prints')).toBe(0);
    expect(await count('impressions')).toBe(0);
    const g = await db
      .selectFrom('galleries')
      .select('cover_print_id')
      .where('id', '=', gallery.id)
      .executeTakeFirstOrThrow();
    expect(g.cover_print_id).toBeNull();
    // The image row stays (print_id cleared) so its files can be found and deleted.
    const img = await db
      .selectFrom('images')
      .select('print_id')
      .where('id', '=', image.id)
      .executeTakeFirstOrThrow();
    expect(img.print_id).toBeNull();
  });

  it('maintains updated_at', async () => {
    const print = await db
      .insertInto('prints')
      .values({
        artist_id: artistId,
        title: { en: 'Timestamps' },
        updated_at: new Date('2020-01-01T00:00:00Z'),
      })
      .returning(['id', 'updated_at'])
      .executeTakeFirstOrThrow();
    expect(print.updated_at.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    const updated = await db
      .updateTable('prints')
      .set({ year: 2001 })
      .where('id', '=', print.id)
      .returning('updated_at')
      .executeTakeFirstOrThrow();
    expect(updated.updated_at.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps a print’s updated_at when only its image is redrawn; edits and tag changes still move it', async () => {
    const then = new Date('2020-01-01T00:00:00Z');
    const print = await db
      .insertInto('prints')
      .values({ artist_id: artistId, title: { en: 'Redrawn' }, updated_at: then })
      .returning('id')
      .executeTakeFirstOrThrow();
    const image = await db
      .insertInto('images')
      .values({ artist_id: artistId, print_id: print.id, original_key: `originals/${print.id}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const updatedAt = async () =>
      (
        await db
          .selectFrom('prints')
          .select('updated_at')
          .where('id', '=', print.id)
          .executeTakeFirstOrThrow()
      ).updated_at.toISOString();
    // A first image is a change of the print.
    await db.updateTable('prints').set({ image_id: image.id }).where('id', '=', print.id).execute();
    const withImage = await updatedAt();
    expect(withImage).not.toBe(then.toISOString());
    // The worker's bookkeeping while it draws the versions again (restore, watermark change) is not.
    const tick = () => new Promise((r) => setTimeout(r, 20));
    for (const set of [
      { image_status: 'processing' as const },
      { image_status: 'failed' as const, image_error: 'timeout' },
      { image_id: image.id, image_status: 'completed' as const, image_error: null },
    ]) {
      await tick();
      await db.updateTable('prints').set(set).where('id', '=', print.id).execute();
      expect(await updatedAt(), JSON.stringify(set)).toBe(withImage);
    }
    // An edit, and a tag added (a touch), are changes.
    await tick();
    await db.updateTable('prints').set({ year: 1999 }).where('id', '=', print.id).execute();
    const edited = await updatedAt();
    expect(edited).not.toBe(withImage);
    const tag = await db
      .insertInto('tags')
      .values({ artist_id: artistId, slug: 'redraw-touch', label: { en: 'Touch' } })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tick();
    await db.insertInto('print_tags').values({ print_id: print.id, tag_id: tag.id }).execute();
    expect(await updatedAt()).not.toBe(edited);
  });

  it('executor runs one statement with parameters', async () => {
    const { rows } = await t.handle.executor.executeSql('select $1::int + 1 as n, $2::text as s', [41, 'x']);
    expect(rows).toEqual([{ n: 42, s: 'x' }]);
  });

  it('executor runs several statements and returns the rows of every one', async () => {
    const { rows } = await t.handle.executor.executeSql(
      `insert into app_state (key, value) values ('multi', '{"v":1}');
       select value from app_state where key = 'multi';
       update app_state set value = '{"v":2}' where key = 'multi';
       select 2 as b union all select 3 order by 1;
       delete from app_state where key = 'multi' returning value`,
    );
    expect(rows).toEqual([{ value: { v: 1 } }, { b: 2 }, { b: 3 }, { value: { v: 2 } }]);
  });

  it('executor leaves no aborted transaction behind after a failing multi-statement call', async () => {
    const message = await failure(
      t.handle.executor.executeSql(
        `begin; insert into app_state (key, value) values ('half', '{}'); select 1/0; commit;`,
      ),
    );
    expect(message).toMatch(/division by zero/);
    for (let i = 0; i < 3; i++) {
      const { rows } = await t.handle.executor.executeSql(
        "select count(*) as n from app_state where key = 'half'",
      );
      expect(rows).toEqual([{ n: 0 }]);
    }
    expect(await db.selectFrom('app_state').select('key').where('key', '=', 'half').execute()).toEqual([]);
  });

  it('never interleaves the executor with an open Kysely transaction', async () => {
    const events: string[] = [];
    let txEnd = 0;
    const tx = db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('app_state').values({ key: 'tx-1', value: {} }).execute();
        events.push('tx inserted');
        await new Promise((resolve) => setTimeout(resolve, 150));
        await trx.insertInto('app_state').values({ key: 'tx-2', value: {} }).execute();
        throw new Error('roll back on purpose');
      })
      .catch((error: Error) => {
        txEnd = performance.now();
        return error.message;
      });
    // Give the transaction time to start, then query from the side while it sleeps.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const side = await Promise.all(
      [0, 1, 2].map(async () => {
        const { rows } = await t.handle.executor.executeSql(
          "select count(*) as n from app_state where key like 'tx-%'",
        );
        events.push('executor done');
        return { n: rows[0]?.n, at: performance.now() };
      }),
    );
    const kyselySide = db.selectFrom('app_state').select('key').where('key', 'like', 'tx-%').execute();
    expect(await tx).toBe('roll back on purpose');
    expect(await kyselySide).toEqual([]);
    // Uncommitted rows are never visible from outside the transaction (on PGlite: the executor waited for it).
    expect(side.map((s) => s.n)).toEqual([0, 0, 0]);
    if (engine === 'pglite') {
      for (const s of side) expect(s.at).toBeGreaterThanOrEqual(txEnd);
    }
    expect(events[0]).toBe('tx inserted');
    expect(await db.selectFrom('app_state').select('key').where('key', 'like', 'tx-%').execute()).toEqual([]);
  });

  it('ping() succeeds', async () => {
    await expect(t.handle.ping()).resolves.toBeUndefined();
  });
});

describe('opening a database fails fast with a clear message', () => {
  const oneLine = /^[^\n]+$/;

  it('when nothing listens at DATABASE_URL', async () => {
    const started = Date.now();
    const message = await failure(
      openDatabase(testConfig({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/gallery' })),
    );
    expect(message).toMatch(/^Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/gallery: .*ECONNREFUSED/);
    expect(message).toMatch(oneLine);
    expect(message).not.toContain('secret');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('when the database does not exist', async () => {
    const message = await failure(
      openDatabase(
        testConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/copper_no_such_database' }),
      ),
    );
    expect(message).toBe(
      'Cannot connect to PostgreSQL at 127.0.0.1:5432/copper_no_such_database: database "copper_no_such_database" does not exist',
    );
  });

  it('when the server accepts but never answers (connection timeout, no hang)', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const message = await failure(
        openDatabase(testConfig({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/gallery` })),
      );
      const elapsed = Date.now() - started;
      expect(message).toMatch(
        new RegExp(`^Cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}/gallery: .*timeout`, 'i'),
      );
      expect(message).toMatch(oneLine);
      expect(elapsed).toBeGreaterThanOrEqual(4_500);
      expect(elapsed).toBeLessThan(9_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 15_000);

  it('when the embedded database folder cannot be written', async () => {
    const tmp = await createTempDir();
    try {
      const file = path.join(tmp.dir, 'not-a-folder');
      await fs.writeFile(file, 'x');
      const message = await failure(openDatabase(testConfig({ DATA_DIR: file })));
      expect(message).toMatch(oneLine);
      expect(message).toContain(`Cannot use the embedded database folder ${path.join(file, 'db')}`);
    } finally {
      await tmp.cleanup();
    }
  });
});

describe('embedded database on disk', () => {
  it('keeps data across restarts in DATA_DIR/db', async () => {
    const tmp = await createTempDir();
    try {
      const config = testConfig({ DATA_DIR: tmp.dir });
      const first = await openDatabase(config);
      expect(first.engine).toBe('pglite');
      expect((await migrateToLatest(first)).applied).toHaveLength(Object.keys(MIGRATIONS).length);
      await first.db
        .insertInto('app_state')
        .values({ key: 'persisted', value: { ok: true } })
        .execute();
      await first.close();
      await first.close(); // idempotent

      const second = await openDatabase(config);
      try {
        expect((await migrateToLatest(second)).applied).toEqual([]);
        const row = await second.db
          .selectFrom('app_state')
          .select('value')
          .where('key', '=', 'persisted')
          .executeTakeFirst();
        expect(row?.value).toEqual({ ok: true });
      } finally {
        await second.close();
      }
      expect((await fs.stat(path.join(tmp.dir, 'db'))).isDirectory()).toBe(true);
    } finally {
      await tmp.cleanup();
    }
  }, 120_000);
});
