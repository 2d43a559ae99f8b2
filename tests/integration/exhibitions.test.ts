// Exhibitions through the artist API on both engines: create, read, list newest first, update, attach prints,
// delete; the artist's own only (another artist's answers 404, their prints 400); bad input answers 400 with the
// API error shape naming the field, never 5xx; 401 without credentials; every change in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertPrint } from '../helpers/catalogue.js';

describe.each(ENGINES)('exhibitions API on %s', (engine) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let otherHeaders: Record<string, string>;
  let artistId: string;
  let prints: string[];
  let foreignPrint: string;

  beforeAll(async () => {
    t = await openTestApp(engine);
    artistId = await createArtist(t.handle, 'Ada');
    const other = await createArtist(t.handle, 'Bo');
    headers = await asArtist(t.config, t.handle, artistId);
    otherHeaders = await asArtist(t.config, t.handle, other);
    prints = [await insertPrint(t.handle, artistId), await insertPrint(t.handle, artistId)];
    foreignPrint = await insertPrint(t.handle, other);
  });
  afterAll(() => t?.cleanup());

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, h = headers) =>
    t.app.inject({
      method,
      url: `/api/v1/artist${url}`,
      headers: h,
      ...(payload ? { payload: payload as object } : {}),
    });

  it('creates, reads, lists newest first, updates and deletes, with the prints shown', async () => {
    const created = await api('POST', '/exhibitions', {
      kind: 'solo',
      title: '  Copper and salt ',
      venue: 'Kunsthal Møn',
      city: 'Stege',
      country: 'Denmark',
      startDate: '2024-02-29',
      endDate: '2024-04-01',
      url: 'https://example.test/show',
      description: { da: 'Nye raderinger', en: 'New etchings' },
      printIds: prints,
    });
    expect(created.statusCode, created.body).toBe(201);
    const show = created.json();
    expect(show).toMatchObject({
      kind: 'solo',
      title: 'Copper and salt',
      startDate: '2024-02-29',
      endDate: '2024-04-01',
      description: { da: 'Nye raderinger', en: 'New etchings' },
    });
    expect([...show.printIds].sort()).toEqual([...prints].sort());
    const award = (
      await api('POST', '/exhibitions', { kind: 'award', title: 'Print prize', startDate: '2025-06-01' })
    ).json();
    expect(award).toMatchObject({ endDate: null, venue: null, printIds: [], description: {} });

    const list = (await api('GET', '/exhibitions')).json();
    expect(list).toMatchObject({ totalCount: 2, currentPage: 1, totalPages: 1 });
    expect(list.exhibitions.map((e: { title: string }) => e.title)).toEqual([
      'Print prize',
      'Copper and salt',
    ]);

    const updated = await api('PUT', `/exhibitions/${show.id}`, {
      kind: 'group',
      printIds: [prints[0]],
      endDate: null,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({
      kind: 'group',
      title: 'Copper and salt',
      endDate: null,
      printIds: [prints[0]],
    });
    expect((await api('GET', `/exhibitions/${show.id}`)).json().printIds).toEqual([prints[0]]);

    expect((await api('DELETE', `/exhibitions/${award.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/exhibitions/${award.id}`)).statusCode).toBe(404);
    const actions = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('artist_id', '=', artistId)
      .where('action', 'like', 'exhibition.%')
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      'exhibition.created',
      'exhibition.created',
      'exhibition.deleted',
      'exhibition.updated',
    ]);
  });

  it('keeps each artist to their own exhibitions and prints', async () => {
    const mine = (
      await api('POST', '/exhibitions', { kind: 'group', title: 'Mine', startDate: '2020-01-01' })
    ).json();
    for (const [method, payload] of [
      ['GET', undefined],
      ['PUT', { title: 'Taken' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await api(method, `/exhibitions/${mine.id}`, payload, otherHeaders);
      expect(res.statusCode, method).toBe(404);
      expect(res.json().error.code).toBe('RESOURCE_NOT_FOUND');
    }
    expect((await api('GET', '/exhibitions', undefined, otherHeaders)).json().totalCount).toBe(0);
    const foreign = await api('PUT', `/exhibitions/${mine.id}`, { printIds: [foreignPrint] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'printIds' } });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/artist/exhibitions' });
    expect(res.statusCode).toBe(401);
  });

  it('answers bad input with 400 naming the field, never 5xx', async () => {
    const cases: Array<[unknown, string]> = [
      [{ kind: 'solo', title: 'A', startDate: '2024-05-01', endDate: '2024-04-01' }, 'endDate'],
      [{ kind: 'solo', title: 'A', startDate: '2025-02-30' }, 'startDate'],
      [{ kind: 'solo', title: 'A', startDate: 'tomorrow' }, 'startDate'],
      [{ kind: 'retrospective', title: 'A', startDate: '2024-01-01' }, 'kind'],
      [{ kind: 'solo', title: '   ', startDate: '2024-01-01' }, 'title'],
      [{ kind: 'solo', title: 'A', startDate: '2024-01-01', url: 'javascript:alert(1)' }, 'url'],
      [{ kind: 'solo', title: 'A', startDate: '2024-01-01', printIds: ['not-a-uuid'] }, 'printIds'],
      [{ kind: 'solo', startDate: '2024-01-01' }, 'title'],
    ];
    for (const [payload, field] of cases) {
      const res = await api('POST', '/exhibitions', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('BAD_REQUEST');
      expect(
        res.json().error.details?.field ?? res.json().error.details?.missing?.[0],
        JSON.stringify(payload),
      ).toMatch(new RegExp(`^${field}`));
    }
    const mine = (
      await api('POST', '/exhibitions', { kind: 'solo', title: 'B', startDate: '2024-03-01' })
    ).json();
    const before = await api('PUT', `/exhibitions/${mine.id}`, { endDate: '2024-02-01' });
    expect(before.statusCode).toBe(400);
    expect(before.json().error.details).toEqual({ field: 'endDate' });
    expect((await api('GET', '/exhibitions/not-a-uuid')).statusCode).toBe(400);
  });
});
