// Artist API for backups: start one (queued), list them with their reports, download an archive (resumable).
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { Storage } from '../../platform/storage/types.js';
import type { Queue } from '../../platform/queue/index.js';
import { requireArtist } from '../../platform/auth-context.js';
import { errorBody, NotFoundError } from '../../platform/errors.js';
import { auditFromRequest, recordAudit } from '../audit/index.js';
import { failInterruptedBackups, getBackup, listBackups, requestBackup, runBackup } from './service.js';

export interface BackupRoutesOptions {
  config: Config;
  database: DatabaseHandle;
  storage: Storage;
  /** Absent (tests, embedded single process): the backup runs in this process. */
  queue?: Queue | undefined;
}

const security = [{ bearerAuth: [] as string[] }, { sessionCookie: [] as string[] }] as Array<
  Record<string, string[]>
>;

const BackupSchema = Type.Object({
  id: Type.String(),
  status: Type.String(),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  bytes: Type.Union([Type.Integer(), Type.Null()]),
  sha256: Type.Union([Type.String(), Type.Null()]),
  report: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});

/** Parses a single "bytes=" range against a size; undefined: no (usable) Range header; null: unsatisfiable. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return null;
  return { start, end };
}

export const backupRoutes: FastifyPluginAsync<BackupRoutesOptions> = async (parent, opts) => {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { database, storage, config } = opts;

  app.post(
    '/api/v1/artist/backups',
    {
      schema: {
        tags: ['artist'],
        summary: 'Start a full backup (runs in the background; poll the list for its report)',
        security,
        body: Type.Optional(
          Type.Object({ includeVersions: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        ),
        response: { 202: Type.Object({ id: Type.String(), status: Type.Literal('running') }) },
      },
    },
    async (req, reply) => {
      const artist = requireArtist(req);
      const includeVersions = req.body?.includeVersions === true;
      const created = await database.db.transaction().execute(async (trx) => {
        const b = await requestBackup(trx, artist.id, { includeVersions });
        await recordAudit(trx, {
          ...auditFromRequest(req),
          action: 'backup.requested',
          entityType: 'backup',
          entityId: b.id,
          details: { includeVersions },
        });
        return b;
      });
      if (opts.queue) await opts.queue.send('backup.create', { backupId: created.id });
      else {
        runBackup({ config, database, storage, log: req.log }, created.id).catch((error: unknown) =>
          req.log.error({ err: error, backupId: created.id }, 'backup failed'),
        );
      }
      return reply.code(202).send(created);
    },
  );

  app.get(
    '/api/v1/artist/backups',
    {
      schema: {
        tags: ['artist'],
        summary: 'Backups, newest first, with their reports',
        security,
        response: { 200: Type.Object({ backups: Type.Array(BackupSchema) }) },
      },
    },
    async (req) => {
      requireArtist(req);
      // A backup whose process died shows as failed (and its partial archive goes) rather than running forever.
      await failInterruptedBackups({ database, storage });
      const backups = (await listBackups(database.db)).map(({ storageKey: _key, ...b }) => b);
      return { backups };
    },
  );

  app.get(
    '/api/v1/artist/backups/:id/download',
    {
      schema: {
        tags: ['artist'],
        summary: 'Download a verified backup archive (supports Range requests to resume)',
        security,
        params: Type.Object({ id: Type.String() }),
      },
    },
    async (req, reply) => {
      requireArtist(req);
      const backup = await getBackup(database.db, req.params.id);
      if (!backup || backup.status !== 'verified' || !backup.storageKey)
        throw new NotFoundError('No such backup');
      const info = await storage.head('backups', backup.storageKey);
      if (!info) throw new NotFoundError('The archive of this backup is gone');
      const filename = backup.storageKey.split('/').pop()!;
      reply
        .header('accept-ranges', 'bytes')
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="copper-${filename}"`)
        .header('cache-control', 'private, no-store');
      if (backup.sha256) reply.header('etag', `"${backup.sha256}"`);
      const ifRange = req.headers['if-range'];
      const range =
        typeof ifRange === 'string' && backup.sha256 && ifRange !== `"${backup.sha256}"`
          ? undefined
          : parseRange(req.headers.range, info.size);
      if (range === null) {
        reply.header('content-range', `bytes */${info.size}`);
        reply.removeHeader('content-disposition');
        return reply
          .code(416)
          .type('application/json; charset=utf-8')
          .send(errorBody('BAD_REQUEST', 'Requested range not satisfiable'));
      }
      if (range) {
        const stream = await storage.getStream('backups', backup.storageKey, range);
        return reply
          .code(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${info.size}`)
          .header('content-length', range.end - range.start + 1)
          .send(stream);
      }
      const stream = await storage.getStream('backups', backup.storageKey);
      return reply.header('content-length', info.size).send(stream);
    },
  );
};
