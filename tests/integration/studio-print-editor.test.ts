// The studio's print editor over inject(), on PGlite and real PostgreSQL: every field round-trips through the form
// (submitted → stored, read back through the artist API → shown in the form), the publishing gate's missing
// fields per language, the service's refusals at their fields (edition size below the recorded impressions,
// unknown vocabulary, malformed numbers) with everything typed given back, vocabulary terms added without
// JavaScript, the edition ledger (add, inline and full edits, delete with confirmation), the draft preview
// (the artist sees it, the public URL stays 404), EXIF, deleting, another artist's print and the CSRF check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertGallery, insertPrint } from '../helpers/catalogue.js';
import {
  printInputOf,
  serviceFieldErrors,
  storedPrintForm,
  tagsOf,
  typedPrintForm,
} from '../../src/modules/studio/print-editor-form.js';
import { AppError, ConflictError } from '../../src/platform/errors.js';

const FORM = 'application/x-www-form-urlencoded';

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The value a form control shows in server-rendered HTML (input value, textarea text, selected option). */
function shown(html: string, name: string): string | undefined {
  const n = escapeRe(name);
  const input = new RegExp(`<input[^>]*\\sname="${n}"[^>]*>`).exec(html)?.[0];
  if (input) {
    const value = /\svalue="([^"]*)"/.exec(input)?.[1];
    return decode(value ?? '');
  }
  const textarea = new RegExp(`<textarea[^>]*\\sname="${n}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  if (textarea) return decode(textarea[1] ?? '');
  const select = new RegExp(`<select[^>]*\\sname="${n}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (select) return decode(/<option value="([^"]*)" selected/.exec(select[1] ?? '')?.[1] ?? '');
  return undefined;
}

/** The error shown next to a field (TextField/TextArea/SelectField render `<id>-error`). */
function errorAt(html: string, name: string): string | undefined {
  const id = `f-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}-error`;
  const m = new RegExp(`id="${escapeRe(id)}"[^>]*>([^<]*)<`).exec(html);
  return m ? decode(m[1] ?? '') : undefined;
}

/** Every field of the form, filled in both languages. */
const FULL: Array<[string, string]> = [
  ['title.da', 'Havnen om natten'],
  ['title.en', 'The harbour at night'],
  ['artistName.da', 'Karen Ølgaard'],
  ['artistName.en', 'Karen Olgaard'],
  ['year', '2021'],
  ['tags.da', 'havn\nnat\n'],
  ['tags.en', 'harbour\nnight'],
  ['description.da', 'En stille havn.\n\nMånen over vandet & "bådene".'],
  ['description.en', 'A quiet harbour.\n\nThe moon over the water & "the boats".'],
  ['altText.da', 'Radering af en havn om natten'],
  ['altText.en', 'Etching of a harbour at night'],
  ['artistStatement.da', 'Jeg tegnede pladen på stedet.'],
  ['artistStatement.en', 'I drew the plate on the spot.'],
  ['technique', 'aquatint'],
  ['plateType', 'zinc'],
  ['medium.da', 'Akvatinte og radering'],
  ['medium.en', 'Aquatint and etching'],
  ['paperType.da', 'Hahnemühle bøttepapir'],
  ['paperType.en', 'Hahnemühle mould-made'],
  ['inkType.da', 'Charbonnel sort'],
  ['inkType.en', 'Charbonnel black'],
  ['printingPress.da', 'Eget tryk'],
  ['printingPress.en', 'Own press'],
  ['subject.da', 'Havn'],
  ['subject.en', 'Harbour'],
  ['styleMovement.da', 'Realisme'],
  ['styleMovement.en', 'Realism'],
  ['plateDimensions.heightMm', '300'],
  ['plateDimensions.widthMm', '400'],
  ['sheetDimensions.heightMm', '450'],
  ['sheetDimensions.widthMm', '560'],
  ['editionSize', '25'],
  ['artistProofs', '3'],
  ['editionState.da', 'Endelig tilstand'],
  ['editionState.en', 'Final state'],
  ['availability', 'available'],
  ['price.amount', '4500.50'],
  ['price.currency', 'eur'],
  ['purchaseInfo.da', 'Kontakt kunstneren.'],
  ['purchaseInfo.en', 'Contact the artist.'],
  ['copyrightTerms.da', 'Alle rettigheder forbeholdes.'],
  ['copyrightTerms.en', 'All rights reserved.'],
  ['provenance.da', 'Kunstnerens atelier.'],
  ['provenance.en', 'The artist’s studio.'],
  ['exhibitionHistory.da', 'Charlottenborg 2022'],
  ['exhibitionHistory.en', 'Charlottenborg 2022'],
  ['location.da', 'Skuffe 3'],
  ['location.en', 'Drawer 3'],
  ['conservationNotes.da', 'Lille plet nederst til venstre.'],
  ['conservationNotes.en', 'Small foxing bottom left.'],
  ['zoomMaxPixels', '4000'],
];

describe('the editor’s form model', () => {
  it('pairs tag lines by position, a blank line leaving one language out', () => {
    expect(tagsOf({ da: 'havn\n\nnat', en: 'harbour\nboat\nnight' })).toEqual([
      { da: 'havn', en: 'harbour' },
      { en: 'boat' },
      { da: 'nat', en: 'night' },
    ]);
    expect(tagsOf({ da: '', en: '' })).toEqual([]);
  });

  it('refuses what the API schema refuses, at the field, and half-given dimensions', () => {
    const values = typedPrintForm({
      'title.en': 'x'.repeat(201),
      year: '1200',
      'plateDimensions.heightMm': '300',
      'sheetDimensions.widthMm': 'wide',
      editionSize: '2.5',
      'price.amount': '12,345.6',
      'price.currency': 'kr',
      zoomMaxPixels: '999',
    });
    const { errors } = printInputOf(values);
    expect(errors).toEqual({
      'title.en': 'Shorten this to 200 characters or fewer (it has 201)',
      year: 'Enter a number of at least 1400',
      'plateDimensions.widthMm': 'Enter the plate width too (or clear the height)',
      'sheetDimensions.widthMm': 'Enter the width in whole millimetres, e.g. 400',
      editionSize: 'Enter the edition size as a whole number, e.g. 25',
      'price.amount': 'Enter an amount such as 1250 or 1250.50',
      'price.currency': 'Enter a three-letter currency code, such as DKK, EUR or USD',
      zoomMaxPixels: 'Enter a number of at least 1000',
    });
    // Empty: the site-wide zoom limit applies (null clears the print's own).
    expect(
      printInputOf(typedPrintForm({ 'title.en': 'x', zoomMaxPixels: '' })).input.zoomMaxPixels,
    ).toBeNull();
    expect(printInputOf(typedPrintForm({ 'title.en': 'x', zoomMaxPixels: '20001' })).errors).toEqual({
      zoomMaxPixels: 'Enter a number of at most 20000',
    });
  });

  it('puts the service’s refusals at their fields', () => {
    expect(
      serviceFieldErrors(
        new AppError('UNPROCESSABLE', 'Cannot publish', {
          missing: ['title (da)', 'altText (en)', 'technique', 'year', 'image (processed)'],
        }),
      ),
    ).toEqual({
      'title.da': 'Enter the Danish title to publish',
      'altText.en': 'Enter the English image description (alt text) to publish',
      technique: 'Choose the technique to publish',
      year: 'Enter the year to publish',
      image: 'Add an image and wait until it is processed to publish',
    });
    // The field comes from the error's details (as the services send it), not from reading the message.
    expect(
      serviceFieldErrors(
        new ConflictError('editionSize: 5 numbered impressions are recorded', { field: 'editionSize' }),
      ),
    ).toEqual({
      editionSize: '5 numbered impressions are recorded',
    });
    expect(
      serviceFieldErrors(
        new AppError('BAD_REQUEST', 'body.technique: unknown technique "x"', { field: 'technique' }),
      ),
    ).toEqual({
      technique: 'Unknown technique "x"',
    });
    expect(serviceFieldErrors(new AppError('BAD_REQUEST', 'body.technique: unknown technique "x"'))).toEqual({
      _form: 'body.technique: unknown technique "x"',
    });
    expect(serviceFieldErrors(new Error('boom'))).toBeUndefined();
  });

  it('reads a stored print back into the same form values', () => {
    const typed = typedPrintForm(Object.fromEntries(FULL));
    const { input, errors } = printInputOf(typed);
    expect(errors).toEqual({});
    expect(input.price).toEqual({ amount: 4500.5, currency: 'EUR' });
    expect(input.plateDimensions).toEqual({ heightMm: 300, widthMm: 400 });
    expect(input.tags).toEqual([
      { da: 'havn', en: 'harbour' },
      { da: 'nat', en: 'night' },
    ]);
    const back = storedPrintForm({
      localized: Object.fromEntries(
        Object.entries(typed.text).map(([k, v]) => [k, { da: v.da, en: v.en }]),
      ) as never,
      year: 2021,
      techniqueKey: 'aquatint',
      plateTypeKey: 'zinc',
      availabilityKey: 'available',
      plateDimensions: { heightMm: 300, widthMm: 400 },
      sheetDimensions: { heightMm: 450, widthMm: 560 },
      editionSize: 25,
      artistProofs: 3,
      price: 4500.5,
      priceCurrency: 'EUR',
      zoomMaxPixels: 4000,
      tags: [{ label: { da: 'havn', en: 'harbour' } }, { label: { da: 'nat', en: 'night' } }],
    });
    expect(back).toEqual({ ...typed, priceAmount: '4500.5' });
  });
});

describe.each(ENGINES)('studio print editor on %s', (engine) => {
  let t: TestApp;
  let artistId: string;
  let otherId: string;
  let session: { cookie: string; csrf: string };
  let api: Record<string, string>;

  beforeAll(async () => {
    t = await openTestApp(engine);
    artistId = await createArtist(t.handle, 'Karen Ølgaard');
    otherId = await createArtist(t.handle, 'Someone Else');
    api = await asArtist(t.config, t.handle, artistId);
    session = { cookie: api.cookie ?? '', csrf: api['x-csrf-token'] ?? '' };
  }, 60_000);

  afterAll(async () => {
    await t?.cleanup();
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

  /** A form post as the browser sends it: urlencoded, the CSRF token in the hidden `_csrf` field. */
  const post = (url: string, fields: Array<[string, string]>, opts: { csrf?: boolean } = {}) => {
    const body = new URLSearchParams(fields);
    if (opts.csrf !== false) body.append('_csrf', session.csrf);
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'content-type': FORM },
      payload: body.toString(),
    });
  };

  const apiPrint = async (id: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/artist/prints/${id}`, headers: api });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Record<string, unknown> & { localized: Record<string, { da?: string; en?: string }> }>();
  };

  const printRow = (id: string) =>
    t.handle.db.selectFrom('prints').selectAll().where('id', '=', id).executeTakeFirst();

  /** The whole editor form of the print, as stored: every field's name and value. */
  const formOf = (html: string) => Object.fromEntries(FULL.map(([name]) => [name, shown(html, name)]));

  async function newDraft(title: { da?: string; en?: string }): Promise<string> {
    const fields: Array<[string, string]> = [['intent', 'save']];
    if (title.da) fields.push(['title.da', title.da]);
    if (title.en) fields.push(['title.en', title.en]);
    const res = await post('/studio/prints/new', fields);
    expect(res.statusCode, res.body).toBe(303);
    const match = /^\/studio\/prints\/([0-9a-f-]{36})\?notice=created$/.exec(res.headers.location ?? '');
    expect(match).not.toBeNull();
    return match![1]!;
  }

  it('shows an empty form for a new print, grouped, in both languages, with the vocabulary pickers', async () => {
    const res = await get('/studio/prints/new');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const html = res.body;
    for (const heading of [
      'Identity',
      'Description',
      'Technique &amp; materials',
      'Dimensions',
      'Edition',
      'Sale',
      'Rights',
      'Provenance &amp; history',
      'Inventory notes',
    ]) {
      expect(html).toContain(`<legend><h2>${heading}</h2></legend>`);
    }
    expect(html).toContain('<label for="f-title-da">Title (Danish)</label>');
    expect(html).toContain('<label for="f-title-en">Title (English)</label>');
    expect(html).toContain('<label for="f-plateDimensions-heightMm">Plate height (mm)</label>');
    expect(html).toMatch(/<option value="etching">Etching \/ Radering<\/option>/);
    expect(html).toMatch(/<option value="copper">Copper \/ Kobber<\/option>/);
    expect(html).toMatch(/<option value="not-for-sale">Not for sale \/ Ikke til salg<\/option>/);
    expect(html).toContain('data-guard-changes');
    expect(html).toContain('Create draft');
    // A title in one language is enough for a draft.
    const empty = await post('/studio/prints/new', [
      ['title.da', ''],
      ['intent', 'save'],
    ]);
    expect(empty.statusCode).toBe(422);
    expect(errorAt(empty.body, 'title.da')).toBe(
      'Enter a title, in Danish or English (both are needed to publish)',
    );
  });

  it('round-trips every field: submitted, stored through the service, shown again in the form', async () => {
    const id = await newDraft({ da: 'Kladde' });
    let row = await printRow(id);
    expect(row?.status).toBe('draft');
    expect(row?.title).toEqual({ da: 'Kladde' });
    expect(row?.image_id).toBeNull();

    const saved = await post(`/studio/prints/${id}`, [...FULL, ['intent', 'save']]);
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`/studio/prints/${id}?notice=saved`);

    const p = await apiPrint(id);
    for (const [name, value] of FULL) {
      const [field, lang] = name.split('.');
      if ((lang === 'da' || lang === 'en') && field !== 'tags') {
        expect(p.localized[field!]?.[lang], name).toBe(value.trim());
      }
    }
    expect(p).toMatchObject({
      status: 'draft',
      year: 2021,
      techniqueKey: 'aquatint',
      plateTypeKey: 'zinc',
      availabilityKey: 'available',
      plateDimensions: { heightMm: 300, widthMm: 400 },
      sheetDimensions: { heightMm: 450, widthMm: 560 },
      editionSize: 25,
      artistProofs: 3,
      price: 4500.5,
      priceCurrency: 'EUR',
      zoomMaxPixels: 4000,
    });
    expect((p.tags as Array<{ label: unknown }>).map((tag) => tag.label)).toEqual([
      { da: 'havn', en: 'harbour' },
      { da: 'nat', en: 'night' },
    ]);
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['print.created', 'print.updated']);

    const page = await get(`/studio/prints/${id}?notice=saved`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<p class="notice">Saved.</p>');
    const expected = Object.fromEntries(FULL.map(([name, value]) => [name, value.trim()]));
    expect(formOf(page.body)).toEqual({
      ...expected,
      'price.amount': '4500.5',
      'price.currency': 'EUR',
    });

    // Clearing fields clears them.
    const cleared = await post(`/studio/prints/${id}`, [
      ...FULL.filter(
        ([name]) =>
          !['artistName.en', 'year', 'plateType', 'price.amount', 'tags.da', 'tags.en'].includes(name),
      ),
      ['intent', 'save'],
    ]);
    expect(cleared.statusCode, cleared.body).toBe(303);
    row = await printRow(id);
    expect(row?.artist_name).toEqual({ da: 'Karen Ølgaard' });
    expect(row?.year).toBeNull();
    expect(row?.plate_material_key).toBeNull();
    expect(row?.price_amount).toBeNull();
    expect((await apiPrint(id)).tags).toEqual([]);
  });

  it('refuses malformed input at the field and gives back everything typed (422)', async () => {
    const id = await newDraft({ en: 'Refusals' });
    const typed: Array<[string, string]> = [
      ...FULL.filter(([name]) => !['year', 'technique', 'price.currency'].includes(name)),
      ['year', 'nineteen'],
      ['technique', 'aquatint'],
      ['price.currency', 'kr'],
      ['intent', 'save'],
    ];
    const res = await post(`/studio/prints/${id}`, typed);
    expect(res.statusCode).toBe(422);
    expect(errorAt(res.body, 'year')).toBe('Enter the year as a number, e.g. 2024');
    expect(errorAt(res.body, 'price.currency')).toBe(
      'Enter a three-letter currency code, such as DKK, EUR or USD',
    );
    expect(res.body).toContain('There are 2 problems');
    expect(res.body).toContain('<a href="#f-year">Year: Enter the year as a number, e.g. 2024</a>');
    expect(shown(res.body, 'year')).toBe('nineteen');
    expect(shown(res.body, 'description.en')).toBe(FULL.find(([n]) => n === 'description.en')![1]);
    expect(shown(res.body, 'technique')).toBe('aquatint');
    expect((await printRow(id))?.title).toEqual({ en: 'Refusals' });

    // The service's own refusal (a technique the vocabulary does not know) lands at the technique field.
    const unknown = await post(`/studio/prints/${id}`, [
      ['title.en', 'Refusals'],
      ['technique', 'lithography'],
    ]);
    expect(unknown.statusCode).toBe(422);
    expect(errorAt(unknown.body, 'technique')).toMatch(/^Unknown technique "lithography"; known: etching, /);
  });

  it('lists the publishing gate’s missing fields per language, at the top and at each field (422)', async () => {
    const id = await newDraft({ da: 'Kun dansk' });
    const editor = await get(`/studio/prints/${id}`);
    expect(editor.body).toContain('Still needed before publishing:');
    for (const item of [
      'Title (English)',
      'Image description (alt text) (Danish)',
      'Image description (alt text) (English)',
      'Technique',
      'Year',
      'A processed image',
    ]) {
      expect(editor.body).toContain(`<li>${item}</li>`);
    }
    expect(editor.body).toMatch(/id="f-title-en-hint">Needed before publishing\./);
    expect(editor.body).not.toMatch(/id="f-title-da-hint">Needed before publishing\./);

    const res = await post(`/studio/prints/${id}`, [
      ['title.da', 'Kun dansk'],
      ['altText.en', 'An etching'],
      ['intent', 'publish'],
    ]);
    expect(res.statusCode).toBe(422);
    expect(errorAt(res.body, 'title.en')).toBe('Enter the English title to publish');
    expect(errorAt(res.body, 'altText.da')).toBe('Enter the Danish image description (alt text) to publish');
    expect(errorAt(res.body, 'altText.en')).toBeUndefined();
    expect(errorAt(res.body, 'technique')).toBe('Choose the technique to publish');
    expect(errorAt(res.body, 'year')).toBe('Enter the year to publish');
    expect(errorAt(res.body, 'image')).toBe('Add an image and wait until it is processed to publish');
    expect(res.body).toContain(
      '<a href="#f-title-en">Title (English): Enter the English title to publish</a>',
    );
    expect(res.body).toContain(
      '<a href="#f-image">Image: Add an image and wait until it is processed to publish</a>',
    );
    expect(shown(res.body, 'altText.en')).toBe('An etching');
    // Nothing was saved: the change and the status rolled back together.
    const row = await printRow(id);
    expect(row?.status).toBe('draft');
    expect(row?.alt_text).toEqual({});
  });

  it('publishes and unpublishes a complete print; the public page follows; the preview shows drafts', async () => {
    const id = await insertPrint(t.handle, artistId, {
      status: 'draft',
      title: { da: 'Fyrtårnet', en: 'The lighthouse' },
    });
    await insertGallery(t.handle, artistId, [id], 'published');
    expect((await t.app.inject({ method: 'GET', url: `/en/prints/${id}` })).statusCode).toBe(404);

    const preview = await get(`/studio/prints/${id}/preview/en`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['cache-control']).toBe('private, no-store');
    expect(preview.headers['x-robots-tag']).toBe('noindex');
    expect(preview.body).toContain('<meta name="robots" content="noindex"/>');
    expect(preview.body).toContain('Preview — not published.');
    expect(preview.body).toMatch(/<h1 id="print-title"[^>]*>The lighthouse<\/h1>/);
    expect(preview.body).toContain(`href="/studio/prints/${id}/preview/da"`);
    // Images of a draft come through the artist's media route, never the public area.
    expect(preview.body).toMatch(/src="\/api\/v1\/artist\/media\/[^"]+medium\.webp"/);
    const previewDa = await get(`/studio/prints/${id}/preview/da`);
    expect(previewDa.statusCode).toBe(200);
    expect(previewDa.body).toMatch(/<h1 id="print-title"[^>]*>Fyrtårnet<\/h1>/);
    expect(previewDa.body).toContain('<html lang="da">');
    expect((await get(`/studio/prints/${id}/preview/de`)).statusCode).toBe(404);

    const published = await post(`/studio/prints/${id}`, [
      ['title.da', 'Fyrtårnet'],
      ['title.en', 'The lighthouse'],
      ['altText.da', 'Radering af en havn'],
      ['altText.en', 'Etching of a harbour'],
      ['technique', 'etching'],
      ['year', '2023'],
      ['editionSize', '25'],
      ['intent', 'publish'],
    ]);
    expect(published.statusCode, published.body).toBe(303);
    expect(published.headers.location).toBe(`/studio/prints/${id}?notice=published`);
    expect((await printRow(id))?.status).toBe('published');
    const pub = await t.app.inject({ method: 'GET', url: `/en/prints/${id}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('The lighthouse');
    const editor = await get(`/studio/prints/${id}`);
    expect(editor.body).toContain('Visitors see this print.');
    expect(editor.body).toContain('Save and unpublish');

    const unpublished = await post(`/studio/prints/${id}`, [
      ['title.da', 'Fyrtårnet'],
      ['title.en', 'The lighthouse'],
      ['altText.da', 'Radering af en havn'],
      ['altText.en', 'Etching of a harbour'],
      ['technique', 'etching'],
      ['year', '2023'],
      ['editionSize', '25'],
      ['intent', 'unpublish'],
    ]);
    expect(unpublished.headers.location).toBe(`/studio/prints/${id}?notice=unpublished`);
    expect((await printRow(id))?.status).toBe('draft');
    expect((await t.app.inject({ method: 'GET', url: `/en/prints/${id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/da/prints/${id}` })).statusCode).toBe(404);
  });

  it('previews a draft that is in no gallery yet, the breadcrumb leading to the galleries page', async () => {
    const id = await insertPrint(t.handle, artistId, {
      status: 'draft',
      title: { da: 'Alene', en: 'Alone' },
    });
    const res = await get(`/studio/prints/${id}/preview/da`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<h1 id="print-title"[^>]*>Alene<\/h1>/);
    expect(res.body).toContain('<a href="/da/galleries">Gallerier</a>');
    expect(res.body).not.toContain('href="/da/galleries/"');
    // The language toggle stays in the preview (the public page of a draft does not exist).
    expect(res.body).toContain(`class="lang-toggle" href="/studio/prints/${id}/preview/en"`);
    expect(res.body).not.toContain('/language/en?next=');
  });

  it('keeps the edition ledger: add numbered and proofs, edit inline and in full, delete with confirmation', async () => {
    const id = await insertPrint(t.handle, artistId, { status: 'draft', editionSize: 25 });
    await t.handle.db.updateTable('prints').set({ artist_proofs: 3 }).where('id', '=', id).execute();
    const add = (fields: Record<string, string>) =>
      post(
        `/studio/prints/${id}/impressions`,
        Object.entries({ kind: 'numbered', status: 'available', 'price.currency': 'DKK', ...fields }).map(
          ([k, v]) => [`impression.${k}`, v],
        ),
      );
    for (const n of ['1', '2', '3', '7']) {
      const res = await add({ number: n, printedOn: '2024-03-18', paper: 'Somerset' });
      expect(res.statusCode, res.body).toBe(303);
      expect(res.headers.location).toBe(`/studio/prints/${id}?notice=impression-added#impressions`);
    }
    expect((await add({ kind: 'AP', number: '1', notes: 'Kept by the artist' })).statusCode).toBe(303);
    expect((await add({ kind: 'TP', number: '' })).statusCode).toBe(303);

    // The service's refusals at the add form's fields, with what was typed.
    const beyond = await add({ number: '26', state: 'II' });
    expect(beyond.statusCode).toBe(422);
    expect(errorAt(beyond.body, 'impression.number')).toBe('26 is beyond the edition size 25');
    expect(shown(beyond.body, 'impression.state')).toBe('II');
    const twice = await add({ number: '7' });
    expect(twice.statusCode).toBe(422);
    expect(errorAt(twice.body, 'impression.number')).toBe(
      'There is already an impression with this kind and number',
    );
    const noNumber = await add({ number: '' });
    expect(errorAt(noNumber.body, 'impression.number')).toBe(
      'Enter the number of this impression, e.g. 7 for 7/25',
    );

    let page = await get(`/studio/prints/${id}`);
    expect(page.body).toContain('Edition of 25 — 4 available');
    expect(page.body).toContain('4 of 25 numbered impressions recorded.');
    expect(page.body).toContain('2 proofs recorded (1 of 3 artist’s proofs).');
    for (const label of ['1/25', '2/25', '3/25', '7/25', 'AP 1', 'TP']) {
      expect(page.body).toContain(`<th scope="row">${label}</th>`);
    }
    const ledger = await t.app.inject({
      method: 'GET',
      url: `/api/v1/artist/prints/${id}/impressions`,
      headers: api,
    });
    const impressions = ledger.json<{ impressions: Array<{ id: string; label: string; status: string }> }>()
      .impressions;
    const seven = impressions.find((i) => i.label === '7/25')!;
    const two = impressions.find((i) => i.label === '2/25')!;

    // Inline: status and location of one row.
    const inline = await post(`/studio/prints/${id}/impressions/${seven.id}`, [
      ['inline', '1'],
      [`row.${seven.id}.status`, 'sold'],
      [`row.${seven.id}.location`, 'Collector, Aarhus'],
    ]);
    expect(inline.statusCode).toBe(303);
    expect(inline.headers.location).toBe(
      `/studio/prints/${id}?notice=impression-saved#impression-${seven.id}`,
    );
    const badInline = await post(`/studio/prints/${id}/impressions/${seven.id}`, [
      ['inline', '1'],
      [`row.${seven.id}.status`, 'lost'],
      [`row.${seven.id}.location`, 'Somewhere'],
    ]);
    expect(badInline.statusCode).toBe(422);
    expect(errorAt(badInline.body, `row.${seven.id}.status`)).toBe('Choose a status');

    // In full, on its own page.
    const editPage = await get(`/studio/prints/${id}/impressions/${two.id}`);
    expect(editPage.statusCode).toBe(200);
    expect(shown(editPage.body, 'impression.paper')).toBe('Somerset');
    const full = await post(`/studio/prints/${id}/impressions/${two.id}`, [
      ['impression.kind', 'numbered'],
      ['impression.number', '2'],
      ['impression.state', 'Final'],
      ['impression.printedOn', '2024-04-01'],
      ['impression.paper', 'Hahnemühle'],
      ['impression.ink', 'Sepia'],
      ['impression.status', 'reserved'],
      ['impression.location', 'Gallery K'],
      ['impression.price.amount', '5200'],
      ['impression.price.currency', 'dkk'],
      ['impression.notes', 'Hold until May'],
    ]);
    expect(full.statusCode, full.body).toBe(303);
    const stored = await t.handle.db
      .selectFrom('impressions')
      .selectAll()
      .where('id', 'in', [two.id, seven.id])
      .orderBy('number')
      .execute();
    expect(
      stored.map((r) => [r.number, r.status, r.location, r.state, r.printed_on, r.ink, r.notes]),
    ).toEqual([
      [2, 'reserved', 'Gallery K', 'Final', '2024-04-01', 'Sepia', 'Hold until May'],
      [7, 'sold', 'Collector, Aarhus', null, '2024-03-18', null, null],
    ]);
    expect(Number(stored[0]!.price_amount)).toBe(5200);
    expect(stored[0]!.price_currency).toBe('DKK');
    const badFull = await post(`/studio/prints/${id}/impressions/${two.id}`, [
      ['impression.kind', 'numbered'],
      ['impression.number', '30'],
      ['impression.status', 'reserved'],
    ]);
    expect(badFull.statusCode).toBe(422);
    expect(errorAt(badFull.body, 'impression.number')).toBe('30 is beyond the edition size 25');

    page = await get(`/studio/prints/${id}`);
    expect(page.body).toContain('Edition of 25 — 2 available');

    // Delete: without the confirmation the server asks first.
    const unconfirmed = await post(`/studio/prints/${id}/impressions/${seven.id}/delete`, [
      ['confirmed', ''],
    ]);
    expect(unconfirmed.statusCode).toBe(303);
    expect(unconfirmed.headers.location).toBe(`/studio/prints/${id}/impressions/${seven.id}/delete`);
    const ask = await get(unconfirmed.headers.location as string);
    expect(ask.body).toContain('Delete impression 7/25?');
    expect(
      await t.handle.db.selectFrom('impressions').select('id').where('id', '=', seven.id).execute(),
    ).toHaveLength(1);
    const confirmed = await post(`/studio/prints/${id}/impressions/${seven.id}/delete`, [['confirmed', '1']]);
    expect(confirmed.headers.location).toBe(`/studio/prints/${id}?notice=impression-deleted#impressions`);
    expect(
      await t.handle.db.selectFrom('impressions').select('id').where('id', '=', seven.id).execute(),
    ).toHaveLength(0);
  });

  it('refuses an edition size below the recorded impressions at the edition-size field', async () => {
    const id = await insertPrint(t.handle, artistId, {
      status: 'draft',
      editionSize: 10,
      title: { da: 'Oplag', en: 'Edition' },
    });
    for (const n of [1, 2, 3, 4, 5]) {
      const res = await post(`/studio/prints/${id}/impressions`, [
        ['impression.kind', 'numbered'],
        ['impression.number', String(n)],
        ['impression.status', 'available'],
      ]);
      expect(res.statusCode).toBe(303);
    }
    const res = await post(`/studio/prints/${id}`, [
      ['title.da', 'Oplag'],
      ['title.en', 'Edition'],
      ['technique', 'etching'],
      ['year', '2023'],
      ['editionSize', '3'],
      ['intent', 'save'],
    ]);
    expect(res.statusCode).toBe(422);
    expect(errorAt(res.body, 'editionSize')).toBe(
      '5 numbered impressions are recorded (highest number 5); the edition size cannot be 3. Delete or renumber impressions first.',
    );
    expect(res.body).toContain('<a href="#f-editionSize">Edition size: 5 numbered impressions are recorded');
    expect(shown(res.body, 'editionSize')).toBe('3');
    expect((await printRow(id))?.edition_size).toBe(10);
  });

  it('adds a vocabulary term without JavaScript, keeping everything typed and choosing the new term', async () => {
    const id = await newDraft({ en: 'Vocabulary' });
    const typed: Array<[string, string]> = [
      ['title.en', 'Vocabulary'],
      ['description.en', 'Not saved yet'],
      ['newTerm.technique.en', 'Salt etching'],
      ['newTerm.technique.da', 'Saltradering'],
      ['addTerm', 'technique'],
    ];
    const res = await post(`/studio/prints/${id}/terms`, typed);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(
      'Added the technique “Salt etching / Saltradering” and chose it. Save to keep the choice.',
    );
    expect(shown(res.body, 'technique')).toBe('salt-etching');
    expect(shown(res.body, 'description.en')).toBe('Not saved yet');
    expect(shown(res.body, 'newTerm.technique.en')).toBe('');
    expect((await printRow(id))?.description).toEqual({});
    const term = await t.handle.db
      .selectFrom('vocabulary_terms')
      .select(['artist_id', 'label'])
      .where('key', '=', 'salt-etching')
      .executeTakeFirst();
    expect(term).toEqual({ artist_id: artistId, label: { da: 'Saltradering', en: 'Salt etching' } });

    const again = await post(`/studio/prints/${id}/terms`, typed);
    expect(again.statusCode).toBe(422);
    expect(errorAt(again.body, 'newTerm.technique.en')).toBe(
      'The list already has this technique: choose it above',
    );
    const half = await post('/studio/prints/new/terms', [
      ['newTerm.plateType.en', 'Aluminium'],
      ['addTerm', 'plateType'],
    ]);
    expect(half.statusCode).toBe(422);
    expect(errorAt(half.body, 'newTerm.plateType.da')).toBe('Enter the new plate material in Danish');
    // The artist's term is offered from now on, and only to this artist.
    expect((await get('/studio/prints/new')).body).toContain(
      '<option value="salt-etching">Salt etching / Saltradering</option>',
    );
  });

  it('shows the image, its processing state and the EXIF of the original', async () => {
    const id = await insertPrint(t.handle, artistId, { status: 'draft' });
    const row = await printRow(id);
    await t.handle.db
      .insertInto('image_exif')
      .values({
        image_id: row!.image_id!,
        data: JSON.stringify({
          IFD0: { Make: 'Fujifilm', Model: 'X-T4' },
          Exif: { ISO: 160, ExposureTime: '1/125' },
        }),
        camera: 'Fujifilm X-T4',
        lens: 'XF 60mm',
        exposure_time: '1/125',
        f_number: '8',
        iso: 160,
        focal_length_mm: '60',
        taken_at: new Date('2024-02-03T10:20:00Z'),
      })
      .execute();
    const page = await get(`/studio/prints/${id}`);
    expect(page.body).toMatch(
      /<img src="\/api\/v1\/artist\/media\/[^"]+medium\.webp" width="480" height="360"/,
    );
    expect(page.body).toContain('Processed.');
    expect(page.body).toContain('<th scope="row">Camera</th><td>Fujifilm X-T4</td>');
    expect(page.body).toContain('<th scope="row">Aperture</th><td>f/8</td>');
    expect(page.body).toContain('<th scope="row">Taken</th><td>3 February 2024 at 10:20 (UTC)</td>');
    expect(page.body).toContain('All EXIF tags of the original (4)');
    expect(page.body).toContain('<th scope="row">Model</th><td class="prewrap">X-T4</td>');
    expect(page.body).toContain('data-image-replace');
    await t.handle.db
      .updateTable('prints')
      .set({ image_status: 'failed', image_error: 'The file is not an image.' })
      .where('id', '=', id)
      .execute();
    const failed = await get(`/studio/prints/${id}`);
    expect(failed.body).toContain('Processing failed.');
    expect(failed.body).toContain('The file is not an image.');
    expect(failed.body).toContain(`action="/studio/prints/${id}/retry-processing"`);
  });

  it('deletes a print after a confirmation step that works without JavaScript', async () => {
    const id = await insertPrint(t.handle, artistId, { status: 'draft', title: { da: 'Væk', en: 'Gone' } });
    const unconfirmed = await post(`/studio/prints/${id}/delete`, [['confirmed', '']]);
    expect(unconfirmed.statusCode).toBe(303);
    expect(unconfirmed.headers.location).toBe(`/studio/prints/${id}/delete`);
    const ask = await get(`/studio/prints/${id}/delete`);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('<h1>Delete “Gone”?</h1>');
    expect(ask.body).toContain('This removes its images');
    expect(await printRow(id)).toBeDefined();
    const done = await post(`/studio/prints/${id}/delete`, [['confirmed', '1']]);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/studio/prints?notice=deleted');
    expect(await printRow(id)).toBeUndefined();
    expect((await get(`/studio/prints/${id}`)).statusCode).toBe(404);
  });

  it('answers 404 for another artist’s print everywhere, and changes nothing', async () => {
    const theirs = await insertPrint(t.handle, otherId, {
      status: 'draft',
      title: { da: 'Fremmed', en: 'Stranger' },
    });
    for (const url of [
      `/studio/prints/${theirs}`,
      `/studio/prints/${theirs}/preview/en`,
      `/studio/prints/${theirs}/delete`,
      '/studio/prints/not-a-uuid',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('Stranger');
    }
    for (const [url, fields] of [
      [
        `/studio/prints/${theirs}`,
        [
          ['title.en', 'Mine now'],
          ['intent', 'save'],
        ],
      ],
      [`/studio/prints/${theirs}/delete`, [['confirmed', '1']]],
      [
        `/studio/prints/${theirs}/impressions`,
        [
          ['impression.kind', 'TP'],
          ['impression.status', 'available'],
        ],
      ],
      [`/studio/prints/${theirs}/terms`, [['addTerm', 'technique']]],
    ] as Array<[string, Array<[string, string]>]>) {
      expect((await post(url, fields)).statusCode, url).toBe(404);
    }
    const row = await printRow(theirs);
    expect(row?.title).toEqual({ da: 'Fremmed', en: 'Stranger' });
    expect(
      await t.handle.db.selectFrom('impressions').select('id').where('print_id', '=', theirs).execute(),
    ).toHaveLength(0);
  });

  it('refuses every change without the CSRF token', async () => {
    const id = await newDraft({ en: 'Guarded' });
    for (const [url, fields] of [
      [
        `/studio/prints/${id}`,
        [
          ['title.en', 'Changed'],
          ['intent', 'save'],
        ],
      ],
      [`/studio/prints/${id}/delete`, [['confirmed', '1']]],
      [
        `/studio/prints/${id}/impressions`,
        [
          ['impression.kind', 'TP'],
          ['impression.status', 'available'],
        ],
      ],
      [
        `/studio/prints/${id}/terms`,
        [
          ['addTerm', 'technique'],
          ['newTerm.technique.en', 'X'],
          ['newTerm.technique.da', 'X'],
        ],
      ],
      [
        '/studio/prints/new',
        [
          ['title.en', 'Another'],
          ['intent', 'save'],
        ],
      ],
    ] as Array<[string, Array<[string, string]>]>) {
      const res = await post(url, fields, { csrf: false });
      expect(res.statusCode, url).toBe(403);
    }
    expect((await printRow(id))?.title).toEqual({ en: 'Guarded' });
    expect(
      await t.handle.db.selectFrom('impressions').select('id').where('print_id', '=', id).execute(),
    ).toHaveLength(0);
    expect(
      await t.handle.db.selectFrom('vocabulary_terms').select('id').where('key', '=', 'x').execute(),
    ).toHaveLength(0);
  });
});
