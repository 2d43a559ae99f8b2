// Authentication for the whole app: decides who the request is (studio session or Bearer token).
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import '../../platform/auth-context.js';

export interface AuthDeps {
  config: Config;
  database: DatabaseHandle;
}

export const authPlugin = fp<AuthDeps>(
  async (app) => {
    app.decorateRequest('artist', null);
  },
  { name: 'auth' },
);
