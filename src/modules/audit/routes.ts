// GET /api/v1/artist/audit-events: the signed-in artist's own audit trail, newest first.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { requireArtist } from '../../platform/auth-context.js';

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
            action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
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
      const { page, limit, action } = req.query;
      let base = database.db.selectFrom('audit_events').where('artist_id', '=', artist.id);
      if (action) base = base.where('action', '=', action);
      const [rows, count] = await Promise.all([
        base
          .selectAll()
          .orderBy('occurred_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .offset((page - 1) * limit)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      const totalCount = Number(count.n);
      reply.header('cache-control', 'no-store');
      return {
        auditEvents: rows.map((r) => ({
          id: Number(r.id),
          occurredAt: r.occurred_at.toISOString(),
          action: r.action,
          actor: r.actor,
          entityType: r.entity_type,
          entityId: r.entity_id,
          ip: r.ip,
          userAgent: r.user_agent,
          requestId: r.request_id,
          details: r.details,
        })),
        totalCount,
        currentPage: page,
        totalPages: Math.ceil(totalCount / limit),
      };
    },
  );
};
