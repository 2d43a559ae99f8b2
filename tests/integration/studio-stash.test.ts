// A studio form posted after the session ended is kept, bound to the posting browser, and given back after
// signing in again; cross-site posts are never kept; nothing is applied without a fresh, CSRF-checked submit.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSession } from '../../src/modules/auth/sessions.js';
import { STASH_COOKIE } from '../../src/modules/auth/form-stash.js';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { createArtist } from '../helpers/catalogue.js';

const FORM = 'application/x-www-form-urlencoded';
// The documented limits (docs/security.md).
const MAX_STASH_BYTES = 64 * 1024;
const MAX_STASHES_PER_BROWSER = 5;
const STASHES_PER_IP_PER_HOUR = 20;

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

describe.each(ENGINES)('limits on kept forms (%s)', (engine) => {
  let t: TestApp;
  let origin: string;
  const target = '/studio/resume/00000000-0000-4000-8000-000000000000/discard';
  const stored = async () =>
    (await t.handle.db.selectFrom('studio_form_stash').select(['id', 'fields', 'browser_key']).execute()).map(
      (r) => ({ ...r, fields: typeof r.fields === 'string' ? r.fields : JSON.stringify(r.fields) }),
    );
  const post = (payload: string | Readable, opts: { ip?: string; cookie?: string } = {}) =>
    t.app.inject({
      method: 'POST',
      url: target,
      remoteAddress: opts.ip ?? '192.0.2.1',
      headers: { 'content-type': FORM, origin, ...(opts.cookie ? { cookie: opts.cookie } : {}) },
      payload,
    });

  beforeAll(async () => {
    t = await openTestApp(engine);
    origin = new URL(t.config.publicUrl).origin;
  }, 60_000);
  afterAll(() => t?.cleanup());
  beforeEach(async () => {
    await t.handle.db.deleteFrom('studio_form_stash').execute();
  });

  it('does not keep a form over 64 KiB, says so, and never reads a declared ~1 MB body', async () => {
    const huge = `title.en=${'x'.repeat(1024 * 1024 - 20)}`;
    const declared = await post(huge, { ip: '192.0.2.10' });
    expect(declared.statusCode).toBe(413);
    expect(declared.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(declared.headers.connection).toBe('close');
    expect(declared.body).toContain('too large to keep');
    expect(declared.body).toContain('href="/studio/auth/login"');
    // Sent without a length (chunked): read, measured, not kept.
    const chunked = await post(Readable.from([`title.en=${'y'.repeat(MAX_STASH_BYTES)}`]), {
      ip: '192.0.2.10',
    });
    expect(chunked.statusCode).toBe(413);
    expect(chunked.body).toContain('too large to keep');
    expect(await stored()).toEqual([]);
    // Just under the cap is kept.
    const fits = await post(`title.en=${'z'.repeat(MAX_STASH_BYTES - 100)}`, { ip: '192.0.2.10' });
    expect(fits.statusCode).toBe(303);
    expect(String(fits.headers.location)).toMatch(/returnTo=%2Fstudio%2Fresume%2F/);
    expect(await stored()).toHaveLength(1);
  });

  it(`keeps at most ${MAX_STASHES_PER_BROWSER} forms per browser, the newest`, async () => {
    let cookie = '';
    for (let i = 1; i <= MAX_STASHES_PER_BROWSER + 2; i++) {
      const res = await post(`title.en=form-${i}`, { ip: '192.0.2.20', ...(cookie ? { cookie } : {}) });
      expect(res.statusCode).toBe(303);
      const key = cookieValue(res.headers['set-cookie'], STASH_COOKIE);
      if (key) cookie = `${STASH_COOKIE}=${key}`;
    }
    const rows = await stored();
    expect(rows).toHaveLength(MAX_STASHES_PER_BROWSER);
    expect(new Set(rows.map((r) => r.browser_key)).size).toBe(1);
    const titles = rows.map((r) => /form-(\d+)/.exec(r.fields)?.[1]).sort();
    expect(titles).toEqual(['3', '4', '5', '6', '7']);
  });

  it(`keeps at most ${STASHES_PER_IP_PER_HOUR} forms per IP and hour, then says so`, async () => {
    // Browsers without the stash cookie (as a script would post): only the per-IP limit holds them.
    for (let i = 0; i < STASHES_PER_IP_PER_HOUR; i++) {
      const res = await post(`title.en=ip-${i}`, { ip: '192.0.2.30' });
      expect(res.statusCode, `form ${i}`).toBe(303);
    }
    const refused = await post('title.en=one-too-many', { ip: '192.0.2.30' });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('too many forms');
    expect(await stored()).toHaveLength(STASHES_PER_IP_PER_HOUR);
    // Another address is not affected.
    const other = await post('title.en=elsewhere', { ip: '192.0.2.31' });
    expect(other.statusCode).toBe(303);
    expect(await stored()).toHaveLength(STASHES_PER_IP_PER_HOUR + 1);
  });
});
