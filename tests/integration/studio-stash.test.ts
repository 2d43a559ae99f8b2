// A studio form posted after the session ended is kept, bound to the posting browser, and given back after
// signing in again; cross-site posts are never kept; nothing is applied without a fresh, CSRF-checked submit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/modules/auth/sessions.js';
import { STASH_COOKIE } from '../../src/modules/auth/form-stash.js';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { createArtist } from '../helpers/catalogue.js';

const FORM = 'application/x-www-form-urlencoded';

function cookieValue(setCookie: string | string[] | undefined, name: string): string | undefined {
  for (const line of [setCookie ?? []].flat()) {
    const match = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (match) return match[1];
  }
  return undefined;
}

describe.each(ENGINES)('studio form kept across an expired session (%s)', (engine) => {
  let t: TestApp;
  let artistId: string;
  let origin: string;

  beforeAll(async () => {
    t = await openTestApp(engine);
    artistId = await createArtist(t.handle, 'Asger Jorn');
    origin = new URL(t.config.publicUrl).origin;
  }, 60_000);

  afterAll(async () => {
    await t?.cleanup();
  });

  const session = async () => {
    const s = await createSession(t.config, t.handle, {
      artistId,
      remember: false,
      ip: '127.0.0.1',
      userAgent: 'test',
      idToken: null,
    });
    return { cookie: `cpg_session=${s.token}`, csrf: s.csrfToken };
  };

  it('keeps a same-origin form, sends the artist to sign in, and gives it back to that browser only', async () => {
    const body = 'title.da=Havnen+ved+nat&title.en=The+harbour+at+night&tags=havn&tags=nat&_csrf=stale';
    // Any urlencoded studio form route; this one exists whatever pages the studio has.
    const target = '/studio/resume/00000000-0000-4000-8000-000000000000/discard';
    const posted = await t.app.inject({
      method: 'POST',
      url: target,
      headers: { 'content-type': FORM, origin },
      payload: body,
    });
    expect(posted.statusCode).toBe(303);
    const location = String(posted.headers.location);
    const returnTo = new URL(location, origin).searchParams.get('returnTo') ?? '';
    expect(location.startsWith('/studio/auth/login?')).toBe(true);
    expect(returnTo).toMatch(/^\/studio\/resume\/[0-9a-f-]{36}$/);
    const browserKey = cookieValue(posted.headers['set-cookie'], STASH_COOKIE);
    expect(browserKey).toBeTruthy();

    const rows = await t.handle.db.selectFrom('studio_form_stash').selectAll().execute();
    const kept = rows.find((r) => returnTo.endsWith(r.id));
    expect(kept?.path).toBe(target);
    const fields = typeof kept?.fields === 'string' ? JSON.parse(kept.fields) : kept?.fields;
    // The stale CSRF token is dropped; repeated names are kept in order.
    expect(fields).toEqual([
      ['title.da', 'Havnen ved nat'],
      ['title.en', 'The harbour at night'],
      ['tags', 'havn'],
      ['tags', 'nat'],
    ]);

    const { cookie, csrf } = await session();
    const resumed = await t.app.inject({
      method: 'GET',
      url: returnTo,
      headers: { cookie: `${cookie}; ${STASH_COOKIE}=${browserKey}` },
    });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.body).toContain('Havnen ved nat');
    expect(resumed.body).toContain(`action="${target}"`);
    // The form to save carries the new session's token, not the stale one.
    expect(resumed.body).toContain(`name="_csrf" value="${csrf}"`);
    expect(resumed.body).toContain('name="tags" value="nat"');

    // Another browser (no or another stash cookie) signed in as the artist does not get it.
    const elsewhere = await t.app.inject({ method: 'GET', url: returnTo, headers: { cookie } });
    expect(elsewhere.statusCode).toBe(404);
    const wrongKey = await t.app.inject({
      method: 'GET',
      url: returnTo,
      headers: { cookie: `${cookie}; ${STASH_COOKIE}=${'x'.repeat(43)}` },
    });
    expect(wrongKey.statusCode).toBe(404);

    // Discarding needs the CSRF token, then removes it.
    const id = returnTo.split('/').pop() ?? '';
    const cookies = `${cookie}; ${STASH_COOKIE}=${browserKey}`;
    const noToken = await t.app.inject({
      method: 'POST',
      url: `/studio/resume/${id}/discard`,
      headers: { cookie: cookies, 'content-type': FORM, origin },
      payload: '',
    });
    expect(noToken.statusCode).toBe(403);
    const discarded = await t.app.inject({
      method: 'POST',
      url: `/studio/resume/${id}/discard`,
      headers: { cookie: cookies, 'content-type': FORM, origin },
      payload: `_csrf=${encodeURIComponent(csrf)}`,
    });
    expect(discarded.statusCode).toBe(303);
    const gone = await t.app.inject({ method: 'GET', url: returnTo, headers: { cookie: cookies } });
    expect(gone.statusCode).toBe(404);
  });

  it('never keeps a cross-site or non-form post, and still sends the browser to sign in', async () => {
    const before = await t.handle.db.selectFrom('studio_form_stash').select('id').execute();
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/studio/resume/00000000-0000-4000-8000-000000000000/discard',
      headers: { 'content-type': FORM, origin: 'https://evil.example' },
      payload: 'title.en=planted',
    });
    const json = await t.app.inject({
      method: 'POST',
      url: '/studio/resume/00000000-0000-4000-8000-000000000000/discard',
      headers: { 'content-type': 'application/json', origin },
      payload: JSON.stringify({ title: 'x' }),
    });
    for (const res of [crossSite, json]) {
      expect(res.statusCode).toBe(303);
      expect(String(res.headers.location)).toBe(
        `/studio/auth/login?returnTo=${encodeURIComponent('/studio')}`,
      );
    }
    const after = await t.handle.db.selectFrom('studio_form_stash').select('id').execute();
    expect(after.length).toBe(before.length);
  });

  it('does not reach the route handler without a session', async () => {
    const before = await t.handle.db.selectFrom('audit_events').select('id').execute();
    const res = await t.app.inject({
      method: 'POST',
      url: '/studio/resume/00000000-0000-4000-8000-000000000000/discard',
      headers: { 'content-type': FORM, origin },
      payload: 'a=b',
    });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toMatch(/^\/studio\/auth\/login\?returnTo=%2Fstudio%2Fresume%2F/);
    const after = await t.handle.db.selectFrom('audit_events').select('id').execute();
    expect(after.length).toBe(before.length);
  });
});
