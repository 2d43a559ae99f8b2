// Bulk edit of prints through the artist API (POST /api/v1/artist/prints/bulk), on PGlite and real PostgreSQL: the
// dry run answers exactly what applying then does and changes nothing; applying writes one audit event per changed
// print in one transaction; the publishing gate refuses prints one by one and the rest apply; another artist's
// print is reported as not found and never touched; bad input is a 400 in the API error shape.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/db.js';
import { asArtist, createArtist, insertGallery, insertPrint, positions } from '../helpers/catalogue.js';

const URL = '/api/v1/artist/prints/bulk';

interface BulkAnswer {
  dryRun: boolean;
  summary: { matched: number; changed: number; unchanged: number; refused: number; notFound: number };
  prints: Array<{
    printId: string;
    title: string;
    outcome: string;
    changes: Array<{ field: string; before: unknown; after: unknown }>;
    reason?: string;
    missing?: string[];
  }>;
  labels: { tags: Record<string, unknown>; galleries: Record<string, unknown> };
}

describe.each(ENGINES)('bulk edit of prints on %s', (engine) => {
  let t: TestApp;
  let artistId: string;
  let otherId: string;
  let headers: Record<string, string>;
  let otherHeaders: Record<string, string>;

  beforeAll(async () => {
    t = await openTestApp(engine);
    artistId = await createArtist(t.handle, 'Bulk');
    otherId = await createArtist(t.handle, 'Other');
    headers = await asArtist(t.config, t.handle, artistId);
    otherHeaders = await asArtist(t.config, t.handle, otherId);
  }, 60_000);
  afterAll(() => t?.cleanup());

  beforeEach(async () => {
    // Each test starts from an empty catalogue for both artists.
    await t.handle.db.deleteFrom('galleries').execute();
    await t.handle.db.deleteFrom('prints').execute();
    await t.handle.db.deleteFrom('tags').execute();
    await t.handle.db.deleteFrom('audit_events').execute();
  });

  const bulk = (body: unknown, as = headers) =>
    t.app.inject({
      method: 'POST',
      url: URL,
      headers: { ...as, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  /** Everything a bulk edit may touch, to compare before and after. */
  const snapshot = async () => ({
    prints: await t.handle.db
      .selectFrom('prints')
      .select([
        'id',
        'status',
        'year',
        'technique_key',
        'availability_key',
        'paper',
        'updated_at',
        'published_at',
      ])
      .orderBy('id')
      .execute(),
    tags: await t.handle.db
      .selectFrom('print_tags')
      .selectAll()
      .orderBy('print_id')
      .orderBy('tag_id')
      .execute(),
    allTags: await t.handle.db.selectFrom('tags').select(['slug']).orderBy('slug').execute(),
    galleries: await t.handle.db
      .selectFrom('gallery_prints')
      .selectAll()
      .orderBy('gallery_id')
      .orderBy('position')
      .execute(),
    audit: await t.handle.db.selectFrom('audit_events').select(['id']).execute(),
  });

  it('answers the same plan in a dry run as when applying, and the dry run changes nothing', async () => {
    const a = await insertPrint(t.handle, artistId, {
      status: 'draft',
      title: { da: 'A', en: 'Print A' },
      year: 2001,
    });
    const b = await insertPrint(t.handle, artistId, {
      status: 'draft',
      title: { da: 'B', en: 'Print B' },
      year: 2002,
    });
    const c = await insertPrint(t.handle, artistId, {
      status: 'draft',
      title: { da: 'C', en: 'Print C' },
      altText: { en: 'Only English' },
    });
    const gallery = await insertGallery(t.handle, artistId, [a], 'draft', { da: 'Serie', en: 'Series' });
    const body = {
      printIds: [a, b, c],
      set: {
        year: 2010,
        technique: 'Aquatint',
        paperType: { en: 'Gampi' },
        addTags: ['Harbour views'],
        addToGalleries: [gallery],
        status: 'published',
      },
      dryRun: true,
    };
    const before = await snapshot();
    const dry = await bulk(body);
    expect(dry.statusCode, dry.body).toBe(200);
    const plan = dry.json<BulkAnswer>();
    expect(await snapshot()).toEqual(before);
    expect(plan.dryRun).toBe(true);
    expect(plan.summary).toEqual({ matched: 3, changed: 2, unchanged: 0, refused: 1, notFound: 0 });
    const [pa, pb, pc] = plan.prints;
    expect(pa?.printId).toBe(a);
    expect(pa?.title).toBe('Print A');
    expect(pa?.changes).toEqual([
      { field: 'year', before: 2001, after: 2010 },
      { field: 'technique', before: 'etching', after: 'aquatint' },
      {
        field: 'paperType',
        before: { da: 'Hahnemühle', en: 'Hahnemühle' },
        after: { da: 'Hahnemühle', en: 'Gampi' },
      },
      { field: 'tags', before: [], after: ['harbour-views'] },
      { field: 'status', before: 'draft', after: 'published' },
    ]);
    expect(pb?.changes.map((ch) => ch.field)).toEqual([
      'year',
      'technique',
      'paperType',
      'tags',
      'galleries',
      'status',
    ]);
    expect(pc).toMatchObject({ printId: c, outcome: 'refused', missing: ['altText (da)'] });
    expect(pc?.reason).toMatch(/altText \(da\)/);
    expect(plan.labels.tags).toEqual({ 'harbour-views': { da: 'Harbour views', en: 'Harbour views' } });
    expect(plan.labels.galleries).toEqual({ [gallery]: { da: 'Serie', en: 'Series' } });

    const applied = await bulk({ ...body, dryRun: false });
    expect(applied.statusCode, applied.body).toBe(200);
    const result = applied.json<BulkAnswer>();
    expect({ ...result, dryRun: true }).toEqual(plan);

    const rows = await t.handle.db
      .selectFrom('prints')
      .select(['id', 'year', 'technique_key', 'paper', 'status', 'published_at'])
      .where('id', 'in', [a, b, c])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of [a, b]) {
      expect(byId.get(id)).toMatchObject({
        year: 2010,
        technique_key: 'aquatint',
        paper: { da: 'Hahnemühle', en: 'Gampi' },
        status: 'published',
      });
      expect(byId.get(id)?.published_at).not.toBeNull();
    }
    // The refused print is left exactly as it was.
    expect(byId.get(c)).toMatchObject({ year: 2023, technique_key: 'etching', status: 'draft' });
    expect((await positions(t.handle, gallery)).map(([id]) => id)).toEqual([a, b]);
    const tagged = await t.handle.db
      .selectFrom('print_tags as pt')
      .innerJoin('tags as tg', 'tg.id', 'pt.tag_id')
      .select(['pt.print_id', 'tg.slug'])
      .execute();
    expect(tagged.map((r) => r.print_id).sort()).toEqual([a, b].sort());

    // One audit event per changed print, naming what changed.
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select(['action', 'entity_type', 'entity_id', 'details', 'artist_id'])
      .execute();
    expect(audit.map((e) => e.entity_id).sort()).toEqual([a, b].sort());
    for (const e of audit) {
      expect(e).toMatchObject({ action: 'print.bulk_updated', entity_type: 'print', artist_id: artistId });
    }
    const ofA = audit.find((e) => e.entity_id === a)?.details as { fields: string[] };
    expect(ofA.fields).toEqual(['year', 'technique', 'paperType', 'tags', 'status']);

    // Applying again changes nothing more and records nothing.
    const again = (await bulk({ ...body, dryRun: false })).json<BulkAnswer>();
    expect(again.summary).toMatchObject({ changed: 0, unchanged: 2, refused: 1 });
    expect(await t.handle.db.selectFrom('audit_events').select('id').execute()).toHaveLength(2);
  });

  it('clears fields, removes tags and leaves galleries; unpublishes', async () => {
    const a = await insertPrint(t.handle, artistId, { status: 'published' });
    const b = await insertPrint(t.handle, artistId, { status: 'published' });
    const g1 = await insertGallery(t.handle, artistId, [a, b]);
    const g2 = await insertGallery(t.handle, artistId, [b]);
    await bulk({ printIds: [a, b], set: { addTags: ['sea', 'night'] }, dryRun: false });
    const res = await bulk({
      printIds: [a, b],
      set: { removeTags: ['sea'], removeFromGalleries: [g1], status: 'draft' },
      clear: ['year', 'availability'],
      dryRun: false,
    });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<BulkAnswer>();
    expect(answer.summary.changed).toBe(2);
    expect(answer.prints[1]?.changes).toEqual([
      { field: 'year', before: 2023, after: null },
      { field: 'tags', before: ['night', 'sea'], after: ['night'] },
      { field: 'galleries', before: [g1, g2].sort(), after: [g2] },
      { field: 'status', before: 'published', after: 'draft' },
    ]);
    expect(await positions(t.handle, g1)).toEqual([]);
    expect(await positions(t.handle, g2)).toEqual([[b, 1]]);
    const rows = await t.handle.db.selectFrom('prints').select(['status', 'year']).execute();
    expect(rows.every((r) => r.status === 'draft' && r.year === null)).toBe(true);

    const cleared = await bulk({
      printIds: [a, b],
      clear: ['tags', 'galleries', 'paperType'],
      dryRun: false,
    });
    expect(cleared.json<BulkAnswer>().summary.changed).toBe(2);
    expect(await t.handle.db.selectFrom('print_tags').selectAll().execute()).toEqual([]);
    expect(await positions(t.handle, g2)).toEqual([]);
  });

  it("moves the image files with the prints' visibility: public after publishing, private at once after unpublishing", async () => {
    const a = await insertPrint(t.handle, artistId, { status: 'draft' });
    await insertGallery(t.handle, artistId, [a], 'published');
    const { image_id: imageId } = await t.handle.db
      .selectFrom('prints')
      .select('image_id')
      .where('id', '=', a)
      .executeTakeFirstOrThrow();
    const key = `images/${imageId}/medium.webp`;
    await t.storage.put('originals', key, Buffer.from('webp bytes'), { contentType: 'image/webp' });
    const published = await bulk({ printIds: [a], set: { status: 'published' }, dryRun: false });
    expect(published.json<BulkAnswer>().summary.changed).toBe(1);
    expect(await t.storage.head('public', key)).toBeDefined();
    expect(await t.storage.head('originals', key)).toBeUndefined();
    const unpublished = await bulk({ printIds: [a], set: { status: 'draft' }, dryRun: false });
    expect(unpublished.json<BulkAnswer>().summary.changed).toBe(1);
    expect(await t.storage.head('public', key)).toBeUndefined();
    expect(await t.storage.head('originals', key)).toBeDefined();
  });

  it('changes every print a filter matches, and refuses a filter matching too many', async () => {
    const a = await insertPrint(t.handle, artistId, { status: 'draft', year: 1999 });
    const b = await insertPrint(t.handle, artistId, { status: 'draft', year: 1999 });
    await insertPrint(t.handle, artistId, { status: 'draft', year: 2000 });
    const theirs = await insertPrint(t.handle, otherId, { status: 'draft', year: 1999 });
    const res = await bulk({ filter: { year: 1999 }, set: { availability: 'available' }, dryRun: false });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<BulkAnswer>();
    expect(answer.prints.map((p) => p.printId).sort()).toEqual([a, b].sort());
    const theirsRow = await t.handle.db
      .selectFrom('prints')
      .select('availability_key')
      .where('id', '=', theirs)
      .executeTakeFirstOrThrow();
    expect(theirsRow.availability_key).toBeNull();
  });

  it("reports another artist's prints and unknown ids as not found, and never changes them", async () => {
    const mine = await insertPrint(t.handle, artistId, { status: 'draft' });
    const theirs = await insertPrint(t.handle, otherId, { status: 'draft', title: { en: 'THEIR SECRET' } });
    const theirGallery = await insertGallery(t.handle, otherId, [theirs]);
    const missing = randomUUID();
    const before = await snapshot();
    const res = await bulk({ printIds: [mine, theirs, missing], set: { year: 1950 }, dryRun: false });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<BulkAnswer>();
    expect(answer.summary).toEqual({ matched: 3, changed: 1, unchanged: 0, refused: 0, notFound: 2 });
    expect(answer.prints[1]).toEqual({
      printId: theirs,
      title: '',
      outcome: 'notFound',
      changes: [],
      reason: 'Print not found',
    });
    expect(res.body).not.toContain('THEIR SECRET');
    const theirRow = await t.handle.db
      .selectFrom('prints')
      .select(['year', 'updated_at'])
      .where('id', '=', theirs)
      .executeTakeFirstOrThrow();
    expect(theirRow).toEqual({
      year: before.prints.find((p) => p.id === theirs)?.year,
      updated_at: before.prints.find((p) => p.id === theirs)?.updated_at,
    });

    // Their gallery is as unknown as no gallery at all: the whole request is refused, nothing changes.
    const intoTheirs = await bulk({
      printIds: [mine],
      set: { addToGalleries: [theirGallery] },
      dryRun: false,
    });
    expect(intoTheirs.statusCode).toBe(400);
    expect(intoTheirs.json()).toMatchObject({
      error: { code: 'BAD_REQUEST', details: { field: 'set.addToGalleries' } },
    });
    // The other artist cannot change mine either.
    const byOther = await bulk({ printIds: [mine], set: { year: 1800 }, dryRun: false }, otherHeaders);
    expect(byOther.json<BulkAnswer>().summary).toMatchObject({ changed: 0, notFound: 1 });
    const mineRow = await t.handle.db
      .selectFrom('prints')
      .select('year')
      .where('id', '=', mine)
      .executeTakeFirstOrThrow();
    expect(mineRow.year).toBe(1950);
  });

  it('rolls the whole edit back when one print fails to save (one transaction)', async () => {
    const a = await insertPrint(t.handle, artistId, { status: 'draft' });
    const b = await insertPrint(t.handle, artistId, { status: 'draft' });
    // A trigger standing in for a failure half-way: the second print's update is refused by the database.
    const { sql } = await import('kysely');
    await sql`create or replace function bulk_test_refuse() returns trigger language plpgsql as $$
      begin if new.id = ${sql.lit(b)}::uuid then raise exception 'refused for the test'; end if; return new; end $$`.execute(
      t.handle.db,
    );
    await sql`create trigger bulk_test_refuse before update on prints for each row execute function bulk_test_refuse()`.execute(
      t.handle.db,
    );
    try {
      const before = await snapshot();
      const res = await bulk({ printIds: [a, b], set: { year: 1977 }, dryRun: false });
      expect(res.statusCode).toBe(500);
      expect(await snapshot()).toEqual(before);
    } finally {
      await sql`drop trigger bulk_test_refuse on prints`.execute(t.handle.db);
      await sql`drop function bulk_test_refuse()`.execute(t.handle.db);
    }
  });

  it.each([
    [
      'an unknown top-level field',
      { printIds: [randomUUID()], set: { year: 2000 }, dryRun: true, force: true },
    ],
    ['an unknown field to set', { printIds: [randomUUID()], set: { title: 'x' }, dryRun: true }],
    ['an unknown field to clear', { printIds: [randomUUID()], clear: ['title'], dryRun: true }],
    ['no dryRun', { printIds: [randomUUID()], set: { year: 2000 } }],
    ['a malformed id', { printIds: ['not-an-id'], set: { year: 2000 }, dryRun: true }],
    ['an id that is a number', { printIds: [42], set: { year: 2000 }, dryRun: true }],
    [
      'too many ids',
      { printIds: Array.from({ length: 1001 }, () => randomUUID()), set: { year: 2000 }, dryRun: true },
    ],
    ['no ids', { printIds: [], set: { year: 2000 }, dryRun: true }],
    ['both ids and a filter', { printIds: [randomUUID()], filter: {}, set: { year: 2000 }, dryRun: true }],
    ['neither ids nor a filter', { set: { year: 2000 }, dryRun: true }],
    ['nothing to change', { printIds: [randomUUID()], dryRun: true }],
    ['a year out of range', { printIds: [randomUUID()], set: { year: 99 }, dryRun: true }],
    [
      'an unknown technique',
      { printIds: [randomUUID()], set: { technique: 'xylography-ish' }, dryRun: true },
    ],
    [
      'setting and clearing the same field',
      { printIds: [randomUUID()], set: { year: 2000 }, clear: ['year'], dryRun: true },
    ],
    ['a malformed gallery id', { printIds: [randomUUID()], set: { addToGalleries: ['x'] }, dryRun: true }],
    [
      'removing a tag that does not exist',
      { printIds: [randomUUID()], set: { removeTags: ['no-such-tag'] }, dryRun: true },
    ],
    ['a tag without letters', { printIds: [randomUUID()], set: { addTags: ['!!!'] }, dryRun: true }],
    ['a malformed filter gallery', { filter: { galleryId: 'x' }, set: { year: 2000 }, dryRun: true }],
  ])('refuses %s with a 400 in the API error shape', async (_name, body) => {
    const before = await snapshot();
    const res = await bulk(body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a body that is not JSON, and a filter matching more than 1000 prints', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: URL,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"printIds": [',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    await t.handle.db
      .insertInto('prints')
      .values(
        Array.from({ length: 1001 }, () => ({ artist_id: artistId, title: JSON.stringify({ en: 'Many' }) })),
      )
      .execute();
    const many = await bulk({ filter: { status: 'draft' }, set: { year: 2000 }, dryRun: true });
    expect(many.statusCode).toBe(400);
    expect(many.json()).toMatchObject({ error: { details: { field: 'filter' } } });
    expect(many.json().error.message).toMatch(/1001/);
  });

  it('needs credentials and, with a studio session, the CSRF token', async () => {
    const body = JSON.stringify({ printIds: [randomUUID()], set: { year: 2000 }, dryRun: true });
    const anonymous = await t.app.inject({
      method: 'POST',
      url: URL,
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(anonymous.statusCode).toBe(401);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: URL,
      headers: { cookie: headers.cookie!, 'content-type': 'application/json' },
      payload: body,
    });
    expect(noCsrf.statusCode).toBe(403);
  });
});
