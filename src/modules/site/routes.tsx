// Public site routes: language choice on '/', the site's own pages in both languages, robots.txt, sitemap.xml,
// hashed assets. Legal pages and the takedown form come from the legal module, registered here.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  DEFAULT_LANGUAGE,
  LANGUAGES,
  isLanguage,
  negotiateLanguage,
  type Language,
} from '../../platform/i18n/index.js';
import { legalRoutes } from '../legal/routes.js';
import { contextLoader, mediaUrlFor, type SiteDeps } from './context.js';
import { sendCached, sendHtml } from './http.js';
import {
  chooseEncoding,
  FRESH_MS,
  PageCache,
  SearchPageCache,
  sendAsset,
  sendPrepared,
} from './page-cache.js';
import { LEGAL_NAV, MAIN_NAV, localePath, renderPage, type PageContext } from './layout.js';
import { AboutPage } from './pages/about.js';
import { CvPage } from './pages/cv.js';
import { GalleriesPage } from './pages/galleries-page.js';
import { HOME_GALLERY_COUNT, HOME_NEW_WORK_COUNT, HomePage } from './pages/home.js';
import { cardPicture, type CardPicture, type PublicPrintCardData } from './cards.js';
import { FEED_SIZE, renderFeed } from './feed.js';
import { feedOf } from './feed-data.js';
import { searchPageKey, searchPageRenderer } from './pages/search.js';
import { parseSearchParams } from '../search/page-params.js';
import {
  publicPrintsByIds,
  publishedGalleries,
  recentPublicPrints,
  siteDefaultLanguage,
  sitemapEntries,
  type RecentPrint,
} from './repository.js';
import { ShortlistPage } from './shortlist.js';
import { parseShortlist, shortlistPagePath } from './shortlist-ids.js';
import { galleryPageData, printPageData, statesPageData, type UrlStorage } from './artworks.js';
import { iiifRoutes } from './iiif-routes.js';
import { isUuid } from '../../platform/ids.js';
import { sameSitePath } from '../../platform/paths.js';
import { PUBLIC_SCOPE } from '../catalogue/read-model.js';
import { GalleryPage } from './pages/gallery.js';
import { PrintPage } from './pages/print.js';
import { StatesPage } from './pages/states.js';
import { enquiryFormKey, enquiryRoutes } from '../enquiries/routes.js';
import { issueFormToken } from '../enquiries/form-token.js';
import { EnquiryForm, type FormState } from '../enquiries/pages.js';
import { EMPTY_ENQUIRY } from '../enquiries/validation.js';

export type { SiteDeps } from './context.js';

export const LANGUAGE_COOKIE = 'lang';

/** Areas that are not for search engines. */
export const ROBOTS_DISALLOW = ['/studio', '/api/v1/artist', '/oidc'] as const;

/** Where a cached page's enquiry form gets its fill-time token, after the ETag is taken (page-cache.ts). */
const FORM_TOKEN_SLOT = 'fill-time-token';

