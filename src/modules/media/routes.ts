// POST /api/v1/artist/uploads: a signed, short-lived target the browser uploads an image to directly.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { Storage } from '../../platform/storage/types.js';
import { requireArtist } from '../../platform/auth-context.js';
import { createUpload } from './uploads.js';

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
            contentType: Type.String({ minLength: 3, maxLength: 100 }),
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
};
