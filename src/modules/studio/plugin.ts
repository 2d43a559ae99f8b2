// The studio: the artist's server-rendered web app under /studio, enhanced by small islands. Every route here is
// behind the auth plugin's studio guard (no session → sign-in, a POSTed form kept across it) and its CSRF check.
import type { FastifyPluginAsync } from 'fastify';
import formbody from '@fastify/formbody';
import { exportPages } from './exports.js';
import type { StudioDeps } from './context.js';
import { requireStudioSession } from '../auth/guards.js';
import { isSiteOwner } from '../auth/site-owner.js';
import { markSiteOwner } from './layout.js';
import { dashboardPages } from './dashboard.js';
import { resumePages } from './resume.js';
import { galleriesPages } from './galleries.js';
import { printsPages } from './prints.js';
import { bulkEditPages } from './bulk-edit.js';
import { printImportPages } from './prints-import.js';
import { settingsPages } from './settings.js';
import { takedownPages } from './takedowns.js';
import { enquiryPages } from './enquiries.js';
import { auditPages } from './audit.js';
import { backupPages } from './backups.js';
import { printEditorPages } from './print-editor.js';
import { exhibitionsPages } from './exhibitions.js';
import { roomPages } from './rooms.js';
import { contactsPages } from './contacts.js';
import { salesPages } from './sales.js';
import { consignmentsPages } from './consignments.js';

export type { StudioDeps } from './context.js';

export const studioPlugin: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  // Defence in depth: the auth plugin already redirects, this guards a route registered outside /studio.
  app.addHook('preHandler', requireStudioSession);
  // The navigation offers the owner's sections (backups, takedown notices) only to the site owner.
  app.addHook('preHandler', async (req) => {
    if (req.artist && (await isSiteOwner(deps.database.db, req.artist.id))) markSiteOwner(req);
  });
  for (const pages of [
    dashboardPages,
    resumePages,
    galleriesPages,
    printsPages,
    bulkEditPages,
    printImportPages,
    exportPages,
    settingsPages,
    enquiryPages,
    takedownPages,
    auditPages,
    backupPages,
    printEditorPages,
    exhibitionsPages,
    roomPages,
    contactsPages,
    salesPages,
    consignmentsPages,
  ])
    await app.register(pages, deps);
};