export const siteRoutes: FastifyPluginAsync<SiteDeps> = async (app, deps) => {
  const { config, database, assets, catalogue } = deps;
  const load = contextLoader(deps);
  const mediaUrl = mediaUrlFor(deps);
  const urls: UrlStorage = { publicUrl: mediaUrl };
  // Home, galleries, gallery, print and about pages: rendered once per catalogue change (page-cache.ts).
  const pages = new PageCache(database.db);
  iiifRoutes(app, { catalogue, pages, load, urls });
  // The search page: kept per search as parsed, language and catalogue generation (page-cache.ts, decision 013).
  const searchPage = searchPageRenderer(database.db, mediaUrl, catalogue.public);
  const searchPages = new SearchPageCache(database.db);
  // The frame of search pages (the artist's name in the footer) read once per language and FRESH_MS period, as the
  // kept pages read it once per render: never-seen searches do not each read the profile again.
  const searchFrames = new Map<string, Promise<PageContext>>();
  const searchFrame = (lang: Language): Promise<PageContext> => {
    const period = `${Math.floor(Date.now() / FRESH_MS)} `;
    const key = period + lang;
    let frame = searchFrames.get(key);
    if (!frame) {
      for (const old of searchFrames.keys()) if (!old.startsWith(period)) searchFrames.delete(old);
      frame = load(lang, '/search').then(({ ctx }) => ctx);
      frame.catch(() => searchFrames.delete(key));
      searchFrames.set(key, frame);
    }
    return frame;
  };
  /** The card image of each gallery, by id. */
  const galleryPictures = async (galleries: readonly { id: string }[]) => {
    const rows = await catalogue.public.galleryCards(galleries.map((g) => g.id));
    const out = new Map<string, CardPicture>();
    for (const [id, row] of rows) {
      const picture = cardPicture(row, mediaUrl);
      if (picture) out.set(id, picture);
    }
    return out;
  };
  /** What the cards of these public prints show (image on its proportions, availability), in their order. */
  const printCardsOf = async (prints: readonly RecentPrint[]): Promise<PublicPrintCardData[]> => {
    const cards = await catalogue.public.printCards(prints.map((p) => p.id));
    return prints.map((print) => {
      const card = cards.get(print.id);
      return { print, picture: cardPicture(card?.image, mediaUrl), availability: card?.availability };
    });
  };
  const formKey = deps.enquiries ? await enquiryFormKey(config, database) : undefined;

  /**
   * A visitor's list (shortlist.tsx): the prints of these ids a visitor may see, in the given order, with one
   * enquiry form about them — fresh, or as sent back with its errors. Private: it carries a fill-time token and
   * the address is the visitor's.
   */
  const sendShortlist = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Language,
    ids: readonly string[],
    state?: FormState,
    status = 200,
  ) => {
    const prints = await publicPrintsByIds(database.db, ids);
    // The page's own address (language switch, canonical) names the prints it shows, nothing else it was given.
    const [{ ctx }, items] = await Promise.all([
      load(lang, shortlistPagePath(prints.map((p) => p.id))),
      printCardsOf(prints),
    ]);
    const enquiry =
      formKey && items.length > 0 ? (
        <EnquiryForm
          ctx={ctx}
          action={localePath(lang, '/list/enquiry')}
          token={state?.token ?? issueFormToken(formKey)}
          input={state?.input ?? EMPTY_ENQUIRY}
          errors={state?.errors ?? []}
          problem={state?.problem}
          withInterest
          heading={ctx.t('shortlist.enquiry')}
          headingId="enquiry-h"
          hiddenFields={[{ name: 'prints', value: items.map((i) => i.print.id).join(',') }]}
        />
      ) : undefined;
    return sendHtml(
      req,
      reply,
      renderPage(<ShortlistPage ctx={ctx} ids={ids} items={items} enquiry={enquiry} />),
      { status, cache: 'private' },
    );
  };

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
        const [{ ctx }, galleries, recent] = await Promise.all([
          load(lang, '/'),
          publishedGalleries(database.db),
          recentPublicPrints(database.db, HOME_NEW_WORK_COUNT),
        ]);
        const [pictures, newWork] = await Promise.all([
          galleryPictures(galleries.slice(0, HOME_GALLERY_COUNT)),
          printCardsOf(recent),
        ]);
        return renderPage(<HomePage ctx={ctx} galleries={galleries} pictures={pictures} newWork={newWork} />);
      });
      return page ? sendPrepared(req, reply, page) : reply.callNotFound();
    });

    app.get(`/${lang}/galleries`, { schema: { hide: true } }, async (req, reply) => {
      const page = await pages.get(`${lang} galleries`, async () => {
        const [{ ctx }, galleries] = await Promise.all([
          load(lang, '/galleries'),
          publishedGalleries(database.db),
        ]);
        const pictures = await galleryPictures(galleries);
        return renderPage(<GalleriesPage ctx={ctx} galleries={galleries} pictures={pictures} />);
      });
      return page ? sendPrepared(req, reply, page) : reply.callNotFound();
    });

    app.get<{ Params: { id: string } }>(
      `/${lang}/galleries/:id`,
      { schema: { hide: true } },
      async (req, reply) => {
        const { id } = req.params;
        const page = await pages.get(`${lang} gallery ${id}`, async () => {
          if (!isUuid(id)) return undefined;
          const [{ ctx }, view, covers] = await Promise.all([
            load(lang, `/galleries/${id}`),
            catalogue.public.galleryView(id),
            catalogue.public.galleryCards([id]),
          ]);
          return view
            ? renderPage(
                <GalleryPage
                  ctx={ctx}
                  gallery={galleryPageData(view, lang, urls)}
                  cover={cardPicture(covers.get(id), mediaUrl)}
                />,
              )
            : undefined;
        });
        return page ? sendPrepared(req, reply, page) : reply.callNotFound();
      },
    );

    app.get<{ Params: { id: string }; Querystring: { gallery?: unknown; image?: unknown } }>(
      `/${lang}/prints/:id`,
      { schema: { hide: true } },
      async (req, reply) => {
        const { id } = req.params;
        const galleryId = typeof req.query.gallery === 'string' ? req.query.gallery : undefined;
        // ?image=<id>: one of the print's additional images in the main figure (the strip's links, no script needed).
        const imageId = typeof req.query.image === 'string' && isUuid(req.query.image) ? req.query.image : '';
        const page = await pages.get(`${lang} print ${id} ${galleryId ?? ''} ${imageId}`, async () => {
          if (!isUuid(id)) return undefined;
          const [{ ctx }, view, exhibitions] = await Promise.all([
            load(lang, `/prints/${id}`),
            catalogue.public.printView(id, PUBLIC_SCOPE, isUuid(galleryId) ? galleryId : undefined),
            catalogue.public.exhibitionsOfPrint(id),
          ]);
          if (!view) return undefined;
          // The enquiry form's fill-time token counts from this render (the page is reused for at most FRESH_MS
          // here, and by HTTP caches for their max-age): docs/security.md says what that means for the check. The
          // page is rendered with a slot for it, and the ETag taken before the token fills the slot.
          const enquiry = formKey ? (
            <EnquiryForm
              ctx={ctx}
              action={localePath(lang, `/prints/${id}/enquiry`)}
              token={FORM_TOKEN_SLOT}
              input={EMPTY_ENQUIRY}
              errors={[]}
              withInterest
              heading={ctx.t('enquiry.print.heading')}
              headingId="enquiry-h"
            />
          ) : undefined;
          const stable = renderPage(
            <PrintPage
              ctx={ctx}
              data={printPageData(view, lang, urls, undefined, imageId)}
              exhibitions={exhibitions}
              enquiry={enquiry}
            />,
          );
          return formKey
            ? { html: stable.replace(FORM_TOKEN_SLOT, issueFormToken(formKey)), stable }
            : stable;
        });
        return page ? sendPrepared(req, reply, page) : reply.callNotFound();
      },
    );

    // The comparison of the plate's states (decision 025): ?a=<number>&b=<number>, from the page's own GET form.
    app.get<{ Params: { id: string }; Querystring: { a?: unknown; b?: unknown } }>(
      `/${lang}/prints/:id/states`,
      { schema: { hide: true } },
      async (req, reply) => {
        const { id } = req.params;
        const number = (value: unknown) =>
          typeof value === 'string' && /^[1-9][0-9]{0,3}$/.test(value) ? Number(value) : undefined;
        const a = number(req.query.a);
        const b = number(req.query.b);
        const page = await pages.get(`${lang} states ${id} ${a ?? ''} ${b ?? ''}`, async () => {
          if (!isUuid(id)) return undefined;
          const [{ ctx }, view] = await Promise.all([
            load(lang, `/prints/${id}/states`),
            catalogue.public.printView(id, PUBLIC_SCOPE),
          ]);
          const data = view ? statesPageData(printPageData(view, lang, urls), a, b) : undefined;
          return data ? renderPage(<StatesPage ctx={ctx} data={data} />) : undefined;
        });
        return page ? sendPrepared(req, reply, page) : reply.callNotFound();
      },
    );

    app.get<{ Querystring: Record<string, unknown> }>(
      `/${lang}/search`,
      { schema: { hide: true } },
      async (req, reply) => {
        const params = parseSearchParams(req.query);
        const { page, status } = await searchPages.get(
          `${lang} ${searchPageKey(params)}`,
          async (generation) => {
            return searchPage(await searchFrame(lang), params, generation);
          },
        );
        if (status !== 200) return sendHtml(req, reply, page.identity.toString('utf8'), { status });
        await page.prepare(chooseEncoding(req.headers['accept-encoding']));
        return sendPrepared(req, reply, page);
      },
    );

    // News of new work (Atom 1.0): the newest public prints and galleries in this language.
    app.get(`/${lang}/feed.xml`, { schema: { hide: true } }, async (req, reply) => {
      const feed = await pages.get(`${lang} feed`, async () => {
        const [{ ctx }, prints, galleries] = await Promise.all([
          load(lang, '/feed.xml'),
          recentPublicPrints(database.db, FEED_SIZE),
          publishedGalleries(database.db),
        ]);
        const [printCards, galleryCards] = await Promise.all([
          catalogue.public.printCards(prints.map((p) => p.id)),
          catalogue.public.galleryCards(galleries.map((g) => g.id)),
        ]);
        const body = renderFeed(
          feedOf(ctx, {
            prints: prints.map((print) => ({
              print,
              picture: cardPicture(printCards.get(print.id)?.image, mediaUrl),
            })),
            galleries: galleries.map((gallery) => ({
              gallery,
              picture: cardPicture(galleryCards.get(gallery.id), mediaUrl),
            })),
          }),
          ctx.t,
        );
        return body;
      });
      return feed
        ? sendPrepared(req, reply, feed, 'application/atom+xml; charset=utf-8')
        : reply.callNotFound();
    });

    app.get<{ Querystring: { prints?: unknown } }>(
      `/${lang}/list`,
      { schema: { hide: true } },
      async (req, reply) => sendShortlist(req, reply, lang, parseShortlist(req.query.prints)),
    );

    app.get(`/${lang}/cv`, { schema: { hide: true } }, async (req, reply) => {
      const page = await pages.get(`${lang} cv`, async () => {
        const [{ ctx, profile }, exhibitions] = await Promise.all([
          load(lang, '/cv'),
          catalogue.public.exhibitions(),
        ]);
        return renderPage(<CvPage ctx={ctx} profile={profile} exhibitions={exhibitions} />);
      });
      return page ? sendPrepared(req, reply, page) : reply.callNotFound();
    });

    app.get(`/${lang}/about`, { schema: { hide: true } }, async (req, reply) => {
      const page = await pages.get(`${lang} about`, async () => {
        const { ctx, profile } = await load(lang, '/about');
        return renderPage(<AboutPage ctx={ctx} profile={profile} />);
      });
      return page ? sendPrepared(req, reply, page) : reply.callNotFound();
    });
  }

  await app.register(legalRoutes, deps);
  if (deps.enquiries && formKey)
    await app.register(enquiryRoutes, {
      ...deps,
      enquiries: deps.enquiries,
      formKey,
      shortlistPage: sendShortlist,
    });

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
    const sitemap = await pages.get('sitemap', async () => {
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
      return body;
    });
    return sitemap
      ? sendPrepared(req, reply, sitemap, 'application/xml; charset=utf-8')
      : reply.callNotFound();
  });

  // The language toggle passes through here so the choice is remembered without cookies on cacheable pages.
  app.get<{ Params: { lang: string }; Querystring: { next?: string } }>(
    '/language/:lang',
    { schema: { hide: true } },
    async (req, reply) => {
      const { lang } = req.params;
      if (!isLanguage(lang)) return reply.callNotFound();
      // Only a path of this site in the chosen language, re-serialized (so it is encoded: no CR/LF in Location).
      const next = sameSitePath(req.query.next, config.publicUrl);
      const target = next?.startsWith(`/${lang}/`) ? next : `/${lang}/`;
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

  // What a browser asks for when a page names no icon (the sign-in pages, a feed reader): the same plate.
  app.get('/favicon.ico', { schema: { hide: true } }, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=86400').redirect(assets.url('favicon.svg'), 301),
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
