// Enquiries and the contact form on both engines: the public forms (rendering, same-origin, honeypot, fill time,
// validation with what was typed kept, body cap, rate limit), storage for the right artist with the notification in
// the outbox (no SMTP), the studio inbox and the artist API (scoped to the artist: another artist gets 404), the
// retention setting, and the retention job deleting enquiries dated in the past.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertGallery, insertPrint } from '../helpers/catalogue.js';
import { enquiryFormKey } from '../../src/modules/enquiries/routes.js';
import { issueFormToken } from '../../src/modules/enquiries/form-token.js';

const ORIGIN = 'http://localhost:3000';
const RATE_LIMIT = 4;

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe.each(ENGINES)('enquiries on %s', (engine) => {
  let t: TestApp;
  let key: string;
  let owner: string;
  let other: string;
  let ownerPrint: string;
  let otherPrint: string;
  let draftPrint: string;
  let ownerHeaders: Record<string, string>;
  let otherHeaders: Record<string, string>;
  let ip = 0;

  /** A fill-time token rendered `ageMs` ago. */
  const issued = (ageMs = 10_000) => issueFormToken(key, Date.now() - ageMs);
  const valid = (extra: Record<string, string> = {}) => ({
    name: 'Karen Blixen',
    email: 'karen@example.test',
    message: 'Is impression 3 still available?\nI would like to see it.',
    interest: '3/20',
    website: '',
    issued: issued(),
    ...extra,
  });
  const post = (
    url: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
    from?: string,
  ) =>
    t.app.inject({
      method: 'POST',
      url,
      remoteAddress: from ?? `10.1.0.${++ip}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers },
      payload: form(fields),
    });
  const stored = () => t.handle.db.selectFrom('enquiries').selectAll().orderBy('created_at').execute();

  beforeAll(async () => {
    t = await openTestApp(engine, { RATE_LIMIT_ENQUIRY_PER_HOUR: String(RATE_LIMIT), PUBLIC_URL: ORIGIN });
    key = await enquiryFormKey(t.config, t.handle);
    owner = await createArtist(t.handle, 'Owner');
    other = await createArtist(t.handle, 'Second artist');
    await t.handle.db
      .insertInto('settings')
      .values({ artist_id: owner, contact_email: 'studio@owner.test' })
      .execute();
    ownerPrint = await insertPrint(t.handle, owner, {
      status: 'published',
      title: { da: 'Havn ved daggry', en: 'Harbour at dawn' },
    });
    otherPrint = await insertPrint(t.handle, other, {
      status: 'published',
      title: { da: 'Mose', en: 'Bog' },
    });
    draftPrint = await insertPrint(t.handle, owner, {
      status: 'draft',
      title: { da: 'Kladde', en: 'Draft' },
    });
    await insertGallery(t.handle, owner, [ownerPrint, draftPrint]);
    await insertGallery(t.handle, other, [otherPrint]);
    ownerHeaders = await asArtist(t.config, t.handle, owner);
    otherHeaders = await asArtist(t.config, t.handle, other);
  }, 120_000);
  afterAll(() => t?.cleanup());

  it.each([
    ['da', '/da/contact', 'Kontakt'],
    ['en', '/en/contact', 'Contact'],
  ])(
    'renders the %s contact page with a labelled form, a fill-time token and no cookie',
    async (lang, url, h1) => {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<html lang="${lang}">`);
      expect(res.body).toContain(`<h1>${h1}</h1>`);
      for (const field of ['name', 'email', 'message'])
        expect(res.body).toContain(`<label for="enq-${field}">`);
      expect(res.body).not.toContain('enq-interest');
      expect(res.body).toMatch(/<input type="hidden" name="issued" value="\d+\.[A-Za-z0-9_-]{43}"/);
      expect(res.body).toContain('tabindex="-1" autocomplete="off"');
      expect(res.body).toContain('<a href="mailto:studio@owner.test">studio@owner.test</a>');
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
    },
  );

  it('puts the enquiry form on the public print page, links the contact page from the footer and About', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/en/prints/${ownerPrint}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Enquire about this print');
    expect(page.body).toContain(`action="/en/prints/${ownerPrint}/enquiry"`);
    expect(page.body).toContain('<label for="enq-interest">');
    expect(page.body).toContain('href="/en/contact"');
    const about = await t.app.inject({ method: 'GET', url: '/da/about' });
    expect(about.body).toContain('<a href="/da/contact">Skriv til kunstneren</a>');
    const own = await t.app.inject({ method: 'GET', url: `/da/prints/${ownerPrint}/enquiry` });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Spørg om &quot;Havn ved daggry&quot;');
    const draft = await t.app.inject({ method: 'GET', url: `/en/prints/${draftPrint}/enquiry` });
    expect(draft.statusCode).toBe(404);
  });

  it('says in the privacy policy what is kept and for how long (the setting)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/en/privacy' });
    expect(res.body).toContain('Enquiries and contact messages');
    expect(res.body).toContain('deleted automatically 24 months after they arrive');
  });

  it('stores a print enquiry for the print’s artist, with its notification in the outbox, and confirms', async () => {
    const before = (await stored()).length;
    const res = await post(`/en/prints/${otherPrint}/enquiry`, valid());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/en/contact/sent');
    const rows = await stored();
    expect(rows).toHaveLength(before + 1);
    const row = rows.at(-1)!;
    expect(row).toMatchObject({
      artist_id: other,
      print_id: otherPrint,
      print_title: 'Bog',
      name: 'Karen Blixen',
      email: 'karen@example.test',
      interest: '3/20',
      language: 'en',
      status: 'new',
    });
    const notes = await t.handle.db
      .selectFrom('enquiry_notifications')
      .selectAll()
      .where('enquiry_id', '=', row.id)
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ status: 'outbox', reply_to: 'karen@example.test' });
    expect(notes[0]!.subject).toBe('Enquiry about “Bog” from Karen Blixen');
    expect(notes[0]!.body).toContain(`${ORIGIN}/studio/enquiries/${row.id}`);
    const sent = await t.app.inject({ method: 'GET', url: '/en/contact/sent' });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Thank you, your message has been sent');
    expect(sent.body).not.toContain('Karen');
  });

  it('sends a contact message to the site owner, at their contact e-mail', async () => {
    const res = await post('/da/contact', valid({ interest: '' }));
    expect(res.statusCode).toBe(303);
    const row = (await stored()).at(-1)!;
    expect(row).toMatchObject({ artist_id: owner, print_id: null, language: 'da', interest: null });
    const note = await t.handle.db
      .selectFrom('enquiry_notifications')
      .selectAll()
      .where('enquiry_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(note.recipient).toBe('studio@owner.test');
  });

  it('shows the form again with field errors and what was typed (400), storing nothing', async () => {
    const before = (await stored()).length;
    const res = await post(
      '/en/contact',
      valid({ name: '', email: 'not-an-address', message: '<b>hi</b> & bye' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Fill in &quot;Your name&quot;.');
    expect(res.body).toContain('Enter a valid e-mail address');
    expect(res.body).toContain('value="not-an-address"');
    expect(res.body).toContain('&lt;b>hi&lt;/b> &amp; bye</textarea>');
    expect(res.body).toContain('aria-invalid="true"');
    expect((await stored()).length).toBe(before);
  });

  it('refuses a form sent too fast, a forged token and a missing one, keeping the input', async () => {
    const before = (await stored()).length;
    const fast = await post('/en/contact', valid({ issued: issued(0) }));
    expect(fast.statusCode).toBe(400);
    expect(fast.body).toContain('That was very quick');
    expect(fast.body).toContain('value="Karen Blixen"');
    const forged = await post(
      '/en/contact',
      valid({ issued: issueFormToken('another key', Date.now() - 60_000) }),
    );
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('The message was not accepted');
    const { issued: _none, ...without } = valid();
    expect((await post('/en/contact', without)).statusCode).toBe(400);
    const stale = await post('/en/contact', valid({ issued: issued(25 * 60 * 60 * 1000) }));
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('The page was open for a long time');
    expect((await stored()).length).toBe(before);
  });

  it('refuses a filled honeypot without storing', async () => {
    const before = (await stored()).length;
    const res = await post('/en/contact', valid({ website: 'https://spam.example' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The message was not accepted');
    expect((await stored()).length).toBe(before);
  });

  it('refuses posts from another origin, or with no origin at all', async () => {
    const cross = await post('/en/contact', valid(), { origin: 'https://evil.example' });
    expect(cross.statusCode).toBe(403);
    const referer = await post('/en/contact', valid(), { origin: '', referer: 'https://evil.example/x' });
    expect(referer.statusCode).toBe(403);
    const none = await t.app.inject({
      method: 'POST',
      url: '/en/contact',
      remoteAddress: `10.1.0.${++ip}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(valid()),
    });
    expect(none.statusCode).toBe(403);
    const sameReferer = await post('/en/contact', valid(), { origin: '', referer: `${ORIGIN}/en/contact` });
    expect(sameReferer.statusCode).toBe(303);
  });

  it('answers 404 for an enquiry about a draft or unknown print', async () => {
    expect((await post(`/en/prints/${draftPrint}/enquiry`, valid())).statusCode).toBe(404);
    expect((await post('/en/prints/not-a-uuid/enquiry', valid())).statusCode).toBe(404);
  });

  it('caps the body', async () => {
    const res = await post('/en/contact', valid({ message: 'x'.repeat(70 * 1024) }));
    expect(res.statusCode).toBe(413);
  });

  it('limits posts per IP and hour, across both forms', async () => {
    const from = '10.9.9.9';
    const codes: number[] = [];
    for (let i = 0; i < RATE_LIMIT; i++)
      codes.push(
        (await post(i % 2 ? '/en/contact' : `/da/prints/${ownerPrint}/enquiry`, valid(), {}, from))
          .statusCode,
      );
    expect(codes).toEqual(Array(RATE_LIMIT).fill(303));
    expect((await post('/en/contact', valid(), {}, from)).statusCode).toBe(429);
  });

  it('lists, updates and deletes enquiries through the artist API, scoped to their artist', async () => {
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/artist/enquiries',
      headers: otherHeaders,
    });
    expect(mine.statusCode).toBe(200);
    const list = mine.json() as {
      enquiries: Array<{ id: string; printId: string | null }>;
      totalCount: number;
    };
    expect(list.totalCount).toBeGreaterThan(0);
    for (const e of list.enquiries) expect(e.printId).toBe(otherPrint);
    const id = list.enquiries[0]!.id;

    // The owner cannot read, change or delete the second artist's enquiry, and does not list it.
    const ownerList = await t.app.inject({
      method: 'GET',
      url: '/api/v1/artist/enquiries',
      headers: ownerHeaders,
    });
    expect(
      (ownerList.json() as { enquiries: Array<{ id: string }> }).enquiries.map((e) => e.id),
    ).not.toContain(id);
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({
        method,
        url: `/api/v1/artist/enquiries/${id}`,
        headers: ownerHeaders,
        ...(method === 'PATCH' ? { payload: { status: 'closed' } } : {}),
      });
      expect(res.statusCode, method).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'RESOURCE_NOT_FOUND' } });
    }
    const studio = await t.app.inject({
      method: 'GET',
      url: `/studio/enquiries/${id}`,
      headers: ownerHeaders,
    });
    expect(studio.statusCode).toBe(404);
    expect(studio.body).not.toContain('Karen');

    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/artist/enquiries/${id}`,
      headers: otherHeaders,
      payload: { status: 'archived' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST', details: { field: 'status' } } });

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/artist/enquiries/${id}`,
      headers: otherHeaders,
      payload: { status: 'answered', notes: 'Offered 3/20 for 4000 kr.' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id, status: 'answered', notes: 'Offered 3/20 for 4000 kr.' });
    const answered = await t.app.inject({
      method: 'GET',
      url: '/api/v1/artist/enquiries?status=answered',
      headers: otherHeaders,
    });
    expect((answered.json() as { enquiries: Array<{ id: string }> }).enquiries.map((e) => e.id)).toEqual([
      id,
    ]);

    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/artist/enquiries' })).statusCode,
      'no credentials',
    ).toBe(401);

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/artist/enquiries/${id}`,
      headers: otherHeaders,
    });
    expect(deleted.statusCode).toBe(204);
    expect(await t.handle.db.selectFrom('enquiries').select('id').where('id', '=', id).execute()).toEqual([]);
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'enquiry.status_changed',
      'enquiry.notes_updated',
      'enquiry.deleted',
    ]);
    expect(JSON.stringify(audit)).not.toContain('Karen');
  });

  it('shows the inbox, the detail, the outbox and the dashboard count in the studio; saves notes and status', async () => {
    const [row] = await t.handle.db
      .selectFrom('enquiries')
      .select(['id'])
      .where('artist_id', '=', owner)
      .where('status', '=', 'new')
      .limit(1)
      .execute();
    const id = row!.id;
    const dashboard = await t.app.inject({ method: 'GET', url: '/studio', headers: ownerHeaders });
    expect(dashboard.body).toMatch(
      /<strong>\d+<\/strong> <a href="\/studio\/enquiries\?status=new">new enquir/,
    );
    const inbox = await t.app.inject({ method: 'GET', url: '/studio/enquiries', headers: ownerHeaders });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain(`href="/studio/enquiries/${id}"`);
    const detail = await t.app.inject({
      method: 'GET',
      url: `/studio/enquiries/${id}`,
      headers: ownerHeaders,
    });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('href="mailto:karen@example.test?subject=');
    expect(detail.body).toContain('In the outbox (no mail server configured)');
    const studioPost = (url: string, fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { ...ownerHeaders, 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        payload: form({ ...fields, _csrf: ownerHeaders['x-csrf-token']! }),
      });
    const notes = await studioPost(`/studio/enquiries/${id}/notes`, { notes: 'Called her back.' });
    expect(notes.statusCode).toBe(303);
    const closed = await studioPost(`/studio/enquiries/${id}/status`, { status: 'closed' });
    expect(closed.statusCode).toBe(303);
    const after = await t.handle.db
      .selectFrom('enquiries')
      .select(['status', 'notes'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'closed', notes: 'Called her back.' });
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `/studio/enquiries/${id}/status`,
      headers: {
        cookie: ownerHeaders.cookie!,
        'content-type': 'application/x-www-form-urlencoded',
        origin: ORIGIN,
      },
      payload: form({ status: 'new' }),
    });
    expect(noCsrf.statusCode).toBe(403);
    const outbox = await t.app.inject({
      method: 'GET',
      url: '/studio/enquiries/outbox',
      headers: ownerHeaders,
    });
    expect(outbox.statusCode).toBe(200);
    expect(outbox.body).toContain('Message from Karen Blixen through the contact page');
    expect(outbox.body).not.toContain('Bog');
  });

  it('validates the retention setting in the API and the privacy policy follows it', async () => {
    for (const months of [0, 121, 2.5]) {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/artist/settings',
        headers: ownerHeaders,
        payload: { enquiryRetentionMonths: months },
      });
      expect(res.statusCode, String(months)).toBe(400);
      expect(res.json()).toMatchObject({ error: { details: { field: 'enquiryRetentionMonths' } } });
    }
    const ok = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/artist/settings',
      headers: ownerHeaders,
      payload: { enquiryRetentionMonths: 6 },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ enquiryRetentionMonths: 6 });
    const privacy = await t.app.inject({ method: 'GET', url: '/da/privacy' });
    expect(privacy.body).toContain('slettes automatisk 6 måneder efter');
  });
});
