// The studio's downloads of the printmaker's business exports (issue 18, docs/exports.md), over the artist API's
// service: /studio/prints/price-list.pdf?lang=da|en[&gallery=<id>] and /studio/prints/impressions.csv. The prints
// list and each gallery's page link to them.
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireArtist } from '../../platform/auth-context.js';
import { sendCsv } from '../../platform/csv/index.js';
import { sendPdf } from '../../platform/pdf/reply.js';
import { BadRequestError, NotFoundError } from '../../platform/errors.js';
import { isLanguage } from '../../platform/i18n/index.js';
import { isUuid } from '../../platform/ids.js';
import type { StudioDeps } from './context.js';
import { queryString } from './forms.js';

/** The studio's address of the price list in `lang`, of one gallery when given. */
export const priceListHref = (lang: 'da' | 'en', galleryId?: string) =>
  `/studio/prints/price-list.pdf?lang=${lang}${galleryId ? `&gallery=${galleryId}` : ''}`;
export const LEDGER_CSV_HREF = '/studio/prints/impressions.csv';

export const exportPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  const service = () => {
    if (!deps.exports) throw new NotFoundError('Exports are not available');
    return deps.exports;
  };

  app.get('/studio/prints/price-list.pdf', { schema: { hide: true } }, async (req, reply) => {
    requireArtist(req);
    const lang = queryString(req.query, 'lang');
    const gallery = queryString(req.query, 'gallery');
    if (lang && !isLanguage(lang)) throw new BadRequestError('lang: must be da or en', { field: 'lang' });
    if (gallery && !isUuid(gallery))
      throw new BadRequestError('gallery: must be a gallery id', { field: 'gallery' });
    const list = await service().priceList(actorOf(req), {
      ...(lang && isLanguage(lang) ? { lang } : {}),
      ...(gallery ? { galleryId: gallery } : {}),
    });
    return sendPdf(reply, list, 'attachment');
  });

  app.get(LEDGER_CSV_HREF, { schema: { hide: true } }, async (req, reply) => {
    requireArtist(req);
    return sendCsv(reply, await service().ledgerCsv(actorOf(req)));
  });
};
