// Public site routes: language choice on '/', the site's own pages in both languages, robots.txt, sitemap.xml,
// hashed assets. Legal pages and the takedown form come from the legal module, registered here.
import type { FastifyPluginAsync } from 'fastify';
import { DEFAULT_LANGUAGE, LANGUAGES, isLanguage, negotiateLanguage } from '../../platform/i18n/index.js';
import { legalRoutes } from '../legal/routes.js';
import { contextLoader, mediaUrlFor, type SiteDeps } from './context.js';
import { sendCached, sendHtml } from './http.js';
import { LEGAL_NAV, MAIN_NAV, localePath, renderPage } from './layout.js';
import { AboutPage } from './pages/about.js';
import { GalleriesPage } from './pages/galleries-page.js';
import { HomePage } from './pages/home.js';
import { SearchPage } from './pages/search.js';
import { publishedGalleries, sitemapEntries } from './repository.js';
import { galleryPage, printPage, type UrlStorage } from './artworks.js';
import { GalleryPage } from './pages/gallery.js';
import { PrintPage } from './pages/print.js';

export type { SiteDeps } from './context.js';

export const LANGUAGE_COOKIE = 'lang';

/** Areas that are not for search engines. */
export const ROBOTS_DISALLOW = ['/studio', '/api/v1/artist', '/oidc'] as const;

export const siteRoutes: FastifyPluginAsync<SiteDeps> = async (app, deps) => {
  const { config, database, assets } = deps;
  const load = contextLoader(deps);
  const mediaUrl = mediaUrlFor(deps);
  const urls: UrlStorage = { publicUrl: mediaUrl };

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

    app.get(`/${lang}/`, { schema: { hide: true } }, async (req, reply) => {
      const [{ ctx }, galleries] = await Promise.all([load(lang, '/'), publishedGalleries(database.db)]);
      return sendHtml(
        req,
        reply,
        renderPage(<HomePage ctx={ctx} galleries={galleries} mediaUrl={mediaUrl} />),
      );
    });

    app.get(`/${lang}/galleries`, { schema: { hide: true } }, async (req, reply) => {
      const [{ ctx }, galleries] = await Promise.all([
        load(lang, '/galleries'),
        publishedGalleries(database.db),
      ]);
      return sendHtml(
        req,
        reply,
        renderPage(<GalleriesPage ctx={ctx} galleries={galleries} mediaUrl={mediaUrl} />),
      );
    });

    app.get<{ Params: { id: string } }>(
      `/${lang}/galleries/:id`,
      { schema: { hide: true } },
      async (req, reply) => {
        const { id } = req.params;
        const [{ ctx }, gallery] = await Promise.all([
          load(lang, `/galleries/${id}`),
          galleryPage(database.db, id, lang, urls),
        ]);
        if (!gallery) return reply.callNotFound();
        return sendHtml(req, reply, renderPage(<GalleryPage ctx={ctx} gallery={gallery} />));
      },
    );

    app.get<{ Params: { id: string }; Querystring: { gallery?: unknown } }>(
      `/${lang}/prints/:id`,
      { schema: { hide: true } },
      async (req, reply) => {
        const { id } = req.params;
        const galleryId = typeof req.query.gallery === 'string' ? req.query.gallery : undefined;
        const [{ ctx }, data] = await Promise.all([
          load(lang, `/prints/${id}`),
          printPage(database.db, id, lang, urls, galleryId),
        ]);
        if (!data) return reply.callNotFound();
        return sendHtml(req, reply, renderPage(<PrintPage ctx={ctx} data={data} />));
      },
    );

    app.get<{ Querystring: { q?: unknown } }>(
      `/${lang}/search`,
      { schema: { hide: true } },
      async (req, reply) => {
        const { ctx } = await load(lang, '/search');
        const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
        return sendHtml(req, reply, renderPage(<SearchPage ctx={ctx} q={q} />));
      },
    );

    app.get(`/${lang}/about`, { schema: { hide: true } }, async (req, reply) => {
      const { ctx, profile } = await load(lang, '/about');
      return sendHtml(req, reply, renderPage(<AboutPage ctx={ctx} profile={profile} />));
    });
  }

  await app.register(legalRoutes, deps);

  app.get('/robots.txt', { schema: { hide: true } }, async (req, reply) => {
    const body = [
      'User-agent: *',
      ...ROBOTS_DISALLOW.map((p) => `Disallow: ${p}`),
      'Allow: /',
      '',
      `Sitemap: ${config.publicUrl}/sitemap.xml`,
      '',
    ].join('\n');
    return sendCached(req, reply, body, 'text/plain; charset=utf-8');
  });

  app.get('/sitemap.xml', { schema: { hide: true } }, async (req, reply) => {
    const staticPaths = [...MAIN_NAV, ...LEGAL_NAV].map(([path]) => ({ path, lastModified: undefined }));
    const entries = [...staticPaths, ...(await sitemapEntries(database.db))];
    const url = (path: string, lastModified: Date | undefined) =>
      LANGUAGES.map((lang) =>
        [
          '<url>',
          `<loc>${xml(config.publicUrl + localePath(lang, path))}</loc>`,
          ...LANGUAGES.map(
            (alt) =>
              `<xhtml:link rel="alternate" hreflang="${alt}" href="${xml(config.publicUrl + localePath(alt, path))}"/>`,
          ),
          lastModified ? `<lastmod>${lastModified.toISOString()}</lastmod>` : '',
          '</url>',
        ].join(''),
      ).join('\n');
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
      ...entries.map((e) => url(e.path, e.lastModified)),
      '</urlset>',
      '',
    ].join('\n');
    return sendCached(req, reply, body, 'application/xml; charset=utf-8');
  });

  // The language toggle passes through here so the choice is remembered without cookies on cacheable pages.
  app.get<{ Params: { lang: string }; Querystring: { next?: string } }>(
    '/language/:lang',
    { schema: { hide: true } },
    async (req, reply) => {
      const { lang } = req.params;
      if (!isLanguage(lang)) return reply.callNotFound();
      const next = req.query.next;
      const target =
        typeof next === 'string' &&
        next.startsWith(`/${lang}/`) &&
        !next.startsWith('//') &&
        !next.includes('\\')
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

function xml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function parseCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
