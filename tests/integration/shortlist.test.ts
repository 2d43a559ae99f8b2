// The visitor's list (issue 22) and enquiries that carry more than one print or a viewing room, on both engines:
// the toggles every print card and print page carries, the list page (only prints visitors may see, in the given
// order, never indexed, its link to share), one enquiry about the whole list (stored with the prints, for the right
// artist, its checks), and the enquiry form of a viewing room (stored with the room, only while it is open and
// unlocked). The browser side (localStorage, keyboard, axe) is tests/e2e/shortlist.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertGallery, insertPrint } from '../helpers/catalogue.js';
import { enquiryFormKey } from '../../src/modules/enquiries/routes.js';
import { issueFormToken } from '../../src/modules/enquiries/form-token.js';

const ORIGIN = 'http://localhost:3000';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe.each(ENGINES)(
  'the visitor’s list and enquiries about several prints or from a room on %s',
  (engine) => {
    let t: TestApp;
    let key: string;
    let owner: string;
    let second: string;
    let harbour: string;
    let bog: string;
    let draft: string;
    let foreign: string;
    let ownerHeaders: Record<string, string>;
    let ip = 0;

    const valid = (extra: Record<string, string> = {}) => ({
      name: 'Karen Blixen',
      email: 'karen@example.test',
      message: 'Could I see these two together?',
      interest: '',
      website: '',
      issued: issueFormToken(key, Date.now() - 10_000),
      ...extra,
    });
    const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url,
        remoteAddress: `10.2.0.${++ip}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers },
        payload: new URLSearchParams(fields).toString(),
      });
    const newest = () =>
      t.handle.db
        .selectFrom('enquiries')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    const notificationOf = (enquiryId: string) =>
      t.handle.db
        .selectFrom('enquiry_notifications')
        .selectAll()
        .where('enquiry_id', '=', enquiryId)
        .executeTakeFirstOrThrow();

    beforeAll(async () => {
      t = await openTestApp(engine, { PUBLIC_URL: ORIGIN, RATE_LIMIT_ENQUIRY_PER_HOUR: '1000' });
      key = await enquiryFormKey(t.config, t.handle);
      owner = await createArtist(t.handle, 'Owner');
      second = await createArtist(t.handle, 'Second artist');
      harbour = await insertPrint(t.handle, owner, { title: { da: 'Havn', en: 'Harbour' } });
      bog = await insertPrint(t.handle, owner, { title: { da: 'Mose', en: 'Bog' } });
      draft = await insertPrint(t.handle, owner, { status: 'draft', title: { da: 'Kladde', en: 'Draft' } });
      foreign = await insertPrint(t.handle, second, { title: { da: 'Skov', en: 'Forest' } });
      await insertGallery(t.handle, owner, [harbour, bog, draft]);
      await insertGallery(t.handle, second, [foreign]);
      ownerHeaders = await asArtist(t.config, t.handle, owner);
    }, 120_000);
    afterAll(() => t?.cleanup());

    it('puts a hidden “Save to my list” toggle on print cards and the print page, and the list link in the header', async () => {
      const gallery = await t.handle.db
        .selectFrom('gallery_prints')
        .select('gallery_id')
        .where('print_id', '=', harbour)
        .executeTakeFirstOrThrow();
      const cards = await t.app.inject({ method: 'GET', url: `/en/galleries/${gallery.gallery_id}` });
      expect(cards.statusCode).toBe(200);
      for (const id of [harbour, bog])
        expect(cards.body).toContain(
          `<button type="button" class="save-toggle" data-save="${id}" aria-pressed="false" hidden>`,
        );
      expect(cards.body).not.toContain(`data-save="${draft}"`);
      expect(cards.body).toContain('<span class="visually-hidden">: Harbour</span>');
      expect(cards.body).toContain('class="shortlist-link" href="/en/list"');

      const print = await t.app.inject({ method: 'GET', url: `/da/prints/${bog}` });
      expect(print.body).toContain(`data-save="${bog}"`);
      expect(print.body).toContain('Gem på min liste');
      const home = await t.app.inject({ method: 'GET', url: '/en/' });
      expect(home.body).toContain(`data-save="${harbour}"`);
    });

    it('shows the prints of a list visitors may see, in its order, never indexed, with its link and one form', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/en/list?prints=${bog},${draft},not-an-id,${harbour.toUpperCase()},${crypto.randomUUID()},${bog}`,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('<meta name="robots" content="noindex"/>');
      expect(res.body).toContain('<h1>My list</h1>');
      const order = [bog, harbour].map((id) => res.body.indexOf(`href="/en/prints/${id}"`));
      expect(order.every((i) => i > 0)).toBe(true);
      expect(order[0]).toBeLessThan(order[1]!);
      expect(res.body).not.toContain(draft);
      // The draft and the unknown id are named only as a count.
      expect(res.body).toContain('2 prints in this list can no longer be shown.');
      expect(res.body).toContain(`value="${ORIGIN}/en/list?prints=${bog},${harbour}"`);
      expect(res.body).toContain('action="/en/list/enquiry"');
      expect(res.body).toContain(`<input type="hidden" name="prints" value="${bog},${harbour}"/>`);
      expect(res.body).toContain('Ask about these prints');

      const da = await t.app.inject({ method: 'GET', url: `/da/list?prints=${harbour}` });
      expect(da.body).toContain('<html lang="da">');
      expect(da.body).toContain('<h1>Min liste</h1>');
      expect(da.body).toContain('Spørg om disse tryk');
    });

    it('says an empty list is empty, without a form', async () => {
      for (const url of ['/en/list', `/en/list?prints=${draft}`, '/en/list?prints[]=x']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.body).not.toContain('action="/en/list/enquiry"');
      }
      // A NUL byte is refused before any route (platform/nul.ts): a clear 400, never a 5xx.
      expect((await t.app.inject({ method: 'GET', url: '/en/list?prints=%00' })).statusCode).toBe(400);
      const empty = await t.app.inject({ method: 'GET', url: '/en/list' });
      expect(empty.body).toContain('Your list is empty.');
      const gone = await t.app.inject({ method: 'GET', url: `/en/list?prints=${draft}` });
      expect(gone.body).toContain('None of the prints in this list can be shown any more.');
    });

    it('stores one enquiry about the visible prints of a list for their artist, and names them in the e-mail', async () => {
      const res = await post('/en/list/enquiry', valid({ prints: `${bog},${draft},${harbour}` }));
      expect(res.statusCode, res.body).toBe(303);
      expect(res.headers.location).toBe('/en/contact/sent');
      const row = await newest();
      expect(row).toMatchObject({
        artist_id: owner,
        print_id: null,
        prints: [
          { id: bog, title: 'Bog' },
          { id: harbour, title: 'Harbour' },
        ],
        room_id: null,
        name: 'Karen Blixen',
      });
      const note = await notificationOf(row!.id);
      expect(note.subject).toBe('Enquiry about 2 prints from Karen Blixen');
      expect(note.body).toContain(`- “Bog”: ${ORIGIN}/en/prints/${bog}`);
      expect(note.body).toContain(`- “Harbour”: ${ORIGIN}/en/prints/${harbour}`);
      expect(note.body).not.toContain(draft);

      const api = await t.app.inject({
        method: 'GET',
        url: `/api/v1/artist/enquiries/${row!.id}`,
        headers: ownerHeaders,
      });
      expect(api.statusCode).toBe(200);
      expect(api.json()).toMatchObject({
        prints: [
          { id: bog, title: 'Bog' },
          { id: harbour, title: 'Harbour' },
        ],
        roomId: null,
        roomTitle: null,
      });
      const studio = await t.app.inject({
        method: 'GET',
        url: `/studio/enquiries/${row!.id}`,
        headers: ownerHeaders,
      });
      expect(studio.statusCode).toBe(200);
      expect(studio.body).toContain('2 prints from the visitor’s list');
      expect(studio.body).toContain(`/studio/prints/${harbour}`);
    });

    it('sends a list across artists to the site owner', async () => {
      const res = await post('/da/list/enquiry', valid({ prints: `${foreign},${harbour}` }));
      expect(res.statusCode, res.body).toBe(303);
      const row = await newest();
      expect(row).toMatchObject({
        artist_id: owner,
        language: 'da',
        prints: [
          { id: foreign, title: 'Skov' },
          { id: harbour, title: 'Havn' },
        ],
      });
    });

    it('sends the list page back with the errors and what was typed, and refuses what it cannot store', async () => {
      const before = await newest();
      const invalid = await post(
        '/en/list/enquiry',
        valid({ prints: `${harbour}`, name: '', email: 'nope' }),
      );
      expect(invalid.statusCode).toBe(400);
      expect(invalid.body).toContain('<h1>My list</h1>');
      expect(invalid.body).toContain('Could I see these two together?');
      expect(invalid.body).toContain('href="#enq-name"');
      expect(invalid.body).toContain(`name="prints" value="${harbour}"`);

      const onlyDraft = await post('/en/list/enquiry', valid({ prints: draft }));
      expect(onlyDraft.statusCode).toBe(404);
      expect(onlyDraft.body).toContain('None of the prints in this list can be shown any more.');
      const none = await post('/en/list/enquiry', valid({ prints: 'x,y' }));
      expect(none.statusCode).toBe(404);
      const crossSite = await post('/en/list/enquiry', valid({ prints: harbour }), {
        origin: 'https://evil.example',
      });
      expect(crossSite.statusCode).toBe(403);
      const bot = await post('/en/list/enquiry', valid({ prints: harbour, website: 'http://spam.example' }));
      expect(bot.statusCode).toBe(400);
      expect((await newest())?.id).toBe(before?.id);
    });

    describe('from a viewing room', () => {
      let token: string;
      let roomId: string;
      let locked: string;

      const createRoom = async (extra: object = {}) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/artist/viewing-rooms',
          headers: ownerHeaders,
          payload: {
            title: { da: 'Til Karen', en: 'For Karen' },
            printIds: [draft, harbour],
            expiresAt: inDays(7),
            ...extra,
          },
        });
        expect(res.statusCode, res.body).toBe(201);
        const room = res.json<{ id: string; url: string }>();
        return { id: room.id, token: new URL(room.url).pathname.split('/')[2]! };
      };

      beforeAll(async () => {
        ({ id: roomId, token } = await createRoom());
        ({ token: locked } = await createRoom({ password: 'etching-proof-7' }));
      });

      it('carries the form on the room page and on each print of the room, the print as a hidden field', async () => {
        const room = await t.app.inject({ method: 'GET', url: `/en/rooms/${token}` });
        expect(room.statusCode).toBe(200);
        expect(room.headers['referrer-policy']).toBe('same-origin');
        expect(room.body).toContain(`action="/en/rooms/${token}/enquiry"`);
        expect(room.body).toContain('Write to the artist');
        expect(room.body).not.toContain('name="print"');
        const print = await t.app.inject({ method: 'GET', url: `/da/rooms/${token}/prints/${draft}` });
        expect(print.body).toContain(`<input type="hidden" name="print" value="${draft}"/>`);
        expect(print.body).toContain('Spørg om dette tryk');
        const closed = await t.app.inject({ method: 'GET', url: `/en/rooms/${locked}` });
        expect(closed.body).not.toContain('/enquiry"');
      });

      it('stores an enquiry about a draft of the room for the room’s artist, with the room, linking the studio', async () => {
        const res = await post(`/en/rooms/${token}/enquiry`, valid({ print: draft, interest: 'state II' }));
        expect(res.statusCode, res.body).toBe(303);
        expect(res.headers.location).toBe('/en/contact/sent');
        const row = await newest();
        expect(row).toMatchObject({
          artist_id: owner,
          print_id: draft,
          print_title: 'Draft',
          room_id: roomId,
          room_title: 'For Karen',
          prints: null,
          interest: 'state II',
        });
        const note = await notificationOf(row!.id);
        expect(note.subject).toBe('Enquiry about “Draft” from Karen Blixen (viewing room “For Karen”)');
        expect(note.body).toContain(`Print: ${ORIGIN}/studio/prints/${draft}`);
        expect(note.body).not.toContain(`/en/prints/${draft}`);

        const room = await post(`/da/rooms/${token}/enquiry`, valid());
        expect(room.statusCode).toBe(303);
        expect(await newest()).toMatchObject({ print_id: null, room_id: roomId, room_title: 'Til Karen' });

        const studio = await t.app.inject({ method: 'GET', url: '/studio/enquiries', headers: ownerHeaders });
        expect(studio.body).toContain('The viewing room “Til Karen”');
        const api = await t.app.inject({
          method: 'GET',
          url: `/api/v1/artist/enquiries/${row!.id}`,
          headers: ownerHeaders,
        });
        expect(api.json()).toMatchObject({ roomId, roomTitle: 'For Karen', printId: draft, prints: null });
      });

      it('sends the room page back with the errors, and refuses a locked, unknown or closed room', async () => {
        const invalid = await post(`/en/rooms/${token}/enquiry`, valid({ print: harbour, message: '' }));
        expect(invalid.statusCode).toBe(400);
        expect(invalid.headers['cache-control']).toBe('private, no-store');
        expect(invalid.body).toContain('href="#enq-message"');
        expect(invalid.body).toContain(`name="print" value="${harbour}"`);

        expect((await post(`/en/rooms/${token}/enquiry`, valid({ print: bog }))).statusCode).toBe(404);
        expect((await post(`/en/rooms/${token}/enquiry`, valid({ print: 'x' }))).statusCode).toBe(404);
        expect((await post(`/en/rooms/${locked}/enquiry`, valid())).statusCode).toBe(403);
        expect((await post(`/en/rooms/${'A'.repeat(43)}/enquiry`, valid())).statusCode).toBe(404);
        expect(
          (await post(`/en/rooms/${token}/enquiry`, valid(), { origin: 'https://evil.example' })).statusCode,
        ).toBe(403);

        const revoke = await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/artist/viewing-rooms/${roomId}`,
          headers: ownerHeaders,
        });
        expect(revoke.statusCode).toBe(204);
        expect((await post(`/en/rooms/${token}/enquiry`, valid())).statusCode).toBe(410);
      });
    });
  },
);
