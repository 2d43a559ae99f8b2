// The legal pages and the notice-and-takedown form on both engines: validation, same-origin and honeypot checks,
// storage with a 'received' action, the confirmation page, caching rules and the per-IP rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';

const ORIGIN = 'http://localhost:3000';
const RATE_LIMIT = 4;

const VALID = {
  work: 'My etching "Harbour at dusk" (2019), https://my-site.example/harbour',
  urls: 'https://gallery.example/en/prints/1\r\nhttp://gallery.example/da/prints/1',
  description: 'The print shown is a copy of my etching.',
  name: 'Clara Claimant',
  email: 'clara@example.test',
  address: 'Kobbergade 1\n1000 København K',
  phone: '',
  goodFaith: 'yes',
  accuracy: 'yes',
  signature: 'Clara Claimant',
  website: '',
};

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe.each(ENGINES)('legal pages on %s', (engine) => {
  let t: TestApp;
  let ip = 0;
  // Each test posts from its own address so the rate limit is tested on its own.
  const post = (
    lang: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
    from?: string,
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/${lang}/takedown`,
      remoteAddress: from ?? `10.0.0.${++ip}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers },
      payload: form(fields),
    });

  beforeAll(async () => {
    t = await openTestApp(engine, { RATE_LIMIT_TAKEDOWN_PER_HOUR: String(RATE_LIMIT) });
  });
  afterAll(() => t?.cleanup());

  it.each([
    ['da', '/da/terms', 'Vilkår for brug'],
    ['en', '/en/terms', 'Terms of use'],
    ['da', '/da/privacy', 'Privatlivspolitik'],
    ['en', '/en/privacy', 'Privacy policy'],
    ['da', '/da/takedown', 'Ophavsret og nedtagning'],
    ['en', '/en/takedown', 'Copyright and takedown'],
  ])('renders %s page %s', async (lang, url, heading) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<html lang="${lang}">`);
    expect(res.body).toContain(`<h1>${heading}</h1>`);
    expect(res.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=600');
  });

  it('states exactly what is collected in the privacy policy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/en/privacy' });
    expect(res.body).toContain('no statistics or analytics tools, no tracking');
    expect(res.body).toContain('a cookie named &quot;lang&quot;');
    expect(res.body).toContain('If you send a notice with the copyright and takedown form, we store');
  });

  it('explains the DMCA § 512(c)(3) elements and the EU notice-and-action procedure', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/en/takedown' });
    expect(res.body).toContain('17 U.S.C. § 512(c)(3)');
    expect((res.body.match(/<li>/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(res.body).toContain('Article 16 of the Digital Services Act');
    for (const name of [
      'work',
      'urls',
      'description',
      'name',
      'email',
      'address',
      'phone',
      'goodFaith',
      'accuracy',
      'signature',
    ]) {
      expect(res.body).toContain(`name="${name}"`);
    }
  });

  it('shows every error next to its field and in a linked summary, keeping what was typed, and stores nothing', async () => {
    const res = await post('en', {
      ...VALID,
      urls: 'https://ok.example/a\nnot a url',
      email: 'clara-at-example',
      signature: '  ',
      accuracy: '',
      description: '',
      work: 'Harbour <b>at dusk</b>',
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    const body = res.body;
    expect(body).toContain('<title>Error: Copyright and takedown · Copper Print Gallery</title>');
    expect(body).toContain('class="error-summary" role="alert"');
    for (const field of ['urls', 'description', 'email', 'accuracy', 'signature']) {
      expect(body).toContain(`<a href="#td-${field}">`);
      expect(body).toContain(`id="td-${field}-error"`);
      expect(body).toMatch(
        new RegExp(
          `id="td-${field}"[^>]*aria-describedby="[^"]*td-${field}-error"|aria-describedby="[^"]*td-${field}-error"[^>]*id="td-${field}"|id="td-${field}"[^>]*aria-invalid="true"`,
        ),
      );
    }
    expect(body).not.toContain('id="td-work-error"');
    expect(body).not.toContain('id="td-name-error"');
    expect(body).toContain('This line is not a valid address: not a url');
    expect(body).toContain('Enter a valid e-mail address');
    // What the visitor typed comes back, escaped.
    expect(body).toContain('Harbour &lt;b>at dusk&lt;/b></textarea>');
    expect(body).toContain('value="clara-at-example"');
    expect(body).toMatch(/id="td-goodFaith" name="goodFaith" type="checkbox" value="yes" checked/);
    expect(body).toMatch(/id="td-accuracy" name="accuracy" type="checkbox" value="yes" required/);
    const count = await t.handle.db
      .selectFrom('takedown_notices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('shows the errors in Danish on the Danish form', async () => {
    const res = await post('da', { ...VALID, name: '', goodFaith: '' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Udfyld feltet &quot;Fulde navn&quot;.');
    expect(res.body).toContain('Bekræft erklæringen om god tro.');
  });

  it('stores a valid notice with a received action and redirects to an uncached confirmation', async () => {
    const res = await post('da', VALID);
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    const ref = /^\/da\/takedown\/received\?ref=([0-9a-f-]{36})$/.exec(location)?.[1];
    expect(ref).toBeDefined();
    const row = await t.handle.db
      .selectFrom('takedown_notices')
      .selectAll()
      .where('id', '=', ref!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'received',
      work_concerned: VALID.work,
      infringing_url: 'https://gallery.example/en/prints/1\nhttp://gallery.example/da/prints/1',
      claimant_name: 'Clara Claimant',
      claimant_email: 'clara@example.test',
      claimant_address: 'Kobbergade 1\n1000 København K',
      claimant_phone: null,
      statement_good_faith: true,
      statement_accuracy: true,
      signature: 'Clara Claimant',
      description: VALID.description,
      language: 'da',
    });
    const actions = await t.handle.db
      .selectFrom('takedown_actions')
      .selectAll()
      .where('notice_id', '=', ref!)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['received']);

    const page = await t.app.inject({ method: 'GET', url: location });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain(`<strong class="reference">${ref}</strong>`);
    expect(page.body).toContain('<meta name="robots" content="noindex"/>');
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/da/takedown/received?ref=00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('accepts a same-origin Referer when Origin is absent', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/takedown',
      remoteAddress: '10.1.0.1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `${ORIGIN}/en/takedown` },
      payload: form({ ...VALID, phone: '+45 12 34 56 78' }),
    });
    expect(res.statusCode).toBe(303);
  });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a foreign Referer', { origin: '', referer: 'https://evil.example/form' }],
    ['neither Origin nor Referer', { origin: '' }],
    ['Origin null', { origin: 'null' }],
  ])('refuses a post with %s (no stored notice)', async (_name, headers) => {
    const before = await t.handle.db.selectFrom('takedown_notices').select('id').execute();
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/takedown',
      remoteAddress: `10.2.0.${++ip}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...clean },
      payload: form(VALID),
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<h1>The request was refused</h1>');
    const after = await t.handle.db.selectFrom('takedown_notices').select('id').execute();
    expect(after.length).toBe(before.length);
  });

  it('refuses a post that filled in the honeypot', async () => {
    const res = await post('en', { ...VALID, website: 'http://spam.example' });
    expect(res.statusCode).toBe(400);
    const rows = await t.handle.db
      .selectFrom('takedown_notices')
      .select('id')
      .where('claimant_email', '=', VALID.email)
      .execute();
    expect(rows.length).toBe(2);
  });

  it(`answers 429 after ${RATE_LIMIT} posts per hour from one address, in the page language`, async () => {
    const from = '10.9.9.9';
    // Both languages' forms share the count: switching language does not buy more posts.
    for (let i = 0; i < RATE_LIMIT; i++) {
      const res = await post(i % 2 === 0 ? 'da' : 'en', { ...VALID, signature: '' }, {}, from);
      expect(res.statusCode).toBe(422);
    }
    expect((await post('da', VALID, {}, from)).statusCode).toBe(429);
    const limited = await post('en', VALID, {}, from);
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('<h1>Too many requests</h1>');
    expect(limited.body).toContain('<html lang="en">');
    // Another address is not affected.
    const other = await post('en', { ...VALID, signature: '' }, {}, '10.9.9.10');
    expect(other.statusCode).toBe(422);
  });
});
