// The printmaker's business records (issue 18, docs/decisions/022-sales-and-consignments.md): the artist API over
// one service; the studio's pages (studio/contacts.tsx, sales.tsx, consignments.tsx) use the same instance.
import type { FastifyPluginAsync } from 'fastify';
import { catalogueValidatorCompiler } from '../catalogue/validation.js';
import { businessArtistRoutes } from './routes-artist.js';
import type { BusinessService } from './service.js';

export const businessPlugin: FastifyPluginAsync<{ service: BusinessService }> = async (app, { service }) => {
  await app.register(async (api) => {
    api.setValidatorCompiler(catalogueValidatorCompiler);
    await api.register(businessArtistRoutes, { prefix: '/api/v1/artist', service });
  });
};

export { BusinessService } from './service.js';
