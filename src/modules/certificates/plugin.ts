// Certificates of authenticity (docs/decisions/020-certificates.md): the artist API that issues them and the public
// pages that verify them, over one service.
import type { FastifyPluginAsync } from 'fastify';
import { catalogueValidatorCompiler } from '../catalogue/validation.js';
import { contextLoader, type SiteDeps } from '../site/context.js';
import { certificateArtistRoutes } from './routes-artist.js';
import { certificatePublicRoutes } from './routes-public.js';
import type { CertificateService } from './service.js';

export const certificatesPlugin: FastifyPluginAsync<SiteDeps & { service: CertificateService }> = async (
  app,
  deps,
) => {
  const { service } = deps;
  await app.register(async (api) => {
    api.setValidatorCompiler(catalogueValidatorCompiler);
    await api.register(certificateArtistRoutes, { prefix: '/api/v1/artist', service });
  });
  await app.register(certificatePublicRoutes, { service, load: contextLoader(deps) });
};

export { CertificateService } from './service.js';
