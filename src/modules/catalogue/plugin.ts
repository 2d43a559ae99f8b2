// The catalogue: public API and artist API for prints, galleries, impressions, vocabulary, settings.
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { Storage } from '../../platform/storage/types.js';
import type { Queue } from '../../platform/queue/index.js';

export interface CatalogueDeps {
  config: Config;
  database: DatabaseHandle;
  storage: Storage;
  queue: Queue | undefined;
}

export const cataloguePlugin: FastifyPluginAsync<CatalogueDeps> = async () => {};
