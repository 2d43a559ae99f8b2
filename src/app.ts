// The Fastify app, assembled from already-built adapters. Tests build it and drive it with inject().
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyError,
  type FastifyServerOptions,
} from 'fastify';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import type { DatabaseHandle } from './platform/db/types.js';
import type { Storage } from './platform/storage/types.js';
import { s3BrowserOrigins } from './platform/storage/s3.js';
import type { Queue } from './platform/queue/index.js';
import { AppError, errorBody, type ErrorCode, type ErrorDetails } from './platform/errors.js';
import { loggerOptions } from './platform/logger.js';
import { refuseNul } from './platform/nul.js';
import { UUID_PATTERN } from './platform/ids.js';
import { healthRoutes } from './modules/health/routes.js';
import { localStorageRoutes } from './platform/storage/local-routes.js';
import { siteRoutes } from './modules/site/routes.js';
import { authPlugin } from './modules/auth/plugin.js';
import { cataloguePlugin } from './modules/catalogue/plugin.js';
import { searchPlugin } from './modules/search/plugin.js';
import { mediaRoutes } from './modules/media/routes.js';
import { backupRoutes } from './modules/backups/routes.js';
import { BackupService } from './modules/backups/service.js';
import { studioPlugin } from './modules/studio/plugin.js';
import { createRoomService, roomsPlugin } from './modules/rooms/plugin.js';
import { CertificateService, certificatesPlugin } from './modules/certificates/plugin.js';
import { ExportService, exportsPlugin } from './modules/exports/plugin.js';
import { BusinessService, businessPlugin } from './modules/business/plugin.js';
import { EnquiryService } from './modules/enquiries/service.js';
import { enquiryApiRoutes } from './modules/enquiries/routes-api.js';
import { createCatalogue } from './modules/catalogue/index.js';
import { SearchService } from './modules/search/service.js';
import { errorPageRenderer } from './modules/site/error-page.js';
import { loadAssets } from './platform/assets.js';
import { APP_VERSION } from './platform/version.js';

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  storage: Storage;
  /** Web processes send jobs; absent in tests that do not need it. */
  queue?: Queue;
  /** Overrides the logger (tests capture output). */
  loggerInstance?: FastifyServerOptions['loggerInstance'];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * CSP sources for storage beyond 'self', least privilege: images from the public media origin (CDN or public
 * bucket); connections to it too (the zoom viewer fetches its tile index) and, with S3, to the originals bucket
 * that browsers upload to. Local uploads and media are the app's own.
 */
async function storageSources(config: Config): Promise<{ img: string[]; connect: string[] }> {
  if (config.storage.driver === 's3') {
    const { uploads, media } = await s3BrowserOrigins(config);
    return { img: [media], connect: [...new Set([uploads, media])] };
  }
  const cdn = config.storage.cdnUrl ? [new URL(config.storage.cdnUrl).origin] : [];
  return { img: cdn, connect: cdn };
}

const routeTables = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/** Every route of the app (method, url pattern), HEAD included: tests walk them all. */
export function appRoutes(app: FastifyInstance): ReadonlyArray<{ method: string; url: string }> {
  return routeTables.get(app) ?? [];
}

