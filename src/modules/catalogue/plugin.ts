// The catalogue: public API and artist API for prints, galleries, impressions, vocabulary, settings.
import type { FastifyPluginAsync } from 'fastify';
import multipart from '@fastify/multipart';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { Storage } from '../../platform/storage/types.js';
import type { Queue } from '../../platform/queue/index.js';
import type { Catalogue } from './index.js';
import { publicRoutes } from './routes-public.js';
import { artistRoutes } from './routes-artist.js';
import { catalogueValidatorCompiler } from './validation.js';

export interface CatalogueDeps {
  config: Config;
  database: DatabaseHandle;
  storage: Storage;
  queue: Queue | undefined;
  /** The app's one catalogue service (shared with the studio, so every change clears the same public cache). */
  service: Catalogue;
}

export const cataloguePlugin: FastifyPluginAsync<CatalogueDeps> = async (app, deps) => {
  const { service } = deps;
  // Encapsulated: strict validation (unknown fields → 400) and multipart only for the catalogue's routes.
  app.setValidatorCompiler(catalogueValidatorCompiler);
  await app.register(multipart, {
    limits: { fileSize: deps.config.storage.uploadMaxBytes, files: 1, fields: 60, fieldSize: 64 * 1024 },
  });
  await app.register(publicRoutes, { prefix: '/api/v1', service });
  await app.register(artistRoutes, {
    prefix: '/api/v1/artist',
    service,
    uploadMaxBytes: deps.config.storage.uploadMaxBytes,
  });
};
