// Artist API: the printmaker's business exports (issue 18).
//   GET /api/v1/artist/price-list?lang=da|en&gallery=<id>   → application/pdf
//   GET /api/v1/artist/impressions/export.csv              → text/csv (the impression ledger)
// actorOf answers 401 without a signed-in artist; the service answers 404 for another artist's gallery.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/auth-context.js';
import { sendCsv } from '../../platform/csv/index.js';
import { sendPdf } from '../../platform/pdf/reply.js';
import { ErrorResponse } from '../catalogue/schemas.js';
import { LEDGER_COLUMNS } from './ledger-csv.js';
import type { ExportService } from './service.js';

const tags = ['artist'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];

export const PriceListQuery = Type.Object(
  {
    lang: Type.Optional(
      Type.Union([Type.Literal('da'), Type.Literal('en')], {
        description: "The list's language (default: the artist's default language)",
      }),
    ),
    gallery: Type.Optional(
      Type.String({ format: 'uuid', description: 'Only the prints of this gallery of yours, in its order' }),
    ),
  },
  { additionalProperties: false },
);

export const exportArtistRoutes: FastifyPluginAsyncTypebox<{ service: ExportService }> = async (
  app,
  { service },
) => {
  app.get(
    '/price-list',
    {
      schema: {
        tags,
        security,
        summary: 'The price list of your available prints (A4 PDF, Danish or English)',
        description:
          'Your published prints with at least one impression the ledger has as available, each with its picture, ' +
          'title, year, technique, plate size, edition size, the number of available impressions and the price: ' +
          "each available impression's own price, else the print's (a range when they differ; \"price on " +
          'request" without one). Drafts and sold-out prints are left out. docs/exports.md describes it.',
        operationId: 'getArtistPriceList',
        querystring: PriceListQuery,
        response: {
          200: {
            description: 'The price list',
            content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
          },
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const list = await service.priceList(actorOf(req), {
        ...(req.query.lang ? { lang: req.query.lang } : {}),
        ...(req.query.gallery ? { galleryId: req.query.gallery } : {}),
      });
      // The documented body is binary (format: binary), typed as a string by the type provider.
      return sendPdf(reply, list) as unknown as string;
    },
  );

  app.get(
    '/impressions/export.csv',
    {
      schema: {
        tags,
        security,
        summary: 'The impression ledger as CSV (UTF-8 with BOM, RFC 4180), one row per impression',
        description:
          `Columns: ${LEDGER_COLUMNS.map((c) => c.header).join(', ')} (docs/exports.md describes each). ` +
          'Every impression of your prints, private notes included. Cells starting with = + - @ are prefixed ' +
          'with an apostrophe.',
        operationId: 'exportArtistImpressionsCsv',
        response: {
          200: {
            description: 'The CSV file',
            content: { 'text/csv': { schema: Type.String() } },
          },
          401: ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      return sendCsv(reply, await service.ledgerCsv(actorOf(req)));
    },
  );
};
