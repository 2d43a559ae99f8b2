// Public site routes: language choice on '/', the site's own pages in both languages, robots.txt, sitemap.xml,
// hashed assets. Legal pages and the takedown form come from the legal module, registered here.
import type { FastifyPluginAsync } from 'fastify';
import { DEFAULT_LANGUAGE, LANGUAGES, isLanguage, negotiateLanguage } from '../../platform/i18n/index.js';
import { legalRoutes } from '../legal/routes.js';
import { contextLoader, mediaUrlFor, type SiteDeps } from './context.js';
import { sendCached, sendHtml } from './http.js';
import { PageCache, sendAsset, sendPrepared } from './page-cache.js';
import { LEGAL_NAV, MAIN_NAV, localePath, renderPage } from './layout.js';
import { AboutPage } from './pages/about.js';
import { GalleriesPage } from './pages/galleries-page.js';
import { HomePage } from './pages/home.js';
import { searchPageRenderer } from './pages/search.js';
import { publishedGalleries, siteDefaultLanguage, sitemapEntries } from './repository.js';
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
  // Home, galleries, gallery, print and about pages: rendered once per catalogue change (page-cache.ts).
  const pages = new PageCache(database.db);
  const searchPage = searchPageRenderer(database.db, mediaUrl);

  // The visitor's remembered choice, else their browser's languages, else the artist's default language
  // (settings). Private and revalidated: the answer depends on the visitor and on settings no cache watches.
  app.get('/', { schema: { hide: true } }, async (req, reply) => {
    const remembered = parseCookie(req.headers.cookie, LANGUAGE_COOKIE);
    const lang = isLanguage(remembered)
      ? remembered
      : (negotiateLanguage(req.headers['accept-language']) ??
        (await siteDefaultLanguage(database.db).catch((error: unknown) => {
          // The way in keeps working while the database does not.
          req.log.warn({ err: error }, 'default language unavailable');
          return DEFAULT_LANGUAGE;
        })));
    return reply
      .header('vary', 'Accept-Language, Cookie')
      .header('cache-control', 'private, no-cache')
      .redirect(`/${lang}/`, 302);
  });

  for (const lang of LANGUAGES) {
    app.get(`/${lang}`, { schema: { hide: true } }, async (_req, reply) => reply.redirect(`/${lang}/`, 301));

    app.get(`/${lang}/`, { schema: { hide: true } }, async (req, reply) => {
      const page = await pages.get(`${lang} home`, async () => {
        const [{ ctx }, galleries] = await Promise.all([load(lang, '/'), publishedGalleries(database.db)]);
        return renderPage(<HomePage ctx={ctx} galleries={galleries} mediaUrl={mediaUrl} />);
      });
      return page ? sendPrepared(req, reply, page) : reply.callNotFound();
    });

    app.get(`/${lang}/galleries`, { schema: { hide: true } }, async (req, reply) => {
      const page = await pages.get(`${lang} galleries`, async () => {
        const [{ ctx }, galleries] = await Promise.all([
          load(lang, '/galleries'),
          publishedGalleries(database.db),
        ]);
        return renderPage(<GalleriesPage ctx={ctx} galleries={galleries} mediaUrl={mediaUrl} />);
      });
      return page ? sendPrepared(req, reply, page) : reply.callNotFound();
    });

    app.get<{ Params: { id: string } }>(
      `/${lang}/galleries/:id`,
      { schema: { hide: true } },
      async (req, reply) => {
        const { id } = req.params;
        const page = await pages.get(`${lang} gallery ${id}`, async () => {
          const [{ ctx }, gallery] = await Promise.all([
            load(lang, `/galleries/${id}`),
            galleryPage(database.db, id, lang, urls),
          ]);
          return gallery ? renderPage(<GalleryPage ctx={ctx} gallery={gallery} />) : undefined;
        });
        return page ? sendPrepared(req, reply, page) : reply.callNotFound();
      },
    );

    app.get<{ Params: { id: string }; Querystring: { gallery?: unknown } }>(
      `/${lang}/prints/:id`,
      { schema: { hide: true } },
      async (req, reply) => {
        const { id } = req.params;
        const galleryId = typeof req.query.gallery === 'string' ? req.query.gallery : undefined;
        const page = await pages.get(`${lang} print ${id} ${galleryId ?? ''}`, async () => {
          const [{ ctx }, data] = await Promise.all([
            load(lang, `/prints/${id}`),
            printPage(database.db, id, lang, urls, galleryId),
          ]);
          return data ? renderPage(<PrintPage ctx={ctx} data={data} />) : undefined;
        });
        return page ? sendPrepared(req, reply, page) : reply.callNotFound();
      },
    );

    app.get<{ Querystring: Record<string, unknown> }>(
      `/${lang}/search`,
      { schema: { hide: true } },
      async (req, reply) => {
        const { ctx } = await load(lang, '/search');
        const { html, status } = await searchPage(ctx, req.query);
        return sendHtml(req, reply, html, { status });
      },
    );

    app.get(`/${lang}/about`, { schema: { hide: true } }, async (req, reply) => {
      const page = await pages.get(`${lang} about`, async () => {
        const { ctx, profile } = await load(lang, '/about');
        return renderPage(<AboutPage ctx={ctx} profile={profile} />);
      });
      return page ? sendPrepared(req, reply, page) : reply.callNotFound();
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
    return sendAsset(req, reply, asset);
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
