// Artist API /api/v1/artist: the signed-in artist's own galleries, prints, impressions, tags, vocabulary and
// settings. Every handler starts with requireArtist; another artist's ids answer 404.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireArtist } from '../../platform/auth-context.js';
import { BadRequestError } from '../../platform/errors.js';
import type { Actor, CatalogueService, UploadedImage } from './service.js';
import {
  AddPrintBody,
  ArtistGallery,
  ArtistGalleryDetail,
  ArtistGalleryList,
  ArtistListQuery,
  ArtistPrintDetail,
  ArtistPrintList,
  ArtistPrintListQuery,
  ErrorResponse,
  GalleryCreate,
  GalleryIdParams,
  GalleryPrintParams,
  GalleryPrintsList,
  GalleryUpdate,
  ImpressionCreate,
  ImpressionList,
  ImpressionOut,
  ImpressionParams,
  ImpressionUpdate,
  LanguageQuery,
  MovePrintBody,
  PrintIdParams,
  PrintInput,
  PrintOrders,
  SettingsOut,
  SettingsUpdate,
  TagList,
  VocabularyCreate,
  VocabularyTermOut,
  type PrintInputBody,
} from './schemas.js';
import { PARSED_BY_HANDLER } from './validation.js';
import type { MultipartFile } from '@fastify/multipart';
import { Compile } from 'typebox/compile';
import { normalizeErrors } from './validation.js';

const tags = ['artist'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];
const common = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse };

function actorOf(req: FastifyRequest): Actor {
  const artist = requireArtist(req);
  return { artistId: artist.id, actor: artist.email, requestId: req.id };
}

/** The multipart form of POST /prints, documented; the handler parses and validates it against PrintInput. */
const PrintMultipart = Type.Object(
  {
    image: Type.String({ format: 'binary', description: 'The image: JPEG, PNG, HEIC/HEIF, TIFF or WebP' }),
    title: Type.Optional(Type.String({ description: 'Text, or JSON {"da": …, "en": …}' })),
    metadata: Type.Optional(Type.String({ description: 'All PrintInput fields as one JSON object' })),
  },
  { additionalProperties: true, [PARSED_BY_HANDLER]: true },
);

const checkPrintInput = Compile(PrintInput);
const NUMERIC_FIELDS = new Set(['year', 'editionSize', 'artistProofs', 'price']);

/** Multipart text fields → PrintInput: JSON-looking values are parsed, numbers converted, then validated. */
function formToInput(fields: Record<string, string>): PrintInputBody {
  let input: Record<string, unknown> = {};
  if (fields.metadata !== undefined) {
    try {
      input = JSON.parse(fields.metadata) as Record<string, unknown>;
    } catch {
      throw new BadRequestError('body.metadata: is not valid JSON');
    }
  }
  for (const [name, raw] of Object.entries(fields)) {
    if (name === 'metadata') continue;
    let value: unknown = raw;
    const t = raw.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        value = JSON.parse(t);
      } catch {
        throw new BadRequestError(`body.${name}: is not valid JSON`);
      }
    } else if (NUMERIC_FIELDS.has(name) && t !== '' && !Number.isNaN(Number(t))) value = Number(t);
    else if (name === 'editionInfo' && /^\d+$/.test(t)) value = Number(t);
    // Legacy snake_case names of the contract's multipart form.
    const key = name === 'artist_name' ? 'artistName' : name === 'style_movement' ? 'styleMovement' : name;
    input[key] = value;
  }
  if (!checkPrintInput.Check(input)) {
    const [e] = normalizeErrors(checkPrintInput.Errors(input) as never);
    throw new BadRequestError(
      `body${e?.instancePath.replaceAll('/', '.') ?? ''}: ${e?.message ?? 'is invalid'}`,
    );
  }
  return input as PrintInputBody;
}

