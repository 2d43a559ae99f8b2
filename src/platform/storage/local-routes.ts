// Routes the app serves for storage when files are not on S3/CloudFront:
//   PUT /uploads/direct/:token  the browser's direct upload target (LocalStorage only)
//   GET|HEAD /media/*           public-area files, immutable cache headers, readable from any origin (CORS *: IIIF)
//                               (never originals/backups)
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config.js';
import { AppError, BadRequestError, errorBody } from '../errors.js';
import { DEFAULT_CONTENT_TYPE, PUBLIC_CACHE_CONTROL, contentTypeFromKey } from './content-types.js';
import { assertValidKey } from './keys.js';
import { LocalStorage } from './local.js';
import type { Storage } from './types.js';

export interface LocalStorageRoutesOptions {
  readonly storage: Storage;
  readonly config: Config;
}

function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  if (error.code === 'PAYLOAD_TOO_LARGE') reply.header('connection', 'close'); // do not read the rest of the body
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send(errorBody(error.code, error.message, error.details));
}

/** Passes at most max bytes through; refuses more (413) and an empty body (400). */
function limitBytes(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) callback(new AppError('PAYLOAD_TOO_LARGE', `Upload is larger than ${max} bytes`));
      else callback(null, chunk);
    },
    flush(callback) {
      callback(seen === 0 ? new BadRequestError('Upload is empty') : null);
    },
  });
}

export async function localStorageRoutes(
  app: FastifyInstance,
  options: LocalStorageRoutesOptions,
): Promise<void> {
  const { storage, config } = options;

  if (storage instanceof LocalStorage) {
    // Encapsulated: the catch-all parser hands the raw body stream over only for this route.
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

      // A wildcard, not ':token': Fastify caps parametric segments at maxParamLength (100) characters.
      scope.put<{ Params: { '*': string } }>('/uploads/direct/*', async (request, reply) => {
        let target;
        try {
          target = await storage.verifyUploadToken(request.params['*']);
        } catch (error) {
          if (error instanceof AppError) return sendError(reply, error);
          throw error;
        }
        // Any Content-Type (or none) is accepted: many clients cannot know a file's type, so the bytes are
        // judged when the upload is attached to a print (media/uploads.ts), as on S3.
        const limit = Math.min(target.maxBytes, config.storage.uploadMaxBytes);
        const declared = request.headers['content-length'];
        if (declared !== undefined) {
          const length = Number(declared);
          if (length > limit)
            return sendError(
              reply,
              new AppError('PAYLOAD_TOO_LARGE', `Upload is larger than ${limit} bytes`),
            );
          if (length === 0) return sendError(reply, new BadRequestError('Upload is empty'));
        }
        const body = request.body as Readable | undefined;
        if (!body || typeof body.pipe !== 'function')
          return sendError(reply, new BadRequestError('Upload is empty'));

        const limiter = limitBytes(limit);
        body.on('error', (error) => limiter.destroy(error));
        // put() reports the limiter's error; this listener keeps a late re-emit from going unhandled.
        limiter.on('error', () => undefined);
        body.pipe(limiter);
        try {
          await storage.put(target.area, target.key, limiter, { contentType: target.contentType });
        } catch (error) {
          body.unpipe(limiter);
          if (error instanceof AppError) return sendError(reply, error);
          throw error;
        }
        return reply.code(204).send();
      });
    });
  }

  app.route<{ Params: { '*': string } }>({
    method: ['GET', 'HEAD'],
    url: '/media/*',
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const key = request.params['*'];
      try {
        assertValidKey(key);
      } catch (error) {
        if (error instanceof AppError) return sendError(reply, error);
        throw error;
      }
      const notFound = (): FastifyReply =>
        sendError(reply, new AppError('RESOURCE_NOT_FOUND', 'No such file'));
      const info = await storage.head('public', key);
      if (!info) return notFound();

      const etag = info.etag;
      const match = request.headers['if-none-match'];
      const notModified =
        etag !== undefined &&
        match !== undefined &&
        match.split(',').some((tag) => [etag, '*'].includes(tag.trim()));
      let stream: Readable | undefined;
      if (request.method === 'GET' && !notModified) {
        try {
          stream = await storage.getStream('public', key);
        } catch (error) {
          if (error instanceof AppError && error.code === 'RESOURCE_NOT_FOUND') return notFound(); // deleted meanwhile
          throw error;
        }
      }
      // Public files: IIIF viewers on other sites read info.json and the tiles (decision 023).
      reply
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('cache-control', PUBLIC_CACHE_CONTROL)
        .header('content-type', contentTypeFromKey(key) ?? info.contentType ?? DEFAULT_CONTENT_TYPE)
        .header('x-content-type-options', 'nosniff')
        .header('last-modified', info.lastModified.toUTCString());
      if (etag !== undefined) reply.header('etag', etag);
      if (notModified) return reply.code(304).send();
      reply.header('content-length', String(info.size));
      return reply.code(200).send(stream);
    },
  });
}
