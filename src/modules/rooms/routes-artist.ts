// Artist API /api/v1/artist/viewing-rooms: the signed-in artist's private viewing rooms (decision 015). Every
// handler starts with actorOf; the service scopes each query by the artist, so another artist's room answers 404.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { actorOf } from '../../platform/auth-context.js';
import { ErrorResponse, LIMITS, LocalizedOut, LocalizedText } from '../catalogue/schemas.js';
import { MAX_ROOM_PRINTS, type ArtistRoom, type ViewingRoomService } from './service.js';
import { ROOM_VERSIONS, type RoomVersion } from './rules.js';

const tags = ['artist'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];
const common = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse };

const Version = Type.Unsafe<RoomVersion>(
  Type.String({ enum: [...ROOM_VERSIONS], description: 'An image version name' }),
);

const inputFields = {
  title: LocalizedText(LIMITS.short),
  note: Type.Optional(LocalizedText(LIMITS.long)),
  printIds: Type.Array(Type.String({ format: 'uuid' }), {
    minItems: 1,
    maxItems: MAX_ROOM_PRINTS,
    description: 'The prints shown (drafts allowed), in this order',
  }),
  expiresAt: Type.String({ format: 'date-time', description: 'When the link stops working (within a year)' }),
  showPrices: Type.Optional(Type.Boolean({ description: 'Show prices (default false)' })),
  deepZoom: Type.Optional(Type.Boolean({ description: 'Serve the deep-zoom tiles (default false)' })),
  maxVersion: Type.Optional(
    Type.Unsafe<RoomVersion>(
      Type.String({ enum: [...ROOM_VERSIONS], description: 'Largest image version shown (default large)' }),
    ),
  ),
  downloadVersion: Type.Optional(
    Type.Union([Version, Type.Null()], { description: 'A version visitors may download (default none)' }),
  ),
};

const RoomCreate = Type.Object(
  {
    ...inputFields,
    password: Type.Optional(
      Type.String({ minLength: 4, maxLength: 200, description: 'A password the visitor must give first' }),
    ),
  },
  { additionalProperties: false },
);

const RoomUpdate = Type.Object(
  {
    title: Type.Optional(inputFields.title),
    note: inputFields.note,
    printIds: Type.Optional(inputFields.printIds),
    expiresAt: Type.Optional(inputFields.expiresAt),
    showPrices: inputFields.showPrices,
    deepZoom: inputFields.deepZoom,
    maxVersion: inputFields.maxVersion,
    downloadVersion: inputFields.downloadVersion,
    password: Type.Optional(
      Type.Union([Type.String({ minLength: 4, maxLength: 200 }), Type.Null()], {
        description: 'A new password, or null to remove it',
      }),
    ),
  },
  { additionalProperties: false },
);

const RoomOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    url: Type.Union([Type.String(), Type.Null()], {
      description:
        'The private link (keep it secret); null when it cannot be shown again (restored from another installation)',
    }),
    title: LocalizedOut,
    note: LocalizedOut,
    printIds: Type.Array(Type.String({ format: 'uuid' })),
    expiresAt: Type.String({ format: 'date-time' }),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    status: Type.Union([Type.Literal('live'), Type.Literal('expired'), Type.Literal('revoked')]),
    hasPassword: Type.Boolean(),
    showPrices: Type.Boolean(),
    deepZoom: Type.Boolean(),
    maxVersion: Version,
    downloadVersion: Type.Union([Version, Type.Null()]),
    lastOpenedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    openCount: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'ViewingRoom' },
);

const RoomList = Type.Object({ rooms: Type.Array(RoomOut) }, { title: 'ViewingRoomList' });
const RoomParams = Type.Object(
  { roomId: Type.String({ format: 'uuid', description: 'Viewing room id' }) },
  { additionalProperties: false },
);

function out(room: ArtistRoom): Static<typeof RoomOut> {
  return {
    ...room,
    expiresAt: room.expiresAt.toISOString(),
    revokedAt: room.revokedAt?.toISOString() ?? null,
    lastOpenedAt: room.lastOpenedAt?.toISOString() ?? null,
    createdAt: room.createdAt.toISOString(),
    updatedAt: room.updatedAt.toISOString(),
  };
}

export const roomArtistRoutes: FastifyPluginAsyncTypebox<{ service: ViewingRoomService }> = async (
  app,
  { service },
) => {
  // Answers carry the room's link: the auth plugin keeps every artist API answer `private, no-store`.
  app.get(
    '/viewing-rooms',
    {
      schema: {
        tags,
        security,
        summary: "The artist's viewing rooms, newest first, with last opened and open count",
        operationId: 'getViewingRooms',
        response: { 200: RoomList, 401: ErrorResponse },
      },
    },
    async (req) => ({ rooms: (await service.list(actorOf(req))).map(out) }),
  );

  app.post(
    '/viewing-rooms',
    {
      schema: {
        tags,
        security,
        summary: 'Make a private viewing room: an unguessable link to chosen prints (drafts allowed)',
        operationId: 'createViewingRoom',
        body: RoomCreate,
        response: { 201: RoomOut, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req, reply) => reply.code(201).send(out(await service.create(actorOf(req), req.body))),
  );

  app.get(
    '/viewing-rooms/:roomId',
    {
      schema: {
        tags,
        security,
        summary: 'One viewing room of the artist',
        operationId: 'getViewingRoom',
        params: RoomParams,
        response: { 200: RoomOut, ...common },
      },
    },
    async (req) => out(await service.get(actorOf(req), req.params.roomId)),
  );

  app.patch(
    '/viewing-rooms/:roomId',
    {
      schema: {
        tags,
        security,
        summary: 'Edit or extend a viewing room (a revoked room answers 409)',
        operationId: 'updateViewingRoom',
        params: RoomParams,
        body: RoomUpdate,
        response: { 200: RoomOut, ...common, 409: ErrorResponse },
      },
    },
    async (req) => out(await service.update(actorOf(req), req.params.roomId, req.body)),
  );

  app.delete(
    '/viewing-rooms/:roomId',
    {
      schema: {
        tags,
        security,
        summary: 'Revoke a viewing room: its link and image URLs answer 410 Gone from now on',
        operationId: 'revokeViewingRoom',
        params: RoomParams,
        response: { 204: Type.Null({ description: 'Revoked' }), ...common },
      },
    },
    async (req, reply) => {
      await service.revoke(actorOf(req), req.params.roomId);
      return reply.code(204).send(null);
    },
  );
};
