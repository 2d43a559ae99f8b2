// The studio's home page (signed-in only). The studio proper is built on this.
import type { FastifyPluginAsync } from 'fastify';
import { csrfToken, requireStudioSession } from '../auth/guards.js';
import { renderPage, type PageChrome } from '../auth/pages.js';
import { requireArtist } from '../../platform/auth-context.js';

export const studioHomeRoutes: FastifyPluginAsync<{ chrome: PageChrome }> = async (app, { chrome }) => {
  app.get('/studio', { schema: { hide: true }, preHandler: requireStudioSession }, async (req, reply) => {
    const artist = requireArtist(req);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        renderPage(
          chrome,
          'Studio',
          <>
            <p>
              Signed in as <strong>{artist.displayName}</strong> ({artist.email}).
            </p>
            <form method="post" action="/studio/auth/logout">
              <input type="hidden" name="_csrf" value={csrfToken(req)} />
              <button type="submit">Sign out</button>
            </form>
          </>,
        ),
      );
  });
};
