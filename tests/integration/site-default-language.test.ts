// The artist's default language (settings) picks the language of '/' when the visitor has said none: no remembered
// choice and an Accept-Language naming neither Danish nor English (or none). A remembered choice and the browser's
// languages still win. The redirect is private and revalidated, and varies on what it reads from the request, so
// a settings change shows on the next visit. On PGlite and real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist } from '../helpers/catalogue.js';

describe.each(ENGINES)('the default language on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(engine);
  }, 60_000);
  afterAll(() => t?.cleanup());

  async function root(headers: Record<string, string> = {}) {
    const res = await t.app.inject({ method: 'GET', url: '/', headers });
    expect(res.statusCode).toBe(302);
    return res;
  }
  const target = async (headers: Record<string, string> = {}) => (await root(headers)).headers.location;

  async function setDefault(headers: Record<string, string>, defaultLanguage: 'da' | 'en') {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/artist/settings',
      headers,
      payload: { defaultLanguage },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().defaultLanguage).toBe(defaultLanguage);
  }

  it('is Danish before any artist or settings exist', async () => {
    expect(await target()).toBe('/da/');
    expect(await target({ 'accept-language': 'de-DE, fr;q=0.8' })).toBe('/da/');
    expect(await target({ 'accept-language': 'en-GB' })).toBe('/en/');
  });

  it('follows the site artist’s setting when the visitor names neither language, at once after a change', async () => {
    const artist = await asArtist(t.config, t.handle, await createArtist(t.handle, 'Karen'));
    expect(await target({ 'accept-language': 'de-DE, fr;q=0.8' })).toBe('/da/');
    await setDefault(artist, 'en');
    expect(await target()).toBe('/en/');
    expect(await target({ 'accept-language': 'de-DE, fr;q=0.8, *;q=0.1' })).toBe('/en/');
    // The visitor's own languages and remembered choice win over the setting.
    expect(await target({ 'accept-language': 'de, da;q=0.5' })).toBe('/da/');
    expect(await target({ 'accept-language': 'de', cookie: 'lang=da' })).toBe('/da/');
    expect(await target({ cookie: 'theme=dark; lang=da' })).toBe('/da/');

    const res = await root({ 'accept-language': 'fr' });
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(String(res.headers.vary).toLowerCase().split(/,\s*/)).toEqual(
      expect.arrayContaining(['accept-language', 'cookie']),
    );

    await setDefault(artist, 'da');
    expect(await target({ 'accept-language': 'fr' })).toBe('/da/');
    await setDefault(artist, 'en');
    expect(await target({ 'accept-language': 'fr' })).toBe('/en/');

    // The site is the first artist's: another artist's setting changes nothing.
    const other = await asArtist(t.config, t.handle, await createArtist(t.handle, 'Other'));
    await setDefault(other, 'da');
    expect(await target({ 'accept-language': 'fr' })).toBe('/en/');
  });

  it('leaves the language pages themselves alone: each says its own language', async () => {
    for (const lang of ['da', 'en'] as const) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/${lang}/`,
        headers: { 'accept-language': 'fr' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<html lang="${lang}"`);
    }
  });
});
