// The studio's contacts, sales and consignments pages on both engines: a contact recorded from the form and found
// by the search; a sale recorded from the print editor's ledger link (the ledger says sold, the provenance section
// names the buyer, the sales page shows the year's total) and undone; bad input refused at its field (400) keeping
// what was typed, a second sale refused at the impressions (409); a consignment out and back; CSRF required;
// another artist's contact not found; the navigation links the new pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertPrint } from '../helpers/catalogue.js';

describe.each(ENGINES)('studio business pages on %s', (engine) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let other: Record<string, string>;
  let printId: string;
  let impressionId: string;
  let contactId: string;

  beforeAll(async () => {
    t = await openTestApp(engine);
    const artist = await createArtist(t.handle, 'Ada');
    headers = await asArtist(t.config, t.handle, artist);
    other = await asArtist(t.config, t.handle, await createArtist(t.handle, 'Bo'));
    printId = await insertPrint(t.handle, artist, { title: { da: 'Havn', en: 'Harbour' }, editionSize: 10 });
    impressionId = (
      await t.handle.db
        .insertInto('impressions')
        .values({ print_id: printId, kind: 'numbered', number: 3, location: 'Drawer 2' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => t?.cleanup());

  const form = (fields: Record<string, string | string[]>) =>
    new URLSearchParams(
      Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
    ).toString();
  const post = (url: string, fields: Record<string, string | string[]>, h = headers) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...h, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(fields),
    });
  const get = (url: string, h = headers) => t.app.inject({ method: 'GET', url, headers: h });
  const ledger = () =>
    t.handle.db
      .selectFrom('impressions')
      .select(['status', 'location'])
      .where('id', '=', impressionId)
      .executeTakeFirstOrThrow();

  it('links the pages in the studio navigation', async () => {
    const page = await get('/studio');
    for (const href of ['/studio/contacts', '/studio/sales', '/studio/consignments'])
      expect(page.body).toContain(`href="${href}"`);
  });

  it('records a contact from the form, refuses a bad e-mail at its field, and finds it', async () => {
    const bad = await post('/studio/contacts', { kind: 'collector', name: 'Åse Lund', email: 'åse at home' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter an e-mail address like name@example.com');
    expect(bad.body).toContain('value="Åse Lund"');
    const res = await post('/studio/contacts', {
      kind: 'collector',
      name: 'Åse Lund',
      organisation: '',
      email: 'ase@example.test',
      phone: '',
      address: 'Strandvejen 4',
      notes: '',
    });
    expect(res.statusCode, res.body).toBe(303);
    contactId = /\/studio\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
    const found = await get('/studio/contacts?q=%C3%A5se');
    expect(found.body).toContain(`href="/studio/contacts/${contactId}"`);
    const none = await get('/studio/contacts?q=nobody');
    expect(none.body).toContain('No contact matches.');
    expect((await get(`/studio/contacts/${contactId}`, other)).statusCode).toBe(404);
    // The audit log links the contact's events to its page.
    const audit = await get('/studio/audit?entity=contact');
    expect(audit.body).toContain(`href="/studio/contacts/${contactId}"`);
    const { 'x-csrf-token': _token, ...cookieOnly } = headers;
    const forged = await post('/studio/contacts', { kind: 'collector', name: 'Forged' }, cookieOnly);
    expect(forged.statusCode).toBe(403);
  });

  it('records a sale from the ledger link, shows it in provenance and totals, refuses it twice, and undoes it', async () => {
    const editor = await get(`/studio/prints/${printId}`);
    expect(editor.body).toContain(`href="/studio/sales/new?impression=${impressionId}"`);
    const formPage = await get(`/studio/sales/new?impression=${impressionId}`);
    expect(formPage.statusCode).toBe(200);
    expect(formPage.body).toMatch(
      new RegExp(`value="${impressionId}"[^>]*checked|checked[^>]*value="${impressionId}"`),
    );

    const fields = {
      impressionIds: [impressionId],
      contactId,
      date: '2025-04-09',
      'price.amount': '4800,50',
      'price.currency': 'dkk',
      channel: 'studio',
      invoiceNumber: 'F-12',
      notes: '',
    };
    const badPrice = await post('/studio/sales', { ...fields, 'price.amount': 'lots' });
    expect(badPrice.statusCode).toBe(400);
    expect(badPrice.body).toContain('Enter the price as a number');
    expect(badPrice.body).toContain('value="lots"');
    expect((await post('/studio/sales', { ...fields, impressionIds: [] })).body).toContain(
      'Choose at least one impression',
    );

    const res = await post('/studio/sales', fields);
    expect(res.statusCode, res.body).toBe(303);
    expect(await ledger()).toEqual({ status: 'sold', location: 'Åse Lund' });
    const sales = await get('/studio/sales?notice=recorded');
    expect(sales.body).toContain('Sale recorded.');
    // Intl puts a no-break space between the currency and the amount.
    expect(sales.body.replace(/\u00a0/g, ' ')).toContain('DKK 4,800.50');
    expect(sales.body).toMatch(/<th scope="row">2025<\/th><td>1<\/td>/);
    expect(sales.body).toContain('href="/api/v1/artist/sales/export.csv"');
    const withProvenance = await get(`/studio/prints/${printId}`);
    expect(withProvenance.body).toContain('id="provenance"');
    expect(withProvenance.body).toContain(`href="/studio/contacts/${contactId}"`);
    const history = await get(`/studio/contacts/${contactId}`);
    expect(history.body).toContain('Harbour 3/10');

    const twice = await post('/studio/sales', fields);
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Cannot sell: 3/10 is sold (sale of 2025-04-09)');

    const saleId = (await t.handle.db.selectFrom('sales').select('id').executeTakeFirstOrThrow()).id;
    const undo = await post(`/studio/sales/${saleId}/delete`, {});
    expect(undo.statusCode).toBe(303);
    expect(await ledger()).toEqual({ status: 'available', location: 'Drawer 2' });
  });

  it('consigns from the form and records the return', async () => {
    const res = await post('/studio/consignments', {
      impressionIds: [impressionId],
      contactId,
      dateOut: '2025-05-01',
      commissionPercent: '40',
      'price.amount': '',
      'price.currency': 'DKK',
      notes: '',
    });
    expect(res.statusCode, res.body).toBe(303);
    expect(await ledger()).toEqual({ status: 'available', location: 'Åse Lund' });
    const list = await get('/studio/consignments');
    expect(list.body).toContain('Still out');
    const id = (await t.handle.db.selectFrom('consignments').select('id').executeTakeFirstOrThrow()).id;
    const early = await post(`/studio/consignments/${id}/return`, { dateReturned: '2025-04-01' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('the return comes before the day it went out');
    const back = await post(`/studio/consignments/${id}/return`, { dateReturned: '2025-06-01' });
    expect(back.statusCode).toBe(303);
    expect(await ledger()).toEqual({ status: 'available', location: 'Drawer 2' });
  });
});
