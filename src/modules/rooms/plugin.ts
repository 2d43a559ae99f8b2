// Private viewing rooms (decision 015): the artist API and the room's own pages and files, over one service.
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import type { AssetCatalog } from '../../platform/assets.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { Storage } from '../../platform/storage/types.js';
import { loadAuthSecrets } from '../auth/secrets.js';
import { catalogueValidatorCompiler } from '../catalogue/validation.js';
import { contextLoader } from '../site/context.js';
import type { Catalogue } from '../catalogue/index.js';
import { roomArtistRoutes } from './routes-artist.js';
import { roomPublicRoutes } from './routes-public.js';
import { ViewingRoomService } from './service.js';
import { enquiryRateLimit } from '../auth/rate-limits.js';
import { enquiryFormKey } from '../enquiries/routes.js';
import type { EnquiryService } from '../enquiries/service.js';

export interface RoomsDeps {
  config: Config;
  database: DatabaseHandle;
  storage: Storage;
  assets: AssetCatalog;
  catalogue: Catalogue;
}

/** The service, with keys derived from the installation's secret. */
export async function createRoomService(
  config: Config,
  database: DatabaseHandle,
): Promise<ViewingRoomService> {
  const secrets = await loadAuthSecrets(config, database);
  return new ViewingRoomService(
    database.db,
    { tokenKey: secrets.derive('viewing-room-token'), unlockKey: secrets.derive('viewing-room-unlock') },
    config.publicUrl,
  );
}

export const roomsPlugin: FastifyPluginAsync<
  RoomsDeps & { service: ViewingRoomService; enquiries?: EnquiryService | undefined }
> = async (app, deps) => {
  const { service, config } = deps;
  await app.register(async (api) => {
    api.setValidatorCompiler(catalogueValidatorCompiler);
    await api.register(roomArtistRoutes, { prefix: '/api/v1/artist', service });
  });
  await app.register(roomPublicRoutes, {
    service,
    enquiries: deps.enquiries
      ? {
          service: deps.enquiries,
          formKey: await enquiryFormKey(config, deps.database),
          publicUrl: config.publicUrl,
          rateLimit: enquiryRateLimit(config),
        }
      : undefined,
    storage: deps.storage,
    load: contextLoader(deps),
    secure: deps.config.publicUrl.startsWith('https:'),
  });
};
