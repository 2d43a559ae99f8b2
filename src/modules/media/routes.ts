// POST /api/v1/artist/uploads: a signed, short-lived target the browser uploads an image to directly.
// GET /api/v1/artist/media/<key>: the signed-in artist's own image versions and tiles, drafts included (visitors
// only ever reach the public area; see visibility.ts).
import type { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { Storage } from '../../platform/storage/types.js';
import { requireArtist } from '../../platform/auth-context.js';
import { NotFoundError } from '../../platform/errors.js';
import { DEFAULT_CONTENT_TYPE, contentTypeFromKey } from '../../platform/storage/content-types.js';
import { isValidKey } from '../../platform/storage/keys.js';
import { artistOwnsImage } from './repository.js';
import { createUpload } from './uploads.js';
import { imageIdOfKey, PRIVATE_AREA, type ImageArea } from './visibility.js';

/** The artist's browser may keep a file an hour; keys are immutable (a new run writes a new generation). */
const ARTIST_CACHE_CONTROL = 'private, max-age=3600';

export interface MediaRoutesOptions {
  config: Config;
  database: DatabaseHandle;
  storage: Storage;
}

export const mediaRoutes: FastifyPluginAsync<MediaRoutesOptions> = async (
  parent,
  { config, database, storage },
) => {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/v1/artist/uploads',
    {
      schema: {
        tags: ['artist'],
        summary:
          'A signed upload target for an image file (send the file straight to storage, then attach its uploadId to a print)',
        security: [{ bearerAuth: [] as string[] }, { sessionCookie: [] as string[] }] as Array<
          Record<string, string[]>
        >,
        body: Type.Object(
          {
            filename: Type.String({ minLength: 1, maxLength: 255 }),
            contentType: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 100,
                description:
                  'What the client says the file is (a hint: any value, e.g. application/octet-stream, is fine; the ' +
                  "file's bytes decide when the upload is attached to a print)",
              }),
            ),
            size: Type.Integer({ minimum: 1 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            uploadId: Type.String({ format: 'uuid' }),
            method: Type.Union([Type.Literal('PUT'), Type.Literal('POST')]),
            url: Type.String(),
            fields: Type.Record(Type.String(), Type.String()),
            headers: Type.Record(Type.String(), Type.String()),
            expiresAt: Type.String({ format: 'date-time' }),
            maxBytes: Type.Integer(),
          }),
        },
      },
    },
    async (req, reply) => {
      const artist = requireArtist(req);
      const { uploadId, target } = await createUpload(
        database.db,
        storage,
        { maxBytes: config.storage.uploadMaxBytes, ttlSeconds: config.storage.uploadUrlTtlSeconds },
        artist.id,
        req.body,
      );
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({
        uploadId,
        method: target.method,
        url: target.url,
        fields: { ...target.fields },
        headers: { ...target.headers },
        expiresAt: target.expiresAt.toISOString(),
        maxBytes: target.maxBytes,
      });
    },
  );

  parent.route<{ Params: { '*': string } }>({
    method: ['GET', 'HEAD'],
    url: '/api/v1/artist/media/*',
    exposeHeadRoute: false,
    schema: { hide: true },
    handler: async (req, reply) => {
      const artist = requireArtist(req);
      const key = req.params['*'];
      const imageId = isValidKey(key) ? imageIdOfKey(key) : undefined;
      const own = imageId !== undefined && (await artistOwnsImage(database.db, artist.id, imageId));
      if (!own) throw new NotFoundError('No such file');
      // Private first (drafts, and every file while it is being processed), then public (published prints);
      // a file moved by a publish in between is found in the other area.
      for (const area of [PRIVATE_AREA, 'public'] satisfies ImageArea[]) {
        const info = await storage.head(area, key);
        if (!info) continue;
        const match = req.headers['if-none-match'];
        const notModified =
          info.etag !== undefined &&
          match !== undefined &&
          match.split(',').some((tag) => [info.etag, '*'].includes(tag.trim()));
        let stream: Readable | undefined;
        if (req.method === 'GET' && !notModified) {
          try {
            stream = await storage.getStream(area, key);
          } catch (error) {
            if (error instanceof NotFoundError) continue;
            throw error;
          }
        }
        reply
          .header('cache-control', ARTIST_CACHE_CONTROL)
          .header('content-type', contentTypeFromKey(key) ?? info.contentType ?? DEFAULT_CONTENT_TYPE)
          .header('x-content-type-options', 'nosniff')
          .header('last-modified', info.lastModified.toUTCString());
        if (info.etag !== undefined) reply.header('etag', info.etag);
        if (notModified) return reply.code(304).send();
        reply.header('content-length', String(info.size));
        return reply.code(200).send(stream);
      }
      throw new NotFoundError('No such file');
    },
  });
};
