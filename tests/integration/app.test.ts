import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';

describe.each(ENGINES)('app on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(engine);
  });
  afterAll(() => t?.cleanup());

  it('answers /healthz', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('reports the database engine and storage driver on /readyz', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ready',
      database: { engine, ok: true },
      storage: { driver: 'local', ok: true },
    });
  });

  it('honours a well-formed X-Request-Id and replaces a malformed one', async () => {
    const good = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'heroku-req-123' },
    });
    expect(good.headers['x-request-id']).toBe('heroku-req-123');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': '<script>' },
    });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends strict security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/da/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it.each([
    ['da', 'Tryk fra kobberpladen'],
    ['en', 'Prints from the copper plate'],
  ])('renders the home page in %s', async (lang, heading) => {
    const res = await t.app.inject({ method: 'GET', url: `/${lang}/` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toMatch(new RegExp(`^<!doctype html><html lang="${lang}">`));
    expect(res.body).toContain(`<h1>${heading}</h1>`);
    expect(res.body).toContain('hreflang="da"');
    expect(res.body).toContain('hreflang="en"');
    const css = /href="(\/assets\/site-[0-9a-f]{12}\.css)"/.exec(res.body)?.[1];
    expect(css).toBeDefined();
    const asset = await t.app.inject({ method: 'GET', url: css! });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('names its tab icon on every page and answers /favicon.ico with it (no 404 in the console)', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/en/' });
    const icon =
      /<link rel="icon" type="image\/svg\+xml" href="(\/assets\/favicon-[0-9a-f]{12}\.svg)"\/>/.exec(
        page.body,
      )?.[1];
    expect(icon).toBeDefined();
    const svg = await t.app.inject({ method: 'GET', url: icon! });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const ico = await t.app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(ico.statusCode).toBe(301);
    expect(ico.headers.location).toBe(icon);
  });

  it('picks the language on / from the remembered choice, then Accept-Language, then Danish', async () => {
    const remembered = await t.app.inject({
      method: 'GET',
      url: '/',
      headers: { cookie: 'lang=en', 'accept-language': 'da' },
    });
    expect(remembered.headers.location).toBe('/en/');
    const accept = await t.app.inject({
      method: 'GET',
      url: '/',
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
    });
    expect(accept.headers.location).toBe('/en/');
    const fallback = await t.app.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'fr' } });
    expect(fallback.headers.location).toBe('/da/');
  });

  it('remembers a language switch and only redirects within the site', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/language/en?next=%2Fen%2F' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/en/');
    expect(String(res.headers['set-cookie'])).toMatch(
      /^lang=en; Path=\/; Max-Age=31536000; SameSite=Lax; HttpOnly/,
    );
    const offsite = await t.app.inject({ method: 'GET', url: '/language/en?next=%2F%2Fevil.example%2F' });
    expect(offsite.headers.location).toBe('/en/');
  });

  it('answers unknown API paths with the API error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'RESOURCE_NOT_FOUND', message: 'No route for GET /api/v1/nothing-here' },
    });
  });

  it.each([
    ['/da/findes-ikke', 'da', 'Siden blev ikke fundet'],
    ['/en/no-such-page', 'en', 'Page not found'],
    ['/no-language', 'da', 'Siden blev ikke fundet'],
  ])('renders a 404 page for %s in %s', async (url, lang, title) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain(`<html lang="${lang}">`);
    expect(res.body).toContain(`<h1>${title}</h1>`);
  });

  it('serves the OpenAPI 3.1 document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'Copper Print Gallery API' } });
  });
});