export const artistRoutes: FastifyPluginAsyncTypebox<{
  service: CatalogueService;
  uploadMaxBytes: number;
}> = async (app, { service, uploadMaxBytes }) => {
  // 401 before anything else (validation included); handlers call requireArtist again for the artist's id.
  app.addHook('onRequest', async (req) => {
    requireArtist(req);
  });

  // ---- galleries ----
  app.get(
    '/galleries',
    {
      schema: {
        tags,
        security,
        summary: "List the artist's galleries (drafts included)",
        operationId: 'getArtistGalleries',
        querystring: ArtistListQuery,
        response: { 200: ArtistGalleryList, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req) => service.galleries(actorOf(req), req.query.language ?? 'en', req.query),
  );

  app.post(
    '/galleries',
    {
      schema: {
        tags,
        security,
        summary: 'Create a gallery (title as text in `language`, or {da, en})',
        operationId: 'createGallery',
        querystring: LanguageQuery,
        body: GalleryCreate,
        response: { 201: ArtistGallery, ...common, 422: ErrorResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return reply.code(201).send(await service.createGallery(actor, req.body, req.query.language ?? 'en'));
    },
  );

  app.get(
    '/galleries/:galleryId',
    {
      schema: {
        tags,
        security,
        summary: 'A gallery of the artist with all its prints in order',
        operationId: 'getArtistGalleryDetails',
        params: GalleryIdParams,
        querystring: LanguageQuery,
        response: { 200: ArtistGalleryDetail, ...common },
      },
    },
    async (req) => service.gallery(actorOf(req), req.params.galleryId, req.query.language ?? 'en'),
  );

  app.put(
    '/galleries/:galleryId',
    {
      schema: {
        tags,
        security,
        summary: 'Update a gallery (publishing needs the title in Danish and English)',
        operationId: 'updateGallery',
        params: GalleryIdParams,
        querystring: LanguageQuery,
        body: GalleryUpdate,
        response: { 200: ArtistGallery, ...common, 422: ErrorResponse },
      },
    },
    async (req) =>
      service.updateGallery(actorOf(req), req.params.galleryId, req.body, req.query.language ?? 'en'),
  );

  app.delete(
    '/galleries/:galleryId',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a gallery (its prints stay)',
        operationId: 'deleteGallery',
        params: GalleryIdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...common },
      },
    },
    async (req, reply) => {
      await service.deleteGallery(actorOf(req), req.params.galleryId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/galleries/:galleryId/prints',
    {
      schema: {
        tags,
        security,
        summary: 'Prints in a gallery with their order',
        operationId: 'getGalleryPrints',
        params: GalleryIdParams,
        querystring: ArtistListQuery,
        response: { 200: GalleryPrintsList, ...common },
      },
    },
    async (req) =>
      service.galleryPrints(actorOf(req), req.params.galleryId, req.query.language ?? 'en', req.query),
  );

  app.put(
    '/galleries/:galleryId/prints',
    {
      schema: {
        tags,
        security,
        summary: 'Reorder every print of a gallery at once (orders 1..n, each print once)',
        operationId: 'updatePrintOrder',
        params: GalleryIdParams,
        querystring: LanguageQuery,
        body: PrintOrders,
        response: { 200: GalleryPrintsList, ...common },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await service.reorder(actor, req.params.galleryId, req.body.printOrders);
      return service.galleryPrints(actor, req.params.galleryId, req.query.language ?? 'en', { limit: 100 });
    },
  );

  app.post(
    '/galleries/:galleryId/prints/:printId',
    {
      schema: {
        tags,
        security,
        summary: 'Add a print to a gallery, at `order` or at the end (409 when already there)',
        operationId: 'addPrintToGallery',
        params: GalleryPrintParams,
        body: AddPrintBody,
        response: {
          201: Type.Object({ printId: Type.String({ format: 'uuid' }), order: Type.Integer() }),
          ...common,
          409: ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const result = await service.addPrint(actor, req.params.galleryId, req.params.printId, req.body.order);
      return reply.code(201).send(result);
    },
  );

  app.delete(
    '/galleries/:galleryId/prints/:printId',
    {
      schema: {
        tags,
        security,
        summary: 'Remove a print from a gallery (the order closes up)',
        operationId: 'deletePrintFromGallery',
        params: GalleryPrintParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...common },
      },
    },
    async (req, reply) => {
      await service.removePrint(actorOf(req), req.params.galleryId, req.params.printId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/galleries/:galleryId/prints/:printId/move',
    {
      schema: {
        tags,
        security,
        summary: 'Move one print to a position (1..n); the others shift',
        operationId: 'movePrintInGallery',
        params: GalleryPrintParams,
        querystring: LanguageQuery,
        body: MovePrintBody,
        response: { 200: GalleryPrintsList, ...common },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await service.movePrint(actor, req.params.galleryId, req.params.printId, req.body.position);
      return service.galleryPrints(actor, req.params.galleryId, req.query.language ?? 'en', { limit: 100 });
    },
  );

  // ---- prints ----
  app.get(
    '/prints',
    {
      schema: {
        tags,
        security,
        summary:
          "List the artist's prints (drafts included; filters as on the public API plus status, galleryId)",
        operationId: 'getArtistPrints',
        querystring: ArtistPrintListQuery,
        response: { 200: ArtistPrintList, ...common },
      },
    },
    async (req) => service.prints(actorOf(req), req.query.language ?? 'en', req.query),
  );

  app.post(
    '/prints',
    {
      schema: {
        tags,
        security,
        summary:
          'Create a print: multipart (image + metadata, answers 202 while the image is processed) or JSON (201)',
        operationId: 'createPrint',
        querystring: LanguageQuery,
        body: {
          content: {
            'multipart/form-data': { schema: PrintMultipart },
            'application/json': { schema: PrintInput },
          },
        },
        response: {
          201: ArtistPrintDetail,
          202: ArtistPrintDetail,
          ...common,
          413: ErrorResponse,
          415: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const lang = req.query.language ?? 'en';
      if (!req.isMultipart()) {
        const body = req.body as PrintInputBody;
        const input = { ...body, language: body.language ?? req.query.language };
        return reply.code(201).send(await service.createPrint(actor, input, lang));
      }
      const fields: Record<string, string> = {};
      let file: MultipartFile | undefined;
      // Text fields must come before the file (the file is streamed straight to storage).
      const parts = req.parts({
        limits: { fileSize: uploadMaxBytes, files: 1, fields: 60, fieldSize: 64 * 1024 },
      });
      for await (const part of parts) {
        if (part.type === 'file') {
          if (part.fieldname !== 'image') {
            part.file.resume();
            throw new BadRequestError(
              `body.${part.fieldname}: unknown file field (send the image as "image")`,
            );
          }
          file = part;
          break;
        }
        fields[part.fieldname] = String(part.value);
      }
      if (!file) throw new BadRequestError('body.image: the image file is required');
      if (!fields.language && req.query.language) fields.language = req.query.language;
      let input: PrintInputBody;
      try {
        input = formToInput(fields);
      } catch (error) {
        file.file.resume();
        throw error;
      }
      const image: UploadedImage = { stream: file.file, filename: file.filename, contentType: file.mimetype };
      const created = await service.createPrintWithImage(actor, input, image, lang);
      return reply.code(202).send(created);
    },
  );

  app.get(
    '/prints/:printId',
    {
      schema: {
        tags,
        security,
        summary: 'A print with every field in both languages, EXIF, image versions and the edition summary',
        operationId: 'getArtistPrintDetails',
        params: PrintIdParams,
        querystring: LanguageQuery,
        response: { 200: ArtistPrintDetail, ...common },
      },
    },
    async (req) => service.print(actorOf(req), req.params.printId, req.query.language ?? 'en'),
  );

  app.put(
    '/prints/:printId',
    {
      schema: {
        tags,
        security,
        summary: 'Update a print (fields not sent stay as they are; publishing is gated)',
        operationId: 'updatePrint',
        params: PrintIdParams,
        querystring: LanguageQuery,
        body: PrintInput,
        response: { 200: ArtistPrintDetail, ...common, 409: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (req) => {
      const body = { ...req.body, language: req.body.language ?? req.query.language };
      return service.updatePrint(actorOf(req), req.params.printId, body, req.query.language ?? 'en');
    },
  );

  app.delete(
    '/prints/:printId',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a print, its impressions, gallery places and image files',
        operationId: 'deletePrint',
        params: PrintIdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...common },
      },
    },
    async (req, reply) => {
      await service.deletePrint(actorOf(req), req.params.printId);
      return reply.code(204).send(null);
    },
  );

  // ---- impressions ----
  app.get(
    '/prints/:printId/impressions',
    {
      schema: {
        tags,
        security,
        summary: 'The edition ledger of a print',
        operationId: 'getImpressions',
        params: PrintIdParams,
        querystring: LanguageQuery,
        response: { 200: ImpressionList, ...common },
      },
    },
    async (req) => service.impressions(actorOf(req), req.params.printId, req.query.language ?? 'en'),
  );

  app.post(
    '/prints/:printId/impressions',
    {
      schema: {
        tags,
        security,
        summary: 'Record an impression (numbered ≤ edition size; 409 when the number exists)',
        operationId: 'createImpression',
        params: PrintIdParams,
        body: ImpressionCreate,
        response: { 201: ImpressionOut, ...common, 409: ErrorResponse },
      },
    },
    async (req, reply) => {
      const created = await service.createImpression(actorOf(req), req.params.printId, req.body);
      return reply.code(201).send(created);
    },
  );

  app.put(
    '/prints/:printId/impressions/:impressionId',
    {
      schema: {
        tags,
        security,
        summary: 'Update an impression',
        operationId: 'updateImpression',
        params: ImpressionParams,
        body: ImpressionUpdate,
        response: { 200: ImpressionOut, ...common, 409: ErrorResponse },
      },
    },
    async (req) =>
      service.updateImpression(actorOf(req), req.params.printId, req.params.impressionId, req.body),
  );

  app.delete(
    '/prints/:printId/impressions/:impressionId',
    {
      schema: {
        tags,
        security,
        summary: 'Delete an impression',
        operationId: 'deleteImpression',
        params: ImpressionParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...common },
      },
    },
    async (req, reply) => {
      await service.deleteImpression(actorOf(req), req.params.printId, req.params.impressionId);
      return reply.code(204).send(null);
    },
  );

  // ---- tags, vocabulary, settings ----
  app.get(
    '/tags',
    {
      schema: {
        tags,
        security,
        summary: "The artist's tags with how many prints carry each",
        operationId: 'getTags',
        response: { 200: TagList, 401: ErrorResponse },
      },
    },
    async (req) => service.tags(actorOf(req)),
  );

  app.post(
    '/vocabulary',
    {
      schema: {
        tags,
        security,
        summary: 'Add a vocabulary term in both languages (409 when the key exists)',
        operationId: 'createVocabularyTerm',
        body: VocabularyCreate,
        response: { 201: VocabularyTermOut, 400: ErrorResponse, 401: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await service.addVocabularyTerm(actorOf(req), req.body)),
  );

  app.get(
    '/settings',
    {
      schema: {
        tags,
        security,
        summary: 'Artist profile, copyright line, watermark and default language',
        operationId: 'getSettings',
        response: { 200: SettingsOut, 401: ErrorResponse },
      },
    },
    async (req) => service.settings(actorOf(req)),
  );

  app.put(
    '/settings',
    {
      schema: {
        tags,
        security,
        summary: 'Update settings (a watermark change queues regeneration of the displayed images)',
        description:
          'Blank profileName, copyrightLine and watermarkText are stored as null (not set). The displayed images ' +
          'are regenerated when the watermark drawn on them changes: its text or placement, or — while the ' +
          'watermark text is not set — the copyright line or name it falls back to.',
        operationId: 'updateSettings',
        body: SettingsUpdate,
        response: { 200: SettingsOut, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req) => service.updateSettings(actorOf(req), req.body),
  );
};
