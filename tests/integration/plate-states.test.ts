// Plate states (issue 19, decision 025) on both engines: the artist API (records, strict input naming its field,
// another artist's print answering 404, audit events, impressions naming their state), the public API's `states`
// and the print page's list and comparison view — which show a change at once (the catalogue generation moves with
// plate_states) and never show a draft's states.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertGallery, insertPrint } from '../helpers/catalogue.js';

interface State {
  id: string;
  number: number;
  numeral: string;
  date: string | null;
  description: { da: string; en: string };
  imageId: string | null;
  thumbnailUrl: string | null;
  impressionIds: string[];
}

describe.each(ENGINES)('plate states on %s', (engine) => {
  let t: TestApp;
  let artist: string;
  let auth: Record<string, string>;
  let otherAuth: Record<string, string>;

  beforeAll(async () => {
    t = await openTestApp(engine);
    artist = await createArtist(t.handle);
    auth = await asArtist(t.config, t.handle, artist);
    otherAuth = await asArtist(t.config, t.handle, await createArtist(t.handle, 'Other'));
  });
  afterAll(() => t?.cleanup());

  const send = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers = auth,
  ) => t.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  /** A processed state-proof image of the print, with versions and IIIF tiles (as the pipeline leaves one). */
  async function stateProof(printId: string, n: number): Promise<string> {
    const image = await t.handle.db
      .insertInto('images')
      .values({
        artist_id: artist,
        print_id: printId,
        status: 'completed',
        role: 'state_proof',
        position: n,
        alt_text: JSON.stringify({ da: `Tilstandstryk ${n}`, en: `State proof ${n}` }),
        original_key: `originals/${printId}/state-${n}`,
        width: 1600,
        height: 1200,
        iiif_key: `images/state-${n}/iiif/info.json`,
        iiif_width: 1600,
        iiif_height: 1200,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.handle.db
      .insertInto('image_versions')
      .values(
        (['thumbnail', 'large'] as const).map((version) => ({
          image_id: image.id,
          version,
          storage_key: `images/${image.id}/${version}.webp`,
          width: version === 'large' ? 1200 : 200,
          height: version === 'large' ? 900 : 150,
          bytes: 1000,
          format: 'webp' as const,
        })),
      )
      .execute();
    return image.id;
  }

  it('records, changes and removes states; input is strict and names its field; every change is audited', async () => {
    const printId = await insertPrint(t.handle, artist, { status: 'draft' });
    const proof = await stateProof(printId, 1);
    const first = await send('POST', `/api/v1/artist/prints/${printId}/states`, {
      date: '1997',
      description: { da: 'Ren linjeætsning', en: 'Pure line etching' },
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<{ state: State }>().state).toMatchObject({
      number: 1,
      numeral: 'I',
      date: '1997',
      imageId: null,
      impressionIds: [],
    });
    const second = await send('POST', `/api/v1/artist/prints/${printId}/states`, {
      date: '1998-03-12',
      description: { en: 'Aquatint added to the sky' },
      imageId: proof,
    });
    expect(second.statusCode, second.body).toBe(201);
    const two = second.json<{ state: State }>().state;
    expect(two).toMatchObject({ number: 2, numeral: 'II', imageId: proof });
    expect(two.thumbnailUrl).toContain(proof);

    // A number in use, a date that is no date, an image of another print, an unknown field, a bad number.
    const otherPrint = await insertPrint(t.handle, artist);
    const otherImage = await stateProof(otherPrint, 9);
    const refused = [
      await send('POST', `/api/v1/artist/prints/${printId}/states`, { number: 2 }),
      await send('POST', `/api/v1/artist/prints/${printId}/states`, { date: '1998-02-30' }),
      await send('PATCH', `/api/v1/artist/prints/${printId}/states/${two.id}`, { imageId: otherImage }),
      await send('POST', `/api/v1/artist/prints/${printId}/states`, { colour: 'blue' }),
      await send('POST', `/api/v1/artist/prints/${printId}/states`, { number: 0 }),
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([409, 400, 400, 400, 400]);
    expect(
      refused.map((r) => r.json<{ error: { details?: { field?: string } } }>().error.details?.field),
    ).toEqual([
      'number',
      'date',
      'imageId',
      expect.stringContaining('colour'),
      expect.stringContaining('number'),
    ]);

    // Change: renumber, date to a month, one language of the description (the other stays).
    const changed = await send('PATCH', `/api/v1/artist/prints/${printId}/states/${two.id}`, {
      number: 3,
      date: '1998-03',
      description: { da: 'Akvatinte i himlen' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<{ state: State }>().state).toMatchObject({
      number: 3,
      numeral: 'III',
      date: '1998-03',
      description: { da: 'Akvatinte i himlen', en: 'Aquatint added to the sky' },
    });

    // Another artist's print, or a state of another print, is not found.
    const theirs = [
      await send('GET', `/api/v1/artist/prints/${printId}/states`, undefined, otherAuth),
      await send('PATCH', `/api/v1/artist/prints/${printId}/states/${two.id}`, { number: 5 }, otherAuth),
      await send('DELETE', `/api/v1/artist/prints/${printId}/states/${two.id}`, undefined, otherAuth),
      await send('DELETE', `/api/v1/artist/prints/${otherPrint}/states/${two.id}`),
    ];
    expect(theirs.map((r) => r.statusCode)).toEqual([404, 404, 404, 404]);

    const list = await send('GET', `/api/v1/artist/prints/${printId}/states`);
    expect(list.json<{ states: State[] }>().states.map((s) => s.numeral)).toEqual(['I', 'III']);
    const removed = await send('DELETE', `/api/v1/artist/prints/${printId}/states/${two.id}`);
    expect(removed.statusCode).toBe(204);
    // The proof image stays an image of the print.
    expect(
      await t.handle.db.selectFrom('images').select('id').where('id', '=', proof).executeTakeFirst(),
    ).toEqual({ id: proof });

    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', printId)
      .where('action', 'like', 'print.state%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'print.state_added',
      'print.state_added',
      'print.state_updated',
      'print.state_removed',
    ]);
  });

  it('assigns impressions to a state; an impression names only a state of its own print', async () => {
    const printId = await insertPrint(t.handle, artist);
    const otherPrint = await insertPrint(t.handle, artist);
    const impression = async (print: string, number: number) => {
      const res = await send('POST', `/api/v1/artist/prints/${print}/impressions`, {
        kind: 'numbered',
        number,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string; stateId: string | null }>();
    };
    const [i1, i2, i3] = [
      await impression(printId, 1),
      await impression(printId, 2),
      await impression(printId, 3),
    ];
    expect(i1.stateId).toBeNull();
    const mkState = async (print: string) =>
      (await send('POST', `/api/v1/artist/prints/${print}/states`, {})).json<{ state: State }>().state;
    const one = await mkState(printId);
    const two = await mkState(printId);
    const foreign = await mkState(otherPrint);

    const assigned = await send('PUT', `/api/v1/artist/prints/${printId}/states/${one.id}/impressions`, {
      impressionIds: [i1.id, i2.id],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json<{ state: State }>().state.impressionIds.sort()).toEqual([i1.id, i2.id].sort());
    // Replacing the list: i2 no longer names state I.
    await send('PUT', `/api/v1/artist/prints/${printId}/states/${one.id}/impressions`, {
      impressionIds: [i1.id],
    });
    // The impression API sets and shows the state too.
    const moved = await send('PUT', `/api/v1/artist/prints/${printId}/impressions/${i3.id}`, {
      stateId: two.id,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ stateId: two.id });
    const ledger = (await send('GET', `/api/v1/artist/prints/${printId}/impressions`)).json<{
      impressions: Array<{ id: string; stateId: string | null }>;
    }>();
    expect(Object.fromEntries(ledger.impressions.map((i) => [i.id, i.stateId]))).toEqual({
      [i1.id]: one.id,
      [i2.id]: null,
      [i3.id]: two.id,
    });

    // Another print's impression or state is refused with its field; nothing changed.
    const theirImpression = await impression(otherPrint, 1);
    const refused = [
      await send('PUT', `/api/v1/artist/prints/${printId}/states/${one.id}/impressions`, {
        impressionIds: [theirImpression.id],
      }),
      await send('PUT', `/api/v1/artist/prints/${printId}/impressions/${i2.id}`, { stateId: foreign.id }),
      await send('POST', `/api/v1/artist/prints/${printId}/impressions`, {
        kind: 'AP',
        stateId: foreign.id,
      }),
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([400, 400, 400]);
    expect(
      refused.map((r) => r.json<{ error: { details: { field: string } } }>().error.details.field),
    ).toEqual(['impressionIds', 'stateId', 'stateId']);

    // Removing a state clears it on its impressions.
    expect((await send('DELETE', `/api/v1/artist/prints/${printId}/states/${two.id}`)).statusCode).toBe(204);
    const after = await t.handle.db
      .selectFrom('impressions')
      .select('plate_state_id')
      .where('id', '=', i3.id)
      .executeTakeFirstOrThrow();
    expect(after.plate_state_id).toBeNull();
  });

  it('shows a public print’s states in the API and on its page at once, and a draft’s never', async () => {
    const printId = await insertPrint(t.handle, artist);
    await insertGallery(t.handle, artist, [printId]);
    const [p1, p2] = [await stateProof(printId, 1), await stateProof(printId, 2)];

    // Seen first without states: the answers are kept per catalogue generation.
    const before = (await get(`/api/v1/prints/${printId}`)).json<{ states: unknown[] }>();
    expect(before.states).toEqual([]);
    expect((await get(`/en/prints/${printId}`)).body).not.toContain('States of the plate');
    expect((await get(`/en/prints/${printId}/states`)).statusCode).toBe(404);

    await send('POST', `/api/v1/artist/prints/${printId}/states`, {
      date: '1997',
      description: { da: 'Ren linjeætsning', en: 'Pure line etching' },
      imageId: p1,
    });
    const en = (await get(`/api/v1/prints/${printId}`)).json<{ states: unknown[] }>();
    expect(en.states).toEqual([
      {
        number: 1,
        numeral: 'I',
        date: '1997',
        dateText: '1997',
        description: 'Pure line etching',
        image: { id: p1, thumbnailUrl: expect.stringContaining(p1), images: expect.any(Array) },
      },
    ]);
    const page = (await get(`/en/prints/${printId}`)).body;
    expect(page).toContain('States of the plate');
    expect(page).toContain('Pure line etching');
    // One state with a proof: nothing to compare yet.
    expect(page).not.toContain(`/en/prints/${printId}/states`);

    await send('POST', `/api/v1/artist/prints/${printId}/states`, {
      date: '1998-03',
      description: { da: 'Akvatinte i himlen', en: 'Aquatint added to the sky' },
      imageId: p2,
    });
    const da = (await get(`/api/v1/prints/${printId}?language=da`)).json<{
      states: Array<{ numeral: string; dateText: string; description: string }>;
    }>();
    expect(da.states.map((s) => [s.numeral, s.dateText, s.description])).toEqual([
      ['I', '1997', 'Ren linjeætsning'],
      ['II', 'marts 1998', 'Akvatinte i himlen'],
    ]);
    const daPage = (await get(`/da/prints/${printId}`)).body;
    expect(daPage).toContain('Pladens tilstande');
    expect(daPage).toContain(`href="/da/prints/${printId}/states"`);

    // The comparison view: both pictures, the text alternative, the no-JS form, in both languages.
    const compare = await get(`/en/prints/${printId}/states`);
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain(
      'From state I to state II. State I (1997): Pure line etching. State II (March 1998): Aquatint added to the sky.',
    );
    expect(compare.body).toContain(`images/${p1}/large.webp`);
    expect(compare.body).toContain(`images/${p2}/large.webp`);
    expect(compare.body).toMatch(/<input[^>]*type="range"/);
    expect(compare.body).toContain('<form class="states__choose" method="get"');
    const daCompare = await get(`/da/prints/${printId}/states?a=2&b=1`);
    expect(daCompare.statusCode).toBe(200);
    expect(daCompare.body).toContain('Fra tilstand I til tilstand II.');
    expect(daCompare.body).toMatch(/<option value="2" selected>Tilstand II \(marts 1998\)/);
    // An impossible pair falls back to the last two, and says so.
    const same = await get(`/en/prints/${printId}/states?a=2&b=2`);
    expect(same.statusCode).toBe(200);
    expect(same.body).toContain('Those two states cannot be compared');

    // Unpublished: its states are nowhere to be seen.
    await t.handle.db.updateTable('prints').set({ status: 'draft' }).where('id', '=', printId).execute();
    expect((await get(`/api/v1/prints/${printId}`)).statusCode).toBe(404);
    expect((await get(`/en/prints/${printId}/states`)).statusCode).toBe(404);
    expect((await get(`/da/prints/${printId}/states?a=1&b=2`)).statusCode).toBe(404);
  });

  it('studio: adds, edits and removes states with plain forms; refusals come back at the field', async () => {
    const printId = await insertPrint(t.handle, artist, { status: 'draft' });
    const proof = await stateProof(printId, 1);
    const imp = await send('POST', `/api/v1/artist/prints/${printId}/impressions`, {
      kind: 'numbered',
      number: 4,
    });
    const impressionId = imp.json<{ id: string }>().id;
    const post = (url: string, fields: Array<[string, string]>, headers = auth) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: headers.cookie ?? '', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams([...fields, ['_csrf', headers['x-csrf-token'] ?? '']]).toString(),
      });

    const editor = await t.app.inject({
      method: 'GET',
      url: `/studio/prints/${printId}`,
      headers: { cookie: auth.cookie ?? '' },
    });
    expect(editor.statusCode).toBe(200);
    expect(editor.body).toContain('<h2 id="states-heading">States</h2>');
    expect(editor.body).toContain('No states are recorded.');

    // A date that is no date: 422, the error at the field, what was typed kept.
    const bad = await post(`/studio/prints/${printId}/states`, [
      ['newState.number', '1'],
      ['newState.date', '1998-02-30'],
      ['newState.description.en', 'First bite'],
    ]);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="f-newState-date-error"');
    expect(bad.body).toContain('First bite');

    const added = await post(`/studio/prints/${printId}/states`, [
      ['newState.number', '1'],
      ['newState.date', '1998-03'],
      ['newState.description.da', 'Første bid'],
      ['newState.description.en', 'First bite'],
      ['newState.imageId', proof],
      ['newState.impressionIds', impressionId],
    ]);
    expect(added.statusCode, added.body).toBe(303);
    expect(added.headers.location).toBe(`/studio/prints/${printId}?notice=state-added#states`);
    const [state] = (await send('GET', `/api/v1/artist/prints/${printId}/states`)).json<{ states: State[] }>()
      .states;
    expect(state).toMatchObject({
      number: 1,
      date: '1998-03',
      imageId: proof,
      impressionIds: [impressionId],
    });
    // The edition ledger names the state each impression was pulled from.
    const withState = await t.app.inject({
      method: 'GET',
      url: `/studio/prints/${printId}`,
      headers: { cookie: auth.cookie ?? '' },
    });
    const row = new RegExp(`<tr id="impression-${impressionId}">.*?</tr>`, 's').exec(withState.body)?.[0];
    expect(row).toContain('<td>State I</td>');

    // A number already used by another state is refused at the number.
    await send('POST', `/api/v1/artist/prints/${printId}/states`, { number: 2 });
    const clash = await post(`/studio/prints/${printId}/states/${state!.id}`, [
      [`states.${state!.id}.number`, '2'],
    ]);
    expect(clash.statusCode).toBe(422);
    expect(clash.body).toContain(`id="f-states-${state!.id}-number-error"`);

    // Another artist's print or state is not found; removing needs the checkbox.
    expect(
      (await post(`/studio/prints/${printId}/states`, [['newState.number', '5']], otherAuth)).statusCode,
    ).toBe(404);
    expect((await post(`/studio/prints/${printId}/states/${state!.id}/remove`, [])).statusCode).toBe(422);
    const removed = await post(`/studio/prints/${printId}/states/${state!.id}/remove`, [
      [`states.${state!.id}.confirmed`, '1'],
    ]);
    expect(removed.statusCode).toBe(303);
    const left = (await send('GET', `/api/v1/artist/prints/${printId}/states`)).json<{ states: State[] }>()
      .states;
    expect(left.map((s) => s.number)).toEqual([2]);
  });

  it('moves the catalogue generation: a state written by another process shows at once', async () => {
    const printId = await insertPrint(t.handle, artist);
    await insertGallery(t.handle, artist, [printId]);
    const generation = async () =>
      Number(
        (await t.handle.db.selectFrom('search_generation').select('generation').executeTakeFirstOrThrow())
          .generation,
      );
    // Seen (and kept) before the change.
    expect((await get(`/api/v1/prints/${printId}`)).json<{ states: unknown[] }>().states).toEqual([]);
    expect((await get(`/en/prints/${printId}`)).body).not.toContain('Burnished highlights');
    const before = await generation();
    // Plain SQL, as another dyno or a script would write it: no cache of this process is told.
    const { id } = await t.handle.db
      .insertInto('plate_states')
      .values({ print_id: printId, number: 1, description: JSON.stringify({ en: 'Burnished highlights' }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await generation()).toBeGreaterThan(before);
    expect((await get(`/api/v1/prints/${printId}`)).json<{ states: unknown[] }>().states).toHaveLength(1);
    expect((await get(`/en/prints/${printId}`)).body).toContain('Burnished highlights');
    const middle = await generation();
    await t.handle.db.deleteFrom('plate_states').where('id', '=', id).execute();
    expect(await generation()).toBeGreaterThan(middle);
    expect((await get(`/en/prints/${printId}`)).body).not.toContain('Burnished highlights');
  });
});
