// The studio: the artist's server-rendered web app under /studio, enhanced by small islands. Every route here is
// behind the auth plugin's studio guard (no session → sign-in, a POSTed form kept across it) and its CSRF check.
import type { FastifyPluginAsync } from 'fastify';
import formbody from '@fastify/formbody';
import type { StudioDeps } from './context.js';
import { requireStudioSession } from '../auth/guards.js';
import { dashboardPages } from './dashboard.js';
import { resumePages } from './resume.js';
import { galleriesPages } from './galleries.js';
import { printsPages } from './prints.js';
import { settingsPages } from './settings.js';
import { takedownPages } from './takedowns.js';
import { auditPages } from './audit.js';
import { backupPages } from './backups.js';
import { printEditorPages } from './print-editor.js';

export type { StudioDeps } from './context.js';

export const studioPlugin: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  // Defence in depth: the auth plugin already redirects, this guards a route registered outside /studio.
  app.addHook('preHandler', requireStudioSession);
  for (const pages of [
    dashboardPages,
    resumePages,
    galleriesPages,
    printsPages,
    settingsPages,
    takedownPages,
    auditPages,
    backupPages,
    printEditorPages,
  ])
    await app.register(pages, deps);
};
