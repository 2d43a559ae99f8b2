// GET /api/v1/artist/audit-events: the signed-in artist's own audit trail, newest first, with the studio audit log's
// filters (action or action family, Copenhagen date range, entity).
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { requireArtist } from '../../platform/auth-context.js';
import { BadRequestError } from '../../platform/errors.js';
import { isDay } from '../../platform/days.js';
import { findAuditEvents } from './repository.js';

const DAY = '^\\d{4}-\\d{2}-\\d{2}$';

const AuditEvent = Type.Object({
  id: Type.Number(),
  occurredAt: Type.String({ format: 'date-time' }),
  action: Type.String(),
  actor: Type.Union([Type.String(), Type.Null()]),
  entityType: Type.Union([Type.String(), Type.Null()]),
  entityId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const auditRoutes: FastifyPluginAsync<{ database: DatabaseHandle }> = async (parent, { database }) => {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/artist/audit-events',
    {
      schema: {
        tags: ['artist'],
        summary: "The signed-in artist's audit trail (sign-ins, sign-outs, changes), newest first",
        security: [{ bearerAuth: [] as string[] }, { sessionCookie: [] as string[] }] as Array<
          Record<string, string[]>
        >,
        querystring: Type.Object(
          {
            page: Type.Integer({ minimum: 1, default: 1 }),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            action: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 100,
                description: 'An exact action (print.updated), or every action of a family (print.*)',
              }),
            ),
            from: Type.Optional(
              Type.String({
                pattern: DAY,
                description: 'Events on or after this day (YYYY-MM-DD, Europe/Copenhagen)',
              }),
            ),
            to: Type.Optional(
              Type.String({
                pattern: DAY,
                description: 'Events on or before this day (YYYY-MM-DD, Europe/Copenhagen), inclusive',
              }),
            ),
            entityType: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 100,
                description:
                  'Events concerning this kind of entity (print, gallery, takedown_notice, backup…)',
              }),
            ),
            entityId: Type.Optional(
              Type.String({ minLength: 1, maxLength: 100, description: 'Events concerning this entity id' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            auditEvents: Type.Array(AuditEvent),
            totalCount: Type.Integer(),
            currentPage: Type.Integer(),
            totalPages: Type.Integer(),
          }),
        },
      },
    },
    async (req, reply) => {
      const artist = requireArtist(req);
      const { page, limit, ...filter } = req.query;
      for (const name of ['from', 'to'] as const) {
        const day = filter[name];
        if (day !== undefined && !isDay(day))
          throw new BadRequestError(`${name}: "${day}" is not a calendar day`);
      }
      if (filter.from && filter.to && filter.from > filter.to)
        throw new BadRequestError('to: must not be before from');
      const found = await findAuditEvents(database.db, artist.id, filter, {
        offset: (page - 1) * limit,
        limit,
      });
      const totalCount = found.total;
      reply.header('cache-control', 'no-store');
      return {
        auditEvents: found.events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
        totalCount,
        currentPage: page,
        totalPages: Math.ceil(totalCount / limit),
      };
    },
  );
};
