// Artist API for enquiries: the signed-in artist's inbox (GET, filtered by status, paged), one enquiry, a change of
// status and/or notes (PATCH) and deletion (DELETE). The rules — whose enquiry it is, the audit events — are the
// EnquiryService's, shared with the studio; another artist's enquiry answers 404.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/auth-context.js';
import { NotFoundError } from '../../platform/errors.js';
import { ErrorResponse, PageQuery } from '../catalogue/schemas.js';
import { NOTES_MAX, type EnquiryDetail, type EnquiryService } from './service.js';

const security = [{ bearerAuth: [] as string[] }, { sessionCookie: [] as string[] }] as Array<
  Record<string, string[]>
>;
const tags = ['artist'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Status = Type.Union([Type.Literal('new'), Type.Literal('answered'), Type.Literal('closed')], {
  description: 'new (not yet handled), answered, closed',
});

/** Where an enquiry came from beyond one print: a visitor's list, a viewing room (both additive, issue 22). */
const EnquiryOrigin = {
  prints: Nullable(
    Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), title: Type.String() }), {
      description:
        "A visitor's shortlist sent with one enquiry, in their order (titles as sent); null otherwise",
    }),
  ),
  roomId: Nullable(
    Type.String({
      format: 'uuid',
      description: 'The viewing room it was sent from (null when none or deleted)',
    }),
  ),
  roomTitle: Nullable(Type.String({ description: "The viewing room's title when the enquiry was sent" })),
};

const EnquirySummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Status,
  name: Type.String(),
  email: Type.String(),
  printId: Nullable(Type.String({ format: 'uuid' })),
  printTitle: Nullable(Type.String()),
  ...EnquiryOrigin,
  excerpt: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

const Enquiry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Status,
  name: Type.String(),
  email: Type.String(),
  printId: Nullable(
    Type.String({ format: 'uuid', description: 'null for a contact message or a deleted print' }),
  ),
  printTitle: Nullable(Type.String()),
  ...EnquiryOrigin,
  message: Type.String(),
  interest: Nullable(Type.String({ description: 'The impression or edition the visitor named' })),
  language: Type.Union([Type.Literal('da'), Type.Literal('en')]),
  notes: Type.String(),
  notification: Nullable(
    Type.Object({
      status: Type.String({ description: 'outbox (no SMTP), pending, sent or failed' }),
      attempts: Type.Integer(),
    }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const IdParams = Type.Object(
  { enquiryId: Type.String({ format: 'uuid', description: 'Enquiry id' }) },
  { additionalProperties: false },
);

function present(e: EnquiryDetail) {
  return {
    id: e.id,
    status: e.status,
    name: e.name,
    email: e.email,
    printId: e.printId,
    printTitle: e.printTitle,
    prints: e.prints,
    roomId: e.roomId,
    roomTitle: e.roomTitle,
    message: e.message,
    interest: e.interest,
    language: e.language,
    notes: e.notes,
    notification: e.notification
      ? { status: e.notification.status, attempts: e.notification.attempts }
      : null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export const enquiryApiRoutes: FastifyPluginAsync<{ service: EnquiryService }> = async (parent, opts) => {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { service } = opts;

  app.get(
    '/api/v1/artist/enquiries',
    {
      schema: {
        tags,
        security,
        summary: "The artist's enquiries and contact messages, newest first",
        operationId: 'getArtistEnquiries',
        querystring: Type.Object(
          { ...PageQuery, status: Type.Optional(Status) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            enquiries: Type.Array(EnquirySummary),
            totalCount: Type.Integer(),
            currentPage: Type.Integer(),
            totalPages: Type.Integer(),
          }),
          400: ErrorResponse,
          401: ErrorResponse,
        },
      },
    },
    async (req) => {
      const page = req.query.page ?? 1;
      const limit = req.query.limit ?? 20;
      const found = await service.list(actorOf(req), req.query.status ? [req.query.status] : undefined, {
        offset: (page - 1) * limit,
        limit,
      });
      return {
        enquiries: found.rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
        totalCount: found.total,
        currentPage: page,
        totalPages: Math.max(1, Math.ceil(found.total / limit)),
      };
    },
  );

  app.get(
    '/api/v1/artist/enquiries/:enquiryId',
    {
      schema: {
        tags,
        security,
        summary: 'One enquiry with its notes and notification status',
        operationId: 'getArtistEnquiry',
        params: IdParams,
        response: { 200: Enquiry, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      const found = await service.get(actorOf(req), req.params.enquiryId);
      if (!found) throw new NotFoundError('Enquiry not found');
      return present(found);
    },
  );

  app.patch(
    '/api/v1/artist/enquiries/:enquiryId',
    {
      schema: {
        tags,
        security,
        summary: 'Change the status and/or the private notes of an enquiry (audited)',
        operationId: 'updateArtistEnquiry',
        params: IdParams,
        body: Type.Object(
          {
            status: Type.Optional(Status),
            notes: Type.Optional(Type.String({ maxLength: NOTES_MAX })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Enquiry, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => present(await service.update(actorOf(req), req.params.enquiryId, req.body)),
  );

  app.delete(
    '/api/v1/artist/enquiries/:enquiryId',
    {
      schema: {
        tags,
        security,
        summary: 'Delete an enquiry and its notification (audited)',
        operationId: 'deleteArtistEnquiry',
        params: IdParams,
        response: { 204: Type.Null(), 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req, reply) => {
      await service.delete(actorOf(req), req.params.enquiryId);
      return reply.code(204).send(null);
    },
  );
};
