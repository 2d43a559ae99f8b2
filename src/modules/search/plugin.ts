// Search API: public GET|POST /api/v1/search, /search/prints, /search/galleries, GET /search/suggest, and the
// artist's inventory search GET|POST /api/v1/artist/search. Rate-limited per IP (RATE_LIMIT_SEARCH_PER_MINUTE).
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { Storage } from '../../platform/storage/types.js';
import { requireArtist } from '../../platform/auth-context.js';
import { searchRateLimit } from '../auth/rate-limits.js';
import { catalogueValidatorCompiler } from '../catalogue/validation.js';
import type { SearchTarget } from './repository.js';
import type { SearchService, Suggestion } from './service.js';
import { type FilterInput, type SearchInput } from './service.js';
import {
  ArtistSearchBody,
  ArtistSearchQuery,
  ErrorResponse,
  PublicSearchBody,
  PublicSearchQuery,
  SearchResponse,
  SuggestQuery,
  SuggestResponse,
} from './schemas.js';

export interface SearchDeps {
  config: Config;
  database: DatabaseHandle;
  storage: Storage;
  /** The app's one search service (the studio uses it too). */
  service: SearchService;
}

const CACHE = 'public, max-age=30';
const responses = { 200: SearchResponse, 400: ErrorResponse, 429: ErrorResponse };

/**
 * Public answers come from the service's cache as the same object while they stay valid: each is serialized (by
 * the route's response schema, the whitelist) once and its bytes sent again.
 */
const serialized = new WeakMap<object, Buffer>();
function sendPublic(reply: FastifyReply, value: object): FastifyReply {
  let body = serialized.get(value);
  if (!body) {
    const text = reply.serialize(value);
    body = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text as Uint8Array);
    serialized.set(value, body);
  }
  return reply.header('cache-control', CACHE).type('application/json; charset=utf-8').send(body);
}

/** GET query → service input: the non-filter parameters out, everything else is a filter. */
function fromQuery(query: Record<string, unknown>): SearchInput {
  const { q, page, limit, language, ...filters } = query as {
    q?: string;
    page?: number;
    limit?: number;
    language?: 'da' | 'en';
  } & FilterInput;
  return { q, page, limit, language, filters };
}

function fromBody(body: {
  q?: string | undefined;
  page?: number | undefined;
  limit?: number | undefined;
  language?: 'da' | 'en' | undefined;
  filters?: FilterInput | undefined;
}): SearchInput {
  return {
    q: body.q,
    page: body.page,
    limit: body.limit,
    language: body.language,
    filters: body.filters ?? {},
  };
}

/** The same envelope object for the same (cached) suggestion list, so its bytes are reused too. */
const envelopes = new WeakMap<Suggestion[], { suggestions: Suggestion[] }>();
function suggestionsEnvelope(suggestions: Suggestion[]): { suggestions: Suggestion[] } {
  let envelope = envelopes.get(suggestions);
  if (!envelope) {
    envelope = { suggestions };
    envelopes.set(suggestions, envelope);
  }
  return envelope;
}

const TARGETS: readonly { path: string; target: SearchTarget; what: string }[] = [
  { path: '/search', target: 'all', what: 'published prints and galleries' },
  { path: '/search/prints', target: 'prints', what: 'published prints' },
  { path: '/search/galleries', target: 'galleries', what: 'published galleries' },
];

const routes: FastifyPluginAsyncTypebox<{ service: SearchService; config: Config }> = async (
  app,
  { service, config },
) => {
  const rl = { rateLimit: searchRateLimit(config) };
  const tags = ['search'];

  for (const { path, target, what } of TARGETS) {
    const id = target === 'all' ? 'Search' : `Search${target[0]!.toUpperCase()}${target.slice(1)}`;
    app.get(
      path,
      {
        config: rl,
        schema: {
          tags,
          operationId: `get${id}`,
          summary: `Search ${what}`,
          description:
            'Full-text search in Danish and English (accents and case ignored, stemmed, the last word as a prefix) ' +
            'with filters and facet counts. Without q: browse by the filters.',
          querystring: PublicSearchQuery,
          response: responses,
        },
      },
      async (req, reply) => sendPublic(reply, await service.searchPublic(target, fromQuery(req.query))),
    );
    app.post(
      path,
      {
        config: rl,
        schema: {
          tags,
          operationId: `post${id}`,
          summary: `Search ${what} with structured filters`,
          body: PublicSearchBody,
          response: responses,
        },
      },
      async (req) => service.searchPublic(target, fromBody(req.body)),
    );
  }

  app.get(
    '/search/suggest',
    {
      config: rl,
      schema: {
        tags,
        operationId: 'getSearchSuggestions',
        summary: 'Autocomplete: print and gallery titles, tags and techniques matching what has been typed',
        querystring: SuggestQuery,
        response: { 200: SuggestResponse, 400: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const suggestions = await service.suggest(
        req.query.q,
        req.query.language ?? 'en',
        req.query.limit ?? 8,
      );
      return sendPublic(reply, suggestionsEnvelope(suggestions));
    },
  );

  const artistSecurity: { [name: string]: string[] }[] = [{ bearerAuth: [] }, { sessionCookie: [] }];
  app.get(
    '/artist/search',
    {
      config: rl,
      schema: {
        tags: ['artist'],
        operationId: 'getArtistSearch',
        summary: 'Search the artist’s whole inventory (drafts included) with inventory filters',
        security: artistSecurity,
        querystring: ArtistSearchQuery,
        response: { ...responses, 401: ErrorResponse },
      },
    },
    async (req, reply) => {
      const artist = requireArtist(req);
      reply.header('cache-control', 'private, no-store');
      const target: SearchTarget = 'all';
      return service.searchArtist(artist.id, target, fromQuery(req.query));
    },
  );
  app.post(
    '/artist/search',
    {
      config: rl,
      schema: {
        tags: ['artist'],
        operationId: 'postArtistSearch',
        summary: 'Search the artist’s inventory with structured filters',
        security: artistSecurity,
        body: ArtistSearchBody,
        response: { ...responses, 401: ErrorResponse },
      },
    },
    async (req, reply) => {
      const artist = requireArtist(req);
      reply.header('cache-control', 'private, no-store');
      return service.searchArtist(artist.id, 'all', fromBody(req.body));
    },
  );
};

/** Register once, after the catalogue plugin: `await app.register(searchPlugin, { config, database, storage, service })`. */
export const searchPlugin: FastifyPluginAsync<SearchDeps> = async (app, deps) => {
  const { service } = deps;
  app.setValidatorCompiler(catalogueValidatorCompiler);
  if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: false });
  await app.register(routes, { prefix: '/api/v1', service, config: deps.config });
};
