// Public site routes: language choice on '/', the home page in both languages, hashed assets.
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { AssetCatalog } from '../../platform/assets.js';
import { DEFAULT_LANGUAGE, LANGUAGES, isLanguage, negotiateLanguage } from '../../platform/i18n/index.js';
import { HomePage } from './pages/home.js';
import { pageContext, renderPage } from './layout.js';

export interface SiteDeps {
  config: Config;
  database: DatabaseHandle;
  assets: AssetCatalog;
}

export const LANGUAGE_COOKIE = 'lang';
const PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=600';

export const siteRoutes: FastifyPluginAsync<SiteDeps> = async (app, { config, assets }) => {
  app.get('/', { schema: { hide: true } }, async (req, reply) => {
    const remembered = parseCookie(req.headers.cookie, LANGUAGE_COOKIE);
    const lang = isLanguage(remembered)
      ? remembered
      : (negotiateLanguage(req.headers['accept-language']) ?? DEFAULT_LANGUAGE);
    return reply
      .header('vary', 'Accept-Language, Cookie')
      .header('cache-control', 'private, no-cache')
      .redirect(`/${lang}/`, 302);
  });

  for (const lang of LANGUAGES) {
    app.get(`/${lang}`, { schema: { hide: true } }, async (_req, reply) => reply.redirect(`/${lang}/`, 301));
    app.get(`/${lang}/`, { schema: { hide: true } }, async (_req, reply) => {
      const ctx = pageContext({ lang, path: '/', publicUrl: config.publicUrl, assets, artistName: '' });
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', PAGE_CACHE)
        .send(renderPage(<HomePage ctx={ctx} />));
    });
  }

  // The language toggle passes through here so the choice is remembered without cookies on cacheable pages.
  app.get<{ Params: { lang: string }; Querystring: { next?: string } }>(
    '/language/:lang',
    { schema: { hide: true } },
    async (req, reply) => {
      const { lang } = req.params;
      if (!isLanguage(lang)) return reply.callNotFound();
      const next = req.query.next;
      const target =
        typeof next === 'string' && next.startsWith(`/${lang}/`) && !next.startsWith('//')
          ? next
          : `/${lang}/`;
      const secure = config.publicUrl.startsWith('https:') ? '; Secure' : '';
      return reply
        .header(
          'set-cookie',
          `${LANGUAGE_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly${secure}`,
        )
        .header('cache-control', 'no-store')
        .redirect(target, 303);
    },
  );

  app.get<{ Params: { file: string } }>('/assets/:file', { schema: { hide: true } }, async (req, reply) => {
    const asset = assets.get(req.params.file);
    if (!asset) return reply.callNotFound();
    return reply
      .type(asset.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(asset.body);
  });
};

export function parseCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
