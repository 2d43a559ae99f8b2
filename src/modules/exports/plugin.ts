// The printmaker's business exports (issue 18, docs/exports.md): the price list PDF and the impression ledger CSV
// in the artist API; the studio links to its own routes (studio/prints.tsx) over the same service.
import type { FastifyPluginAsync } from 'fastify';
import { catalogueValidatorCompiler } from '../catalogue/validation.js';
import { exportArtistRoutes } from './routes-artist.js';
import type { ExportService } from './service.js';

export const exportsPlugin: FastifyPluginAsync<{ service: ExportService }> = async (app, { service }) => {
  await app.register(async (api) => {
    api.setValidatorCompiler(catalogueValidatorCompiler);
    await api.register(exportArtistRoutes, { prefix: '/api/v1/artist', service });
  });
};

export { ExportService } from './service.js';
