// Artist API for backups: start one (queued), list them with their reports, download an archive (resumable). The
// rules (site owner only, one backup at a time) are the BackupService's, shared with the studio.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireArtist } from '../../platform/auth-context.js';
import { errorBody } from '../../platform/errors.js';
import { auditFromRequest } from '../audit/index.js';
import type { BackupActor, BackupService } from './service.js';

export interface BackupRoutesOptions {
  service: BackupService;
}

/** The signed-in artist (401 without one) as the backups service's actor. */
export function backupActor(req: FastifyRequest): BackupActor {
  const artist = requireArtist(req);
  return { artistId: artist.id, audit: auditFromRequest(req) };
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
  const { service } = opts;

  app.post(
    '/api/v1/artist/backups',
    {
      schema: {
        tags: ['artist'],
        summary:
          'Start a full backup (site owner; queued for the worker, 409 while one runs; poll the list for its report)',
        security,
        body: Type.Optional(
          Type.Object({ includeVersions: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        ),
        response: { 202: Type.Object({ id: Type.String(), status: Type.Literal('running') }) },
      },
    },
    async (req, reply) => {
      const created = await service.request(backupActor(req), { includeVersions: req.body?.includeVersions });
      return reply.code(202).send(created);
    },
  );

  app.get(
    '/api/v1/artist/backups',
    {
      schema: {
        tags: ['artist'],
        summary: 'Backups, newest first, with their reports (site owner)',
        security,
        response: { 200: Type.Object({ backups: Type.Array(BackupSchema) }) },
      },
    },
    async (req) => {
      const backups = (await service.list(backupActor(req))).map(({ storageKey: _key, ...b }) => b);
      return { backups };
    },
  );

  app.get(
    '/api/v1/artist/backups/:id/download',
    {
      schema: {
        tags: ['artist'],
        summary: 'Download a verified backup archive (site owner; supports Range requests to resume)',
        security,
        params: Type.Object({ id: Type.String() }),
      },
    },
    async (req, reply) => {
      const archive = await service.archive(backupActor(req), req.params.id);
      const size = archive.bytes;
      reply
        .header('accept-ranges', 'bytes')
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="${archive.filename}"`)
        .header('cache-control', 'private, no-store');
      if (archive.sha256) reply.header('etag', `"${archive.sha256}"`);
      const ifRange = req.headers['if-range'];
      const range =
        typeof ifRange === 'string' && archive.sha256 && ifRange !== `"${archive.sha256}"`
          ? undefined
          : parseRange(req.headers.range, size);
      if (range === null) {
        reply.header('content-range', `bytes */${size}`);
        reply.removeHeader('content-disposition');
        return reply
          .code(416)
          .type('application/json; charset=utf-8')
          .send(errorBody('BAD_REQUEST', 'Requested range not satisfiable'));
      }
      if (range) {
        return reply
          .code(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
          .header('content-length', range.end - range.start + 1)
          .send(await archive.open(range));
      }
      return reply.header('content-length', size).send(await archive.open());
    },
  );
};
