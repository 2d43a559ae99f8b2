// Artist API /api/v1/artist: the signed-in artist's own galleries, prints, impressions, tags, vocabulary and
// settings. Every handler starts with requireArtist; another artist's ids answer 404.
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, requireArtist } from '../../platform/auth-context.js';
import { BadRequestError } from '../../platform/errors.js';
import { refuseNul } from '../../platform/nul.js';
import type { Catalogue, UploadedImage } from './index.js';
import {
  AddPrintBody,
  ArtistGallery,
  ArtistGalleryDetail,
  ArtistGalleryList,
  ArtistListQuery,
  ArtistPrintDetail,
  ArtistPrintList,
  ArtistPrintListQuery,
  BulkEditBody,
  BulkEditResponse,
  ErrorResponse,
  ExhibitionCreate,
  ExhibitionIdParams,
  ExhibitionList,
  ExhibitionOut,
  ExhibitionUpdate,
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
  ImportQuery,
  ImportResultOut,
  LanguageQuery,
  MovePrintBody,
  PrintCreateQuery,
  PrintIdParams,
  PrintImageAdd,
  PrintImageAdded,
  PrintImageList,
  PrintImageOrder,
  PrintImageParams,
  PrintImageUpdate,
  PlateStateCreate,
  PlateStateImpressions,
  PlateStateList,
  PlateStateOne,
  PlateStateParams,
  PlateStateUpdate,
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
import { sniffUploadStream } from '../media/upload-type.js';
import type { MultipartFile } from '@fastify/multipart';
import { Compile } from 'typebox/compile';
import { normalizeErrors } from './validation.js';
import { sendCsv } from '../../platform/csv/index.js';
import { AppError } from '../../platform/errors.js';
import { COLUMN_NAMES, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from './inventory-csv.js';

const tags = ['artist'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];
const common = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse };

/** The multipart form of POST /prints, documented; the handler parses and validates it against PrintInput. */
const PrintMultipart = Type.Object(
  {
    image: Type.String({
      format: 'binary',
      description:
        'The image: JPEG, PNG, HEIC/HEIF, TIFF or WebP, recognised by its content (any declared type, e.g. application/octet-stream)',
    }),
    title: Type.Optional(Type.String({ description: 'Text, or JSON {"da": …, "en": …}' })),
    metadata: Type.Optional(Type.String({ description: 'All PrintInput fields as one JSON object' })),
  },
  { additionalProperties: true, [PARSED_BY_HANDLER]: true },
);

const checkPrintInput = Compile(PrintInput);
const NUMERIC_FIELDS = new Set(['year', 'editionSize', 'artistProofs', 'price']);

/** Multipart text fields → PrintInput: JSON-looking values are parsed, numbers converted, then validated. */
function formToInput(fields: Record<string, string>): PrintInputBody {
  // The multipart form is parsed here, not before the app's own check: same rule, no NUL characters.
  refuseNul('body', fields);
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
  service: Catalogue;
  uploadMaxBytes: number;
}> = async (app, { service, uploadMaxBytes }) => {
  // 401 before anything else (validation included); handlers call requireArtist again for the artist's id.
  app.addHook('onRequest', async (req) => {
    requireArtist(req);
  });
  // A spreadsheet sent as the body (the inventory import); read whole, up to the import's size cap.
  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES },
    (_req, body, done) => done(null, body),
  );

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
    async (req) => service.galleries.list(actorOf(req), req.query.language ?? 'en', req.query),
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
      return reply
        .code(201)
        .send(await service.galleries.create(actor, req.body, req.query.language ?? 'en'));
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
    async (req) => service.galleries.get(actorOf(req), req.params.galleryId, req.query.language ?? 'en'),
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
      service.galleries.update(actorOf(req), req.params.galleryId, req.body, req.query.language ?? 'en'),
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
      await service.galleries.delete(actorOf(req), req.params.galleryId);
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
      service.galleries.prints(actorOf(req), req.params.galleryId, req.query.language ?? 'en', req.query),
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
      await service.galleries.reorder(actor, req.params.galleryId, req.body.printOrders);
      return service.galleries.prints(actor, req.params.galleryId, req.query.language ?? 'en', {
        limit: 100,
      });
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
      const result = await service.galleries.addPrint(
        actor,
        req.params.galleryId,
        req.params.printId,
        req.body.order,
      );
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
      await service.galleries.removePrint(actorOf(req), req.params.galleryId, req.params.printId);
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
      await service.galleries.movePrint(actor, req.params.galleryId, req.params.printId, req.body.position);
      return service.galleries.prints(actor, req.params.galleryId, req.query.language ?? 'en', {
        limit: 100,
      });
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
    async (req) => service.prints.list(actorOf(req), req.query.language ?? 'en', req.query),
  );

  app.get(
    '/prints/export.csv',
    {
      schema: {
        tags,
        security,
        summary: 'The whole inventory as CSV (UTF-8 with BOM, RFC 4180), one row per print',
        description:
          `Columns: ${COLUMN_NAMES.join(', ')}. The same columns are read by POST /prints/import ` +
          '(docs/inventory-spreadsheet.md describes each). Cells starting with = + - @ are prefixed with an apostrophe.',
        operationId: 'exportArtistPrintsCsv',
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
      return sendCsv(reply, await service.inventory.exportCsv(actorOf(req)));
    },
  );

  app.post(
    '/prints/import',
    {
      schema: {
        tags,
        security,
        summary:
          'Import a spreadsheet of prints (the export’s columns): ?dryRun=true answers what would happen; otherwise all of it is applied in one transaction, or nothing',
        description:
          `Send the CSV as the body (text/csv) or as the "file" field of multipart/form-data; comma-, semicolon- or ` +
          `tab-separated, UTF-8 (with or without BOM) or Windows-1252; at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB ` +
          `and ${IMPORT_MAX_ROWS} rows. Rows match prints by inventory_number, else by id; other rows create drafts. ` +
          'A refused row (reasons per column) refuses the whole import with 422.',
        operationId: 'importArtistPrints',
        querystring: ImportQuery,
        body: {
          content: {
            'text/csv': { schema: Type.String({ [PARSED_BY_HANDLER]: true }) },
            'multipart/form-data': {
              schema: Type.Object(
                { file: Type.String({ format: 'binary', description: 'The CSV file' }) },
                { [PARSED_BY_HANDLER]: true },
              ),
            },
          },
        },
        response: {
          200: ImportResultOut,
          400: ErrorResponse,
          401: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (req) => {
      let file: Uint8Array;
      if (req.isMultipart()) {
        let found: Buffer | undefined;
        for await (const part of req.parts({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5 } })) {
          if (part.type !== 'file') continue;
          if (part.fieldname !== 'file') {
            part.file.resume();
            throw new BadRequestError(`body.${part.fieldname}: unknown file field (send the CSV as "file")`, {
              field: 'file',
            });
          }
          found = await part.toBuffer().catch((error: unknown) => {
            if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
              throw new AppError(
                'PAYLOAD_TOO_LARGE',
                `file: the file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; split it into smaller files`,
                { field: 'file' },
              );
            }
            throw error;
          });
        }
        if (!found) throw new BadRequestError('body.file: the CSV file is required', { field: 'file' });
        file = found;
      } else if (Buffer.isBuffer(req.body)) {
        file = req.body;
      } else {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the CSV as the body with Content-Type text/csv, or as the "file" field of multipart/form-data',
          { field: 'file' },
        );
      }
      return service.inventory.import(actorOf(req), file, { dryRun: req.query.dryRun ?? false });
    },
  );

  app.post(
    '/prints/bulk',
    {
      schema: {
        tags,
        security,
        summary:
          'Set or clear year, technique, paper, availability, tags, galleries or status of many prints at once',
        description:
          'Give `printIds` (at most 1000) or `filter`. With `dryRun: true` the answer is the plan and nothing ' +
          'changes; with `dryRun: false` the same plan is applied in one transaction, with one audit event per ' +
          'changed print. The publishing gate applies per print: a refused print is left as it is (`outcome: ' +
          'refused`, with the reason and what is `missing`) and the others are changed. Ids that are not your ' +
          'prints are reported as `notFound`.',
        operationId: 'bulkEditPrints',
        body: BulkEditBody,
        response: { 200: BulkEditResponse, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req) => service.bulk.edit(actorOf(req), req.body),
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
        querystring: PrintCreateQuery,
        body: {
          content: {
            'multipart/form-data': { schema: PrintMultipart },
            'application/json': { schema: PrintInput },
          },
        },
        response: {
          200: ArtistPrintDetail,
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
        if (req.query.attachByFileName && body.uploadId) {
          const attached = await service.prints.attachAwaited(actor, body.uploadId, lang);
          if (attached) return reply.code(200).send(attached);
        }
        const input = { ...body, language: body.language ?? req.query.language };
        return reply.code(201).send(await service.prints.create(actor, input, lang));
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
      // The type comes from the file's first bytes, not from the part's declared type (often
      // application/octet-stream or a guess from the file name): a non-image is refused here with the reason.
      let sniffed: { contentType: string; stream: Readable };
      try {
        sniffed = await sniffUploadStream(file.file);
      } catch (error) {
        file.file.resume();
        throw error;
      }
      const image: UploadedImage = {
        stream: sniffed.stream,
        filename: file.filename,
        contentType: sniffed.contentType,
      };
      const created = await service.prints.createWithImage(actor, input, image, lang);
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
    async (req) => service.prints.get(actorOf(req), req.params.printId, req.query.language ?? 'en'),
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
        response: {
          200: ArtistPrintDetail,
          ...common,
          409: ErrorResponse,
          // An attached uploadId whose file is too large or no supported image.
          413: ErrorResponse,
          415: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (req) => {
      const body = { ...req.body, language: req.body.language ?? req.query.language };
      return service.prints.update(actorOf(req), req.params.printId, body, req.query.language ?? 'en');
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
      await service.prints.delete(actorOf(req), req.params.printId);
      return reply.code(204).send(null);
    },
  );

  // ---- a print's images (decision 024) ----
  app.get(
    '/prints/:printId/images',
    {
      schema: {
        tags,
        security,
        summary: "The print's images: the primary first, then the additional ones in their order",
        operationId: 'listPrintImages',
        params: PrintIdParams,
        response: { 200: PrintImageList, ...common },
      },
    },
    async (req) => service.images.list(actorOf(req), req.params.printId),
  );

  app.post(
    '/prints/:printId/images',
    {
      schema: {
        tags,
        security,
        summary: 'Add an image to a print (a finished direct upload; processed like the primary image)',
        operationId: 'addPrintImage',
        params: PrintIdParams,
        body: PrintImageAdd,
        response: {
          201: PrintImageAdded,
          ...common,
          409: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const added = await service.images.add(actorOf(req), req.params.printId, req.body);
      return reply.code(201).send(added);
    },
  );

  app.put(
    '/prints/:printId/images/order',
    {
      schema: {
        tags,
        security,
        summary: 'Reorder the additional images of a print',
        operationId: 'reorderPrintImages',
        params: PrintIdParams,
        body: PrintImageOrder,
        response: { 200: PrintImageList, ...common, 422: ErrorResponse },
      },
    },
    async (req) => service.images.reorder(actorOf(req), req.params.printId, req.body.imageIds),
  );

  app.patch(
    '/prints/:printId/images/:imageId',
    {
      schema: {
        tags,
        security,
        summary: "Set an image's role, alt text (the primary's is the print's) or place",
        operationId: 'updatePrintImage',
        params: PrintImageParams,
        body: PrintImageUpdate,
        response: { 200: PrintImageList, ...common, 409: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (req) => service.images.update(actorOf(req), req.params.printId, req.params.imageId, req.body),
  );

  app.post(
    '/prints/:printId/images/:imageId/primary',
    {
      schema: {
        tags,
        security,
        summary: "Make a processed additional image the print's primary image",
        operationId: 'makePrintImagePrimary',
        params: PrintImageParams,
        response: { 200: PrintImageList, ...common, 409: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (req) => service.images.makePrimary(actorOf(req), req.params.printId, req.params.imageId),
  );

  app.delete(
    '/prints/:printId/images/:imageId',
    {
      schema: {
        tags,
        security,
        summary: 'Remove an additional image and its files',
        operationId: 'removePrintImage',
        params: PrintImageParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...common, 409: ErrorResponse },
      },
    },
    async (req, reply) => {
      await service.images.remove(actorOf(req), req.params.printId, req.params.imageId);
      return reply.code(204).send(null);
    },
  );

  // ---- a print's plate states (decision 025) ----
  app.get(
    '/prints/:printId/states',
    {
      schema: {
        tags,
        security,
        summary: "The plate's states, I first, with their state proof and the impressions pulled from each",
        operationId: 'listPlateStates',
        params: PrintIdParams,
        response: { 200: PlateStateList, ...common },
      },
    },
    async (req) => service.states.list(actorOf(req), req.params.printId),
  );

  app.post(
    '/prints/:printId/states',
    {
      schema: {
        tags,
        security,
        summary: 'Record a state of the plate (without number: the one after the highest)',
        operationId: 'createPlateState',
        params: PrintIdParams,
        body: PlateStateCreate,
        response: { 201: PlateStateOne, ...common, 409: ErrorResponse },
      },
    },
    async (req, reply) => {
      const created = await service.states.create(actorOf(req), req.params.printId, req.body);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/prints/:printId/states/:stateId',
    {
      schema: {
        tags,
        security,
        summary: "Change a state's number, date, description, state proof or impressions",
        operationId: 'updatePlateState',
        params: PlateStateParams,
        body: PlateStateUpdate,
        response: { 200: PlateStateOne, ...common, 409: ErrorResponse },
      },
    },
    async (req) => service.states.update(actorOf(req), req.params.printId, req.params.stateId, req.body),
  );

  app.put(
    '/prints/:printId/states/:stateId/impressions',
    {
      schema: {
        tags,
        security,
        summary:
          'Set which impressions were pulled from a state (every one listed; others no longer name it)',
        operationId: 'assignPlateStateImpressions',
        params: PlateStateParams,
        body: PlateStateImpressions,
        response: { 200: PlateStateOne, ...common },
      },
    },
    async (req) =>
      service.states.assignImpressions(
        actorOf(req),
        req.params.printId,
        req.params.stateId,
        req.body.impressionIds,
      ),
  );

  app.delete(
    '/prints/:printId/states/:stateId',
    {
      schema: {
        tags,
        security,
        summary: 'Remove a state (its impressions no longer name a state; its image stays)',
        operationId: 'removePlateState',
        params: PlateStateParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...common },
      },
    },
    async (req, reply) => {
      await service.states.remove(actorOf(req), req.params.printId, req.params.stateId);
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
    async (req) => service.editions.list(actorOf(req), req.params.printId, req.query.language ?? 'en'),
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
      const created = await service.editions.create(actorOf(req), req.params.printId, req.body);
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
      service.editions.update(actorOf(req), req.params.printId, req.params.impressionId, req.body),
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
      await service.editions.delete(actorOf(req), req.params.printId, req.params.impressionId);
      return reply.code(204).send(null);
    },
  );

  // ---- exhibitions (the CV) ----
  app.get(
    '/exhibitions',
    {
      schema: {
        tags,
        security,
        summary: "The artist's exhibitions, newest first, with the prints shown at each",
        operationId: 'getExhibitions',
        querystring: ArtistListQuery,
        response: { 200: ExhibitionList, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req) => service.exhibitions.list(actorOf(req), req.query),
  );

  app.post(
    '/exhibitions',
    {
      schema: {
        tags,
        security,
        summary: 'Record an exhibition (solo, group, art fair, museum acquisition or award)',
        operationId: 'createExhibition',
        body: ExhibitionCreate,
        response: { 201: ExhibitionOut, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await service.exhibitions.create(actorOf(req), req.body)),
  );

  app.get(
    '/exhibitions/:exhibitionId',
    {
      schema: {
        tags,
        security,
        summary: 'An exhibition',
        operationId: 'getExhibition',
        params: ExhibitionIdParams,
        response: { 200: ExhibitionOut, ...common },
      },
    },
    async (req) => service.exhibitions.get(actorOf(req), req.params.exhibitionId),
  );

  app.put(
    '/exhibitions/:exhibitionId',
    {
      schema: {
        tags,
        security,
        summary: 'Update an exhibition; printIds, when given, replaces the prints shown',
        operationId: 'updateExhibition',
        params: ExhibitionIdParams,
        body: ExhibitionUpdate,
        response: { 200: ExhibitionOut, ...common },
      },
    },
    async (req) => service.exhibitions.update(actorOf(req), req.params.exhibitionId, req.body),
  );

  app.delete(
    '/exhibitions/:exhibitionId',
    {
      schema: {
        tags,
        security,
        summary: 'Delete an exhibition (the prints stay)',
        operationId: 'deleteExhibition',
        params: ExhibitionIdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...common },
      },
    },
    async (req, reply) => {
      await service.exhibitions.delete(actorOf(req), req.params.exhibitionId);
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
    async (req) => service.vocabulary.tags(actorOf(req)),
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
    async (req, reply) => reply.code(201).send(await service.vocabulary.addTerm(actorOf(req), req.body)),
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
    async (req) => service.settings.get(actorOf(req)),
  );

  app.put(
    '/settings',
    {
      schema: {
        tags,
        security,
        summary:
          'Update settings (a watermark or zoom limit change queues regeneration of the displayed images)',
        description:
          'Blank profileName, copyrightLine and watermarkText are stored as null (not set). The displayed images ' +
          'are regenerated when the watermark drawn on them changes: its text or placement, or — while the ' +
          'watermark text is not set — the copyright line or name it falls back to; and when zoomMaxPixels ' +
          'changes (the zoom tiles are cut again, none larger than the limit).',
        operationId: 'updateSettings',
        body: SettingsUpdate,
        response: { 200: SettingsOut, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req) => service.settings.update(actorOf(req), req.body),
  );
};
