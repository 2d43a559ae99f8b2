// Public API /api/v1: published galleries and prints only. Drafts answer 404 like ids that never existed.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Catalogue } from './index.js';
import {
  ErrorResponse,
  GalleryIdParams,
  LanguageQuery,
  PrintIdParams,
  PublicGalleryDetail,
  PublicGalleryList,
  PublicGalleryListQuery,
  PublicGalleryPrintsQuery,
  PublicPrintDetail,
  PublicPrintList,
  PublicPrintQuery,
  VocabularyList,
  VocabularyQuery,
} from './schemas.js';

const errors = { 400: ErrorResponse, 404: ErrorResponse };
const tags = ['public'];
/** Public answers may be cached briefly by browsers and the CDN; drafts never reach them. */
const CACHE = 'public, max-age=60';

export const publicRoutes: FastifyPluginAsyncTypebox<{ service: Catalogue }> = async (app, { service }) => {
  app.get(
    '/galleries',
    {
      schema: {
        tags,
        summary: 'List published galleries',
        operationId: 'getPublicGalleries',
        querystring: PublicGalleryListQuery,
        response: { 200: PublicGalleryList, 400: ErrorResponse },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      return service.public.galleries(req.query.language ?? 'en', req.query);
    },
  );

  app.get(
    '/galleries/:galleryId',
    {
      schema: {
        tags,
        summary: 'A published gallery with its published prints in order',
        operationId: 'getPublicGallery',
        params: GalleryIdParams,
        querystring: LanguageQuery,
        response: { 200: PublicGalleryDetail, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      return service.public.gallery(req.params.galleryId, req.query.language ?? 'en');
    },
  );

  app.get(
    '/galleries/:galleryId/prints',
    {
      schema: {
        tags,
        summary: 'Published prints of a published gallery (filters: technique, year, plateType, paperType)',
        operationId: 'getPublicGalleryPrints',
        params: GalleryIdParams,
        querystring: PublicGalleryPrintsQuery,
        response: { 200: PublicPrintList, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      return service.public.galleryPrints(req.params.galleryId, req.query.language ?? 'en', req.query);
    },
  );

  app.get(
    '/prints/:printId',
    {
      schema: {
        tags,
        summary: 'A published print with its image versions, edition summary and every public field',
        operationId: 'getPublicPrint',
        params: PrintIdParams,
        querystring: PublicPrintQuery,
        response: { 200: PublicPrintDetail, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      return service.public.print(req.params.printId, req.query.language ?? 'en', req.query.imageVersion);
    },
  );

  app.get(
    '/vocabulary',
    {
      schema: {
        tags,
        summary: 'The bilingual vocabulary: techniques, plate materials, availability …',
        operationId: 'getVocabulary',
        querystring: VocabularyQuery,
        response: { 200: VocabularyList, 400: ErrorResponse },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      return service.vocabulary.list(null, req.query.kind);
    },
  );
};
