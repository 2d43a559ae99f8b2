// GET /iiif/prints/:id/manifest and GET /iiif/galleries/:id/collection: IIIF Presentation 3.0 for museum viewers
// and aggregators (decision 023), built from the same views as the print and gallery pages (the visibility policy
// decides: a draft, an unpublished print or one in no public gallery answers 404, like its page). Readable from any
// origin; cached like the pages (ETag, the page cache) and kept per catalogue change.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../../platform/errors.js';
import { LANGUAGES, type Language } from '../../platform/i18n/index.js';
import { isUuid } from '../../platform/ids.js';
import { PUBLIC_SCOPE } from '../catalogue/read-model.js';
import type { Catalogue } from '../catalogue/index.js';
import { galleryPageData, printPageData, type UrlStorage } from './artworks.js';
import { cardPicture } from './cards.js';
import type { ContextLoader } from './context.js';
import type { PublicProfile } from './repository.js';
import { galleryCollection, printManifest, type Bilingual } from './iiif.js';
import { collectionPath, manifestPath, PRESENTATION_CONTENT_TYPE } from './iiif-paths.js';
import { sendPrepared, type PageCache, type PreparedPage } from './page-cache.js';

export interface IiifRouteDeps {
  readonly catalogue: Catalogue;
  readonly pages: PageCache;
  readonly load: ContextLoader;
  /** Where public media are read from (their URLs are made absolute in the documents). */
  readonly urls: UrlStorage;
}

/** The page's view in both languages, and the artist's public profile. */
async function bothLanguages<T>(
  load: ContextLoader,
  path: string,
  data: (lang: Language) => T,
): Promise<{ views: Bilingual<T>; profile: PublicProfile }> {
  const [da, en] = await Promise.all(LANGUAGES.map((lang) => load(lang, path)));
  return {
    views: { da: { ctx: da!.ctx, data: data('da') }, en: { ctx: en!.ctx, data: data('en') } },
    profile: en!.profile,
  };
}

function send(req: FastifyRequest, reply: FastifyReply, page: PreparedPage | null, what: string) {
  reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
  if (page) return sendPrepared(req, reply, page, PRESENTATION_CONTENT_TYPE);
  return reply
    .code(404)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(errorBody('RESOURCE_NOT_FOUND', `${what} not found`));
}

export function iiifRoutes(app: FastifyInstance, deps: IiifRouteDeps): void {
  const { catalogue, pages, load, urls } = deps;

  app.get<{ Params: { id: string } }>(manifestPath(':id'), { schema: { hide: true } }, async (req, reply) => {
    const { id } = req.params;
    const page = await pages.get(`iiif manifest ${id}`, async () => {
      if (!isUuid(id)) return undefined;
      const view = await catalogue.public.printView(id, PUBLIC_SCOPE);
      if (!view) return undefined;
      const { views, profile } = await bothLanguages(load, `/prints/${id}`, (lang) =>
        printPageData(view, lang, urls),
      );
      const manifest = printManifest(views, profile.licenceUrl);
      return manifest ? JSON.stringify(manifest) : undefined;
    });
    return send(req, reply, page, 'Print');
  });

  app.get<{ Params: { id: string } }>(
    collectionPath(':id'),
    { schema: { hide: true } },
    async (req, reply) => {
      const { id } = req.params;
      const page = await pages.get(`iiif collection ${id}`, async () => {
        if (!isUuid(id)) return undefined;
        const [view, covers] = await Promise.all([
          catalogue.public.galleryView(id),
          catalogue.public.galleryCards([id]),
        ]);
        if (!view) return undefined;
        const { views } = await bothLanguages(load, `/galleries/${id}`, (lang) =>
          galleryPageData(view, lang, urls),
        );
        const prints = view.prints.map((row) => ({
          id: row.print_id,
          title: row.title,
          picture: cardPicture(view.cards.get(row.print_id)?.image, urls.publicUrl),
        }));
        return JSON.stringify(galleryCollection(views, prints, cardPicture(covers.get(id), urls.publicUrl)));
      });
      return send(req, reply, page, 'Gallery');
    },
  );
}
