// The studio's dashboard (signed-in only).
import type { FastifyPluginAsync } from 'fastify';
import { requireArtist } from '../../platform/auth-context.js';
import type { StudioDeps } from './context.js';
import { sendStudioPage } from './layout.js';

export const dashboardPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  app.get('/studio', { schema: { hide: true } }, async (req, reply) => {
    const artist = requireArtist(req);
    return sendStudioPage(req, reply, deps, {
      title: 'Dashboard',
      body: (
        <p>
          Signed in as <strong>{artist.displayName}</strong> ({artist.email}).
        </p>
      ),
    });
  });
};