/** Builds the complete app; call `await app.ready()` (inject does) or `app.listen()`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    ...(deps.loggerInstance ? { loggerInstance: deps.loggerInstance } : { logger: loggerOptions(config) }),
    // Trust exactly the configured number of proxy hops (Heroku's router is one), never a spoofable chain.
    trustProxy: config.trustProxy > 0 ? (_address: string, hop: number) => hop < config.trustProxy : false,
    // Heroku's router sets X-Request-Id; accept it only when it looks like an id.
    requestIdHeader: false,
    genReqId: (req) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // One strict UUID rule (platform/ids.ts) for every schema: ajv-formats' own also accepts a "urn:uuid:" prefix,
    // which PostgreSQL would refuse with an error.
    ajv: { onCreate: (ajv) => ajv.addFormat('uuid', new RegExp(UUID_PATTERN)) },
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();

  const routes: Array<{ method: string; url: string }> = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });

  const assets = await loadAssets();
  const renderErrorPage = errorPageRenderer(assets, config.publicUrl);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // Before any handler sees parsed input: a NUL character would reach PostgreSQL and fail there (a 500).
  app.addHook('preValidation', async (req) => {
    refuseNul('params', req.params);
    refuseNul('querystring', req.query);
    refuseNul('body', req.body);
  });

  const storageCsp = await storageSources(config);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...storageCsp.img],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", ...storageCsp.connect],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Sign-out posts to the studio, which redirects to the external issuer's end-session endpoint.
        formAction: ["'self'", ...(config.oidc.issuerUrl ? [new URL(config.oidc.issuerUrl).origin] : [])],
        frameAncestors: ["'none'"],
        ...(config.publicUrl.startsWith('https:') ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: config.isProduction ? { maxAge: 63072000, includeSubDomains: true, preload: false } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  });

  app.setErrorHandler((error: FastifyError | AppError | Error, req, reply) => {
    const { status, code, message, details } = describeError(error);
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    else req.log.info({ code, message }, 'request refused');
    // The matched route decides (the router decodes `/%61pi/…`); unmatched URLs by their path.
    if (wantsJson(req.routeOptions.url ?? req.url))
      return reply.code(status).send(errorBody(code, message, details));
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(renderErrorPage({ status, path: req.url, requestId: req.id }));
  });

  app.setNotFoundHandler((req, reply) => {
    if (wantsJson(req.url)) {
      return reply
        .code(404)
        .send(errorBody('RESOURCE_NOT_FOUND', `No route for ${req.method} ${req.url.split('?')[0]}`));
    }
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(renderErrorPage({ status: 404, path: req.url, requestId: req.id }));
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Copper Print Gallery API',
        version: APP_VERSION,
        description:
          'Public, artist and search API of Copper Print Gallery (wire-compatible with the published contracts).',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'cpg_session' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { database: deps.database, storage: deps.storage });
  await app.register(authPlugin, { config, database: deps.database });
  const catalogue = createCatalogue({ db: deps.database.db, storage: deps.storage, queue: deps.queue });
  const search = new SearchService(deps.database.db, deps.storage);
  await app.register(cataloguePlugin, {
    config,
    database: deps.database,
    storage: deps.storage,
    queue: deps.queue,
    service: catalogue,
  });
  await app.register(searchPlugin, {
    config,
    database: deps.database,
    storage: deps.storage,
    service: search,
  });
  await app.register(mediaRoutes, { config, database: deps.database, storage: deps.storage });
  const backups = new BackupService({
    config,
    database: deps.database,
    storage: deps.storage,
    queue: deps.queue,
    log: app.log,
  });
  await app.register(backupRoutes, { service: backups });
  const enquiries = new EnquiryService({
    db: deps.database.db,
    queue: deps.queue,
    publicUrl: config.publicUrl,
    smtp: config.mail.smtp !== undefined,
  });
  await app.register(enquiryApiRoutes, { service: enquiries });
  if (deps.storage.driver === 'local') {
    await app.register(localStorageRoutes, { storage: deps.storage, config });
  }
  const rooms = await createRoomService(config, deps.database);
  const certificates = new CertificateService(deps.database.db, deps.storage, config.publicUrl);
  const exportService = new ExportService(deps.database.db, deps.storage);
  const business = new BusinessService(deps.database.db, catalogue.invalidatePublic);
  await app.register(studioPlugin, {
    config,
    database: deps.database,
    storage: deps.storage,
    queue: deps.queue,
    assets,
    catalogue,
    search,
    backups,
    rooms,
    enquiries,
    certificates,
    exports: exportService,
    business,
  });
  await app.register(roomsPlugin, {
    config,
    database: deps.database,
    storage: deps.storage,
    assets,
    catalogue,
    service: rooms,
    enquiries,
  });
  await app.register(certificatesPlugin, {
    config,
    database: deps.database,
    catalogue,
    assets,
    storage: deps.storage,
    service: certificates,
  });
  await app.register(exportsPlugin, { service: exportService });
  await app.register(businessPlugin, { service: business });
  await app.register(siteRoutes, {
    config,
    database: deps.database,
    catalogue,
    assets,
    storage: deps.storage,
    enquiries,
  });

  return app;
}

function wantsJson(url: string): boolean {
  return (
    url.startsWith('/api/') || url === '/api' || url.startsWith('/uploads/') || url.startsWith('/media/')
  );
}

function describeError(error: FastifyError | AppError | Error): {
  status: number;
  code: ErrorCode;
  message: string;
  details?: ErrorDetails | undefined;
} {
  if (error instanceof AppError)
    return { status: error.status, code: error.code, message: error.message, details: error.details };
  const fe = error as FastifyError;
  if (fe.validation) {
    const ctx = fe.validationContext ?? 'request';
    const first = fe.validation[0];
    const field = first?.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
    const param =
      (first?.params as { missingProperty?: string; additionalProperty?: string } | undefined) ?? {};
    const name = [ctx, field || param.missingProperty || param.additionalProperty].filter(Boolean).join('.');
    // The input it is about, as the API names it: the property that is wrong, missing or not allowed.
    // (Ajv points at the parent object; the catalogue's compiler already at the property: name it once.)
    const property = param.missingProperty || param.additionalProperty;
    const named = [field, property && field.split('.').at(-1) !== property ? property : '']
      .filter(Boolean)
      .join('.');
    return {
      status: 400,
      code: 'BAD_REQUEST',
      message: `${name}: ${first?.message ?? 'is invalid'}`,
      ...(named ? { details: { field: named } } : {}),
    };
  }
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 ? fe.statusCode : 500;
  const byStatus: Record<number, ErrorCode> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'RESOURCE_NOT_FOUND',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'TOO_MANY_REQUESTS',
    503: 'SERVICE_UNAVAILABLE',
  };
  const code = byStatus[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
  // 5xx details stay in the log, never in the response.
  const message = status >= 500 ? 'Something went wrong on our side. The error has been logged.' : fe.message;
  return { status, code, message };
}
