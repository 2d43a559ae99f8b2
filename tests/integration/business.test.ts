// The printmaker's business records (issue 18, decision 022) through the artist API on both engines: contacts with
// search; a sale marks its impressions sold (the public availability follows) and undoing it restores the ledger
// exactly; a second sale is refused (409); consignments out and back (the location is the dealer meanwhile, the
// impression stays available), a consigned impression sold by the dealer; per-contact history, provenance, totals
// per year; the CSV exports read back; validation errors in the API's shape; 401 and another artist's 404; audit.
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertGallery, insertPrint } from '../helpers/catalogue.js';

describe.each(ENGINES)('sales, consignments and contacts on %s', (engine) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let otherHeaders: Record<string, string>;
  let artistId: string;
  let printId: string;
  let otherPrint: string;
  let foreignImpression: string;
  let n1: string;
  let n2: string;
  let ap: string;
  let collector: string;
  let dealer: string;

  const api = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    h: Record<string, string> = headers,
  ) =>
    t.app.inject({
      method,
      url: `/api/v1/artist${url}`,
      headers: h,
      ...(payload ? { payload: payload as object } : {}),
    });

  const impression = async (print: string, values: Record<string, unknown>) =>
    (
      await t.handle.db
        .insertInto('impressions')
        .values({ print_id: print, kind: 'numbered', ...values })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  const ledger = (id: string) =>
    t.handle.db
      .selectFrom('impressions')
      .select(['status', 'location'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  /** What the site derives from the ledger: the print's availability (print_ledger, read by cards and search). */
  const availability = async (print: string) =>
    (
      await sql<{ availability: string }>`
        select availability from print_ledger where print_id = ${print}::uuid`.execute(t.handle.db)
    ).rows[0]?.availability;
  const searchHits = async (qs: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/search/prints?${qs}` })).json().totalHits as number;

  beforeAll(async () => {
    t = await openTestApp(engine);
    artistId = await createArtist(t.handle, 'Ada');
    const other = await createArtist(t.handle, 'Bo');
    headers = await asArtist(t.config, t.handle, artistId);
    otherHeaders = await asArtist(t.config, t.handle, other);
    printId = await insertPrint(t.handle, artistId, {
      title: { da: 'Havn ved daggry', en: 'Harbour at dawn' },
      editionSize: 2,
    });
    await t.handle.db.updateTable('prints').set({ artist_proofs: 3 }).where('id', '=', printId).execute();
    otherPrint = await insertPrint(t.handle, artistId, { title: { da: 'Æbletræ', en: 'Apple tree' } });
    await insertGallery(t.handle, artistId, [printId, otherPrint]);
    n1 = await impression(printId, { number: 1, location: 'Plan chest A' });
    n2 = await impression(printId, { number: 2, location: 'Plan chest A', status: 'reserved' });
    ap = await impression(printId, { kind: 'AP', number: 1, location: 'Studio wall' });
    foreignImpression = await impression(await insertPrint(t.handle, other), { number: 1 });
  });
  afterAll(() => t?.cleanup());

  it('records contacts and finds them by name, organisation or e-mail (any case, % taken literally)', async () => {
    const c = await api('POST', '/contacts', {
      kind: 'collector',
      name: '  Søren Ærbødig ',
      email: 'soren@example.test',
      address: 'Nyhavn 1\n1051 København K',
      notes: '=SUM(1) likes mezzotints, "big" ones',
    });
    expect(c.statusCode, c.body).toBe(201);
    collector = c.json().id;
    expect(c.json()).toMatchObject({ name: 'Søren Ærbødig', organisation: null, kind: 'collector' });
    const d = await api('POST', '/contacts', {
      kind: 'dealer',
      name: 'Karen Holm',
      organisation: 'Galleri Møllen',
      email: 'karen@mollen.test',
    });
    dealer = d.json().id;
    await api('POST', '/contacts', {
      kind: 'institution',
      name: '100% Museum',
      organisation: 'Statens Museum',
    });

    const find = async (q: string) =>
      (await api('GET', `/contacts?q=${encodeURIComponent(q)}`))
        .json()
        .contacts.map((x: { name: string }) => x.name);
    expect(await find('søren')).toEqual(['Søren Ærbødig']);
    expect(await find('MØLLEN')).toEqual(['Karen Holm']);
    expect(await find('@example.test')).toEqual(['Søren Ærbødig']);
    expect(await find('100%')).toEqual(['100% Museum']);
    expect(await find('%')).toEqual(['100% Museum']);
    const all = (await api('GET', '/contacts')).json();
    expect(all.totalCount).toBe(3);
    expect((await api('GET', '/contacts?kind=dealer')).json().contacts).toHaveLength(1);

    const patched = await api('PATCH', `/contacts/${collector}`, { phone: '+45 12 34 56 78' });
    expect(patched.json()).toMatchObject({ phone: '+45 12 34 56 78', name: 'Søren Ærbødig' });
    // Another artist sees none of it.
    expect((await api('GET', `/contacts/${collector}`, undefined, otherHeaders)).statusCode).toBe(404);
    expect((await api('GET', '/contacts', undefined, otherHeaders)).json().totalCount).toBe(0);
    expect((await api('PATCH', `/contacts/${collector}`, { name: 'X' }, otherHeaders)).statusCode).toBe(404);
  });

  it('answers bad input with 400 in the API error shape naming the field, and 401 without a session', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/contacts', { kind: 'friend', name: 'X' }, 'kind'],
      ['POST', '/contacts', { kind: 'collector', name: 'X', email: 'not-an-address' }, 'email'],
      ['POST', '/contacts', { kind: 'collector', name: 'X', colour: 'red' }, 'colour'],
      ['POST', '/contacts', { kind: 'collector', name: '   ' }, 'name'],
      [
        'POST',
        '/sales',
        {
          impressionIds: [n1],
          contactId: collector,
          date: '2025-02-30',
          price: { amount: 1, currency: 'DKK' },
          channel: 'studio',
        },
        'date',
      ],
      [
        'POST',
        '/sales',
        {
          impressionIds: [n1],
          contactId: collector,
          date: '2025-02-03',
          price: { amount: 1, currency: 'dkk' },
          channel: 'studio',
        },
        'price.currency',
      ],
      [
        'POST',
        '/sales',
        {
          impressionIds: [],
          contactId: collector,
          date: '2025-02-03',
          price: { amount: 1, currency: 'DKK' },
          channel: 'studio',
        },
        'impressionIds',
      ],
      [
        'POST',
        '/sales',
        {
          impressionIds: [n1],
          contactId: collector,
          date: '2025-02-03',
          price: { amount: 1, currency: 'DKK' },
          channel: 'shop',
        },
        'channel',
      ],
      [
        'POST',
        '/sales',
        {
          impressionIds: [foreignImpression],
          contactId: collector,
          date: '2025-02-03',
          price: { amount: 1, currency: 'DKK' },
          channel: 'studio',
        },
        'impressionIds',
      ],
      [
        'POST',
        '/consignments',
        { impressionIds: [ap], contactId: dealer, dateOut: '2025-01-01', commissionPercent: 140 },
        'commissionPercent',
      ],
      ['GET', '/sales?year=abc', undefined, 'year'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await api(method as 'POST', url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('BAD_REQUEST');
      expect(res.json().error.details?.field ?? '', res.body).toContain(field);
    }
    // Another artist's contact as the buyer.
    const foreignContact = (
      await api('POST', '/contacts', { kind: 'collector', name: 'Theirs' }, otherHeaders)
    ).json().id;
    const res = await api('POST', '/sales', {
      impressionIds: [n1],
      contactId: foreignContact,
      date: '2025-02-03',
      price: { amount: 1, currency: 'DKK' },
      channel: 'studio',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('contactId');
    for (const url of [
      '/contacts',
      '/sales',
      '/sales/totals',
      '/consignments',
      '/sales/export.csv',
      '/contacts/export.csv',
    ])
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/artist${url}` })).statusCode, url).toBe(401);
    // Nothing in the ledger changed.
    expect(await ledger(n1)).toEqual({ status: 'available', location: 'Plan chest A' });
  });

  it('records a sale in one transaction (sold, located with the buyer, availability follows) and undoes it exactly', async () => {
    expect(await availability(printId)).toBe('available');
    expect(await searchHits('availability=sold')).toBe(0);
    const sale = await api('POST', '/sales', {
      impressionIds: [n1, n2, ap],
      contactId: collector,
      date: '2024-05-17',
      price: { amount: 9600.5, currency: 'DKK' },
      channel: 'studio',
      invoiceNumber: 'F-2024-007',
      notes: 'Paid by bank transfer',
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const s = sale.json();
    expect(s).toMatchObject({
      date: '2024-05-17',
      buyer: { id: collector, name: 'Søren Ærbødig' },
      price: { amount: 9600.5, currency: 'DKK' },
      channel: 'studio',
      invoiceNumber: 'F-2024-007',
    });
    expect(s.impressions.map((i: { marking: string }) => i.marking).sort()).toEqual(['1/2', '2/2', 'AP 1/3']);
    expect(await ledger(n1)).toEqual({ status: 'sold', location: 'Søren Ærbødig' });
    expect(await ledger(n2)).toEqual({ status: 'sold', location: 'Søren Ærbødig' });
    // Every impression sold: the site says the print is sold out.
    expect(await availability(printId)).toBe('sold');
    expect(await searchHits('availability=sold')).toBe(1);

    // A second sale of a sold impression: 409 naming it, nothing changed.
    const again = await api('POST', '/sales', {
      impressionIds: [ap, n1],
      contactId: dealer,
      date: '2024-06-01',
      price: { amount: 1, currency: 'DKK' },
      channel: 'gallery',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');
    expect(again.json().error.message).toContain('1/2 is sold (sale of 2024-05-17)');
    expect((await api('GET', '/sales')).json().totalCount).toBe(1);

    // Undo: what the ledger had before (n2 was reserved), availability back.
    expect((await api('DELETE', `/sales/${s.id}`, undefined, otherHeaders)).statusCode).toBe(404);
    expect((await api('DELETE', `/sales/${s.id}`)).statusCode).toBe(204);
    expect(await ledger(n1)).toEqual({ status: 'available', location: 'Plan chest A' });
    expect(await ledger(n2)).toEqual({ status: 'reserved', location: 'Plan chest A' });
    expect(await ledger(ap)).toEqual({ status: 'available', location: 'Studio wall' });
    expect(await availability(printId)).toBe('available');
    expect(await searchHits('availability=sold')).toBe(0);
    expect((await api('GET', `/sales/${s.id}`)).statusCode).toBe(404);

    const events = await t.handle.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id'])
      .where('artist_id', '=', artistId)
      .where('action', 'like', 'sale.%')
      .orderBy('occurred_at')
      .execute();
    expect(events).toEqual([
      { action: 'sale.recorded', entity_id: s.id },
      { action: 'sale.deleted', entity_id: s.id },
    ]);
  });

  it('consigns (available, with the dealer), refuses a second consignment, and restores on return', async () => {
    const out = await api('POST', '/consignments', {
      impressionIds: [ap],
      contactId: dealer,
      dateOut: '2025-03-01',
      commissionPercent: 40,
      price: { amount: 5000, currency: 'DKK' },
    });
    expect(out.statusCode, out.body).toBe(201);
    const c = out.json();
    expect(c).toMatchObject({ dealer: { name: 'Karen Holm' }, commissionPercent: 40, dateReturned: null });
    expect(c.impressions[0]).toMatchObject({ open: true, marking: 'AP 1/3', saleId: null });
    expect(await ledger(ap)).toEqual({ status: 'available', location: 'Galleri Møllen' });

    const twice = await api('POST', '/consignments', {
      impressionIds: [ap],
      contactId: dealer,
      dateOut: '2025-03-02',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain(
      'already on consignment with Galleri Møllen since 2025-03-01',
    );
    // The dealer cannot be deleted while it is out.
    expect((await api('DELETE', `/contacts/${dealer}`)).statusCode).toBe(409);

    expect((await api('GET', '/consignments?state=out')).json().totalCount).toBe(1);
    const early = await api('POST', `/consignments/${c.id}/return`, { dateReturned: '2025-02-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details.field).toBe('dateReturned');
    const back = await api('POST', `/consignments/${c.id}/return`, { dateReturned: '2025-04-01' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ dateReturned: '2025-04-01' });
    expect(back.json().impressions[0].open).toBe(false);
    expect(await ledger(ap)).toEqual({ status: 'available', location: 'Studio wall' });
    expect(
      (await api('POST', `/consignments/${c.id}/return`, { dateReturned: '2025-04-02' })).statusCode,
    ).toBe(409);
    expect((await api('GET', '/consignments?state=returned')).json().totalCount).toBe(1);
  });

  it('sells an impression from a consignment, and undoing the sale puts it back with the dealer', async () => {
    const c = (
      await api('POST', '/consignments', {
        impressionIds: [ap, n1],
        contactId: dealer,
        dateOut: '2025-05-01',
      })
    ).json();
    const sale = await api('POST', '/sales', {
      impressionIds: [ap],
      contactId: collector,
      date: '2025-06-10',
      price: { amount: 600, currency: 'EUR' },
      channel: 'gallery',
    });
    expect(sale.statusCode, sale.body).toBe(201);
    expect(await ledger(ap)).toEqual({ status: 'sold', location: 'Søren Ærbødig' });
    let view = (await api('GET', `/consignments/${c.id}`)).json();
    const line = view.impressions.find((i: { impressionId: string }) => i.impressionId === ap);
    expect(line).toMatchObject({ open: false, saleId: sale.json().id });
    // Deleting the consignment would lose where the sold impression came from.
    expect((await api('DELETE', `/consignments/${c.id}`)).statusCode).toBe(409);

    expect((await api('DELETE', `/sales/${sale.json().id}`)).statusCode).toBe(204);
    expect(await ledger(ap)).toEqual({ status: 'available', location: 'Galleri Møllen' });
    view = (await api('GET', `/consignments/${c.id}`)).json();
    expect(view.impressions.every((i: { open: boolean }) => i.open)).toBe(true);
    // Sold from the consignment, which then comes back: undoing the sale puts the impression where it was before
    // the consignment (the dealer no longer has it).
    const sold = (
      await api('POST', '/sales', {
        impressionIds: [ap],
        contactId: collector,
        date: '2025-06-11',
        price: { amount: 600, currency: 'EUR' },
        channel: 'gallery',
      })
    ).json();
    const other = await api('POST', '/consignments', {
      impressionIds: [n2],
      contactId: dealer,
      dateOut: '2025-05-02',
    });
    expect(other.statusCode, 'a reserved impression is not consigned').toBe(409);
    expect(other.json().error.message).toContain('2/2 is reserved');
    expect((await api('DELETE', `/sales/${sold.id}`)).statusCode).toBe(204);
    // Deleting it (recorded by mistake) restores both.
    expect((await api('DELETE', `/consignments/${c.id}`)).statusCode).toBe(204);
    expect(await ledger(ap)).toEqual({ status: 'available', location: 'Studio wall' });
    expect(await ledger(n1)).toEqual({ status: 'available', location: 'Plan chest A' });
  });

  it('undoes a sale from a consignment returned since: the impression is where it was before the consignment', async () => {
    const c = (
      await api('POST', '/consignments', { impressionIds: [ap], contactId: dealer, dateOut: '2025-05-01' })
    ).json();
    const sale = (
      await api('POST', '/sales', {
        impressionIds: [ap],
        contactId: collector,
        date: '2025-06-10',
        price: { amount: 600, currency: 'EUR' },
        channel: 'gallery',
      })
    ).json();
    const back = await api('POST', `/consignments/${c.id}/return`, { dateReturned: '2025-07-01' });
    expect(back.statusCode).toBe(200);
    expect(await ledger(ap)).toEqual({ status: 'sold', location: 'Søren Ærbødig' });
    expect((await api('DELETE', `/sales/${sale.id}`)).statusCode).toBe(204);
    expect(await ledger(ap)).toEqual({ status: 'available', location: 'Studio wall' });
    expect((await api('GET', `/consignments/${c.id}`)).json().impressions[0]).toMatchObject({
      open: false,
      saleId: null,
    });
    expect((await api('DELETE', `/consignments/${c.id}`)).statusCode).toBe(204);
    expect(await ledger(ap)).toEqual({ status: 'available', location: 'Studio wall' });
  });

  it('lets only one of two simultaneous sales of an impression through', async () => {
    const sell = () =>
      api('POST', '/sales', {
        impressionIds: [ap],
        contactId: collector,
        date: '2025-07-01',
        price: { amount: 1, currency: 'DKK' },
        channel: 'online',
      });
    const answers = await Promise.all([sell(), sell()]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const won = answers.find((a) => a.statusCode === 201)!.json();
    expect((await api('DELETE', `/sales/${won.id}`)).statusCode).toBe(204);
    expect(await ledger(ap)).toEqual({ status: 'available', location: 'Studio wall' });
  });

  it('documents every route in the OpenAPI document the app serves', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/api/v1/artist/contacts',
      '/api/v1/artist/contacts/export.csv',
      '/api/v1/artist/contacts/{contactId}',
      '/api/v1/artist/contacts/{contactId}/history',
      '/api/v1/artist/sales',
      '/api/v1/artist/sales/totals',
      '/api/v1/artist/sales/export.csv',
      '/api/v1/artist/sales/{saleId}',
      '/api/v1/artist/consignments',
      '/api/v1/artist/consignments/{consignmentId}',
      '/api/v1/artist/consignments/{consignmentId}/return',
      '/api/v1/artist/prints/{printId}/provenance',
    ])
      expect(paths, path).toContain(path);
    expect(doc.paths['/api/v1/artist/sales'].post.responses['409']).toBeDefined();
  });

  it('keeps per-contact history, provenance per print and totals per year', async () => {
    const otherImpression = await impression(otherPrint, { number: 1 });
    const sell = (ids: string[], contactId: string, date: string, amount: number, currency: string) =>
      api('POST', '/sales', {
        impressionIds: ids,
        contactId,
        date,
        price: { amount, currency },
        channel: 'fair',
      });
    const first = (await sell([n1], collector, '2024-09-01', 4000, 'DKK')).json();
    await sell([otherImpression], collector, '2025-01-15', 2500.25, 'DKK');
    await sell([n2], dealer, '2025-02-01', 300, 'EUR');
    const c = (
      await api('POST', '/consignments', { impressionIds: [ap], contactId: dealer, dateOut: '2025-03-01' })
    ).json();

    const history = (await api('GET', `/contacts/${collector}/history`)).json();
    expect(history.contact.name).toBe('Søren Ærbødig');
    expect(history.sales.map((s: { date: string }) => s.date)).toEqual(['2025-01-15', '2024-09-01']);
    expect(history.consignments).toEqual([]);
    const dealerHistory = (await api('GET', `/contacts/${dealer}/history`)).json();
    expect(dealerHistory.sales).toHaveLength(1);
    expect(dealerHistory.consignments.map((x: { id: string }) => x.id)).toContain(c.id);

    // n1 was bought back and sold again: a chain of two sales.
    await t.handle.db.updateTable('impressions').set({ status: 'available' }).where('id', '=', n1).execute();
    const resale = (await sell([n1], dealer, '2025-08-01', 5200, 'DKK')).json();
    // Only the latest sale of an impression can be undone.
    const undoFirst = await api('DELETE', `/sales/${first.id}`);
    expect(undoFirst.statusCode).toBe(409);
    expect(undoFirst.json().error.message).toContain('undo that sale first');

    const provenance = (await api('GET', `/prints/${printId}/provenance`)).json();
    const chain = provenance.impressions.find((i: { impressionId: string }) => i.impressionId === n1);
    expect(chain.marking).toBe('1/2');
    expect(chain.sales.map((s: { date: string; buyer: { name: string } }) => [s.date, s.buyer.name])).toEqual(
      [
        ['2024-09-01', 'Søren Ærbødig'],
        ['2025-08-01', 'Karen Holm'],
      ],
    );
    expect(provenance.impressions.find((i: { impressionId: string }) => i.impressionId === ap).sales).toEqual(
      [],
    );
    expect((await api('GET', `/prints/${printId}/provenance`, undefined, otherHeaders)).statusCode).toBe(404);

    const totals = (await api('GET', '/sales/totals')).json();
    expect(totals.years).toEqual([
      {
        year: 2025,
        count: 3,
        sums: [
          { amount: 7700.25, currency: 'DKK' },
          { amount: 300, currency: 'EUR' },
        ],
      },
      { year: 2024, count: 1, sums: [{ amount: 4000, currency: 'DKK' }] },
    ]);
    expect((await api('GET', '/sales?year=2024')).json().totalCount).toBe(1);
    expect((await api('GET', '/sales/totals', undefined, otherHeaders)).json().years).toEqual([]);
    expect((await api('DELETE', `/sales/${resale.id}`)).statusCode).toBe(204);
  });

  it('exports sales and contacts as CSV that reads back (BOM, quoting, Danish letters, formulas defused)', async () => {
    const sales = await api('GET', '/sales/export.csv');
    expect(sales.statusCode).toBe(200);
    expect(sales.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(sales.headers['content-disposition']).toMatch(
      /^attachment; filename="sales-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    expect(sales.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const saleRows = parse(sales.body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(saleRows).toHaveLength(3);
    const dkk = saleRows.find((r) => r.date === '2024-09-01')!;
    expect(dkk).toMatchObject({
      buyer: 'Søren Ærbødig',
      price: '4000',
      currency: 'DKK',
      channel: 'fair',
      impressions: 'Harbour at dawn 1/2',
      title_da: 'Havn ved daggry',
      impression_ids: n1,
    });

    const contacts = await api('GET', '/contacts/export.csv');
    expect(contacts.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(contacts.body).toContain('\r\n');
    const rows = parse(contacts.body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.name)).toEqual(['100% Museum', 'Karen Holm', 'Søren Ærbødig']);
    const soren = rows.find((r) => r.name === 'Søren Ærbødig')!;
    expect(soren.address).toBe('Nyhavn 1\n1051 København K');
    expect(soren.notes).toBe(`'=SUM(1) likes mezzotints, "big" ones`);
    // Another artist's export holds only theirs.
    const theirs = parse((await api('GET', '/contacts/export.csv', undefined, otherHeaders)).body, {
      bom: true,
      columns: true,
    }) as Array<Record<string, string>>;
    expect(theirs.map((r) => r.name)).toEqual(['Theirs']);
  });

  it('says in the privacy policy, in both languages, what is kept of business contacts', async () => {
    const da = await t.app.inject({ method: 'GET', url: '/da/privacy' });
    expect(da.body).toContain('Købere, gallerier og andre forretningsforbindelser');
    const en = await t.app.inject({ method: 'GET', url: '/en/privacy' });
    expect(en.body).toContain('They are kept until the artist deletes them');
  });

  it('deletes a contact but keeps their sales (without the name) for the books', async () => {
    const c = (await api('POST', '/contacts', { kind: 'collector', name: 'Short-lived' })).json();
    const extra = await impression(otherPrint, { number: 2 });
    const sale = (
      await api('POST', '/sales', {
        impressionIds: [extra],
        contactId: c.id,
        date: '2023-01-01',
        price: { amount: 100, currency: 'DKK' },
        channel: 'online',
      })
    ).json();
    expect((await api('DELETE', `/contacts/${c.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/sales/${sale.id}`)).json().buyer).toBeNull();
    // Deleting the impression from the ledger takes its line with it; the sale (the money) stays.
    expect((await api('DELETE', `/prints/${otherPrint}/impressions/${extra}`)).statusCode).toBe(204);
    expect((await api('GET', `/sales/${sale.id}`)).json()).toMatchObject({
      impressions: [],
      price: { amount: 100 },
    });
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', c.id)
      .orderBy('occurred_at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['contact.created', 'contact.deleted']);
  });
});
