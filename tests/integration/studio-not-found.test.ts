// Studio pages that answer 404 for a record that is not there must not answer 404 when the database fails: only
// "not found" is not found; any other failure reaches the error handler (500). Run on both engines: a table the
// page reads is renamed away for the request, so the service's query fails the way a broken database makes it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist } from '../helpers/catalogue.js';

const SOME_ID = '0b6f1c7e-3f43-4a8e-9a51-1f6c2f1d2a10';

describe.each(ENGINES)('studio pages on a failing database on %s', (engine) => {
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await openTestApp(engine);
    headers = await asArtist(t.config, t.handle, await createArtist(t.handle, 'Ada'));
  });
  afterAll(() => t?.cleanup());

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers });

  it.each([
    ['exhibitions', `/studio/exhibitions/${SOME_ID}`],
    ['contacts', `/studio/contacts/${SOME_ID}/edit`],
    ['contacts', `/studio/contacts/${SOME_ID}`],
    ['viewing_rooms', `/studio/rooms/${SOME_ID}`],
  ])('%s: %s is 404 when missing, 500 (not 404) when the query fails', async (table, url) => {
    expect((await get(url)).statusCode).toBe(404);
    await sql`alter table ${sql.table(table)} rename to ${sql.table(`${table}_away`)}`.execute(t.handle.db);
    try {
      const res = await get(url);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(500);
    } finally {
      await sql`alter table ${sql.table(`${table}_away`)} rename to ${sql.table(table)}`.execute(t.handle.db);
    }
  });
});
