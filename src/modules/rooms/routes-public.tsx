// A viewing room's own pages and files (decision 015), for whoever holds the link:
//   GET  /rooms/:token                         → the room in the visitor's language
//   GET  /{lang}/rooms/:token                   the room (or its password form)
//   POST /{lang}/rooms/:token/unlock            the password (wrong ones rate-limited per IP and per room)
//   GET  /{lang}/rooms/:token/prints/:printId   one print of the room
//   POST /{lang}/rooms/:token/enquiry           a message to the artist from the room (about one of its prints, or
//                                               the room), carrying the room (enquiries/service.ts)
//   GET  /rooms/:token/media/*                  the room's image files, checked against the room on every request
// Every answer is private (no-store), never indexed and sends a referrer to this site only (same-origin: the form's
// same-origin check reads it, no other site ever sees the token in the URL). A revoked or expired room answers
// 410 Gone, pages and files alike. Nothing here logs a URL.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { Readable } from 'node:stream';
import { AppError, NotFoundError } from '../../platform/errors.js';
import { LANGUAGES, negotiateLanguage } from '../../platform/i18n/index.js';
import { isUuid } from '../../platform/ids.js';
import { DEFAULT_CONTENT_TYPE, contentTypeFromKey } from '../../platform/storage/content-types.js';
import { isValidKey } from '../../platform/storage/keys.js';
import type { Storage } from '../../platform/storage/types.js';
import { PRIVATE_AREA, type ImageArea } from '../media/visibility.js';
import { localePath, renderPage, type PageContext } from '../site/layout.js';
import { localized as localizedText } from '../site/repository.js';
import type { RouteRateLimit } from '../auth/rate-limits.js';
import { EnquiryForm, type FormState } from '../enquiries/pages.js';
import { ENQUIRY_BODY_LIMIT, freshFormState, readEnquiryPost } from '../enquiries/routes.js';
import type { EnquiryService } from '../enquiries/service.js';
import type { ContextLoader } from '../site/context.js';
import { parseCookie } from '../site/routes.js';
import { PasswordPage, RoomPage, RoomPrintPage, roomPath, type RoomPageData } from './pages.js';
import type { OpenRoom, ViewingRoomService } from './service.js';
import { unlockCookieName } from './tokens.js';

/** The enquiry form of the room's pages: the enquiry service and the fill-time token key (enquiries/routes.tsx). */
export interface RoomEnquiryDeps {
  service: EnquiryService;
  formKey: string;
  publicUrl: string;
  /** Posts per IP per hour (RATE_LIMIT_ENQUIRY_PER_HOUR), as the site's enquiry forms. */
  rateLimit: RouteRateLimit;
}

export interface RoomPublicDeps {
  service: ViewingRoomService;
  /** Absent: the room's pages carry no enquiry form. */
  enquiries?: RoomEnquiryDeps | undefined;
  storage: Storage;
  load: ContextLoader;
  /** Secure cookies when the site is served over https. */
  secure: boolean;
}

/** The headers of every room answer, errors included. */
export const ROOM_HEADERS = {
  'cache-control': 'private, no-store',
  'x-robots-tag': 'noindex, nofollow',
  'referrer-policy': 'same-origin',
} as const;

export const roomPublicRoutes: FastifyPluginAsync<RoomPublicDeps> = async (app, deps) => {
  const { service, storage, load, secure, enquiries } = deps;
  await app.register(formbody, { bodyLimit: ENQUIRY_BODY_LIMIT });
  if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: false });

  app.addHook('onSend', async (_req, reply) => {
    reply.headers(ROOM_HEADERS);
  });

  const unlocked = (req: FastifyRequest, room: OpenRoom) =>
    service.isUnlocked(room, parseCookie(req.headers.cookie, unlockCookieName(room.row.id)));

  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').send(body);

  /** The room's enquiry form (about one of its prints on that print's page), fresh or sent back with its errors. */
  const enquiryForm = (ctx: PageContext, room: OpenRoom, printId?: string, state?: FormState) => {
    if (!enquiries) return undefined;
    const form = state ?? freshFormState(enquiries.formKey);
    return (
      <EnquiryForm
        ctx={ctx}
        action={localePath(ctx.lang, roomPath(room.token, '/enquiry'))}
        token={form.token}
        input={form.input}
        errors={form.errors}
        problem={form.problem}
        withInterest={printId !== undefined}
        heading={ctx.t(printId ? 'enquiry.print.heading' : 'room.enquiry')}
        headingId="enquiry-h"
        hiddenFields={printId ? [{ name: 'print', value: printId }] : undefined}
      />
    );
  };

  const pageData = async (room: OpenRoom): Promise<RoomPageData> => ({
    token: room.token,
    title: room.row.title,
    note: room.row.note,
    expiresAt: room.row.expires_at,
    prints: await service.prints(room),
  });

  app.get<{ Params: { token: string } }>('/rooms/:token', { schema: { hide: true } }, async (req, reply) => {
    const lang = negotiateLanguage(req.headers['accept-language']) ?? 'da';
    await service.open(req.params.token); // 404 / 410 before any redirect
    return reply.redirect(`/${lang}${roomPath(req.params.token)}`, 302);
  });

  for (const lang of LANGUAGES) {
    const context = async (path: string) => (await load(lang, path)).ctx;

    app.get<{ Params: { token: string } }>(
      `/${lang}/rooms/:token`,
      { schema: { hide: true } },
      async (req, reply) => {
        const room = await service.open(req.params.token);
        const ctx = await context(roomPath(room.token));
        if (!unlocked(req, room))
          return html(reply, renderPage(<PasswordPage ctx={ctx} token={room.token} />));
        await service.recordOpening(room);
        return html(
          reply,
          renderPage(<RoomPage ctx={ctx} room={await pageData(room)} enquiry={enquiryForm(ctx, room)} />),
        );
      },
    );

    app.get<{ Params: { token: string; printId: string } }>(
      `/${lang}/rooms/:token/prints/:printId`,
      { schema: { hide: true } },
      async (req, reply) => {
        const room = await service.open(req.params.token);
        const ctx = await context(roomPath(room.token, `/prints/${req.params.printId}`));
        if (!unlocked(req, room))
          return html(reply, renderPage(<PasswordPage ctx={ctx} token={room.token} />));
        const data = await pageData(room);
        const printId = req.params.printId.toLowerCase();
        const print = isUuid(printId) ? data.prints.find((p) => p.id === printId) : undefined;
        if (!print) throw new NotFoundError('No such print in this viewing room');
        return html(
          reply,
          renderPage(
            <RoomPrintPage ctx={ctx} room={data} print={print} enquiry={enquiryForm(ctx, room, print.id)} />,
          ),
        );
      },
    );

    if (enquiries) {
      const limit = app.rateLimit(enquiries.rateLimit);
      app.post<{ Params: { token: string }; Body: unknown }>(
        `/${lang}/rooms/:token/enquiry`,
        { schema: { hide: true }, bodyLimit: ENQUIRY_BODY_LIMIT, onRequest: limit },
        async (req, reply) => {
          const room = await service.open(req.params.token);
          if (!unlocked(req, room)) throw new AppError('FORBIDDEN', 'This viewing room is locked');
          const body = (req.body ?? {}) as Record<string, unknown>;
          const data = await pageData(room);
          // About one of the room's prints (its page's form), else the room as a whole.
          const asked = typeof body.print === 'string' ? body.print.toLowerCase() : undefined;
          const print = asked === undefined ? undefined : data.prints.find((p) => p.id === asked);
          if (asked !== undefined && !print) throw new NotFoundError('No such print in this viewing room');
          const post = readEnquiryPost(req, enquiries.formKey, enquiries.publicUrl);
          if (!post.ok) {
            const ctx = await context(roomPath(room.token, print ? `/prints/${print.id}` : ''));
            const form = enquiryForm(ctx, room, print?.id, post.state);
            return html(
              reply,
              renderPage(
                print ? (
                  <RoomPrintPage ctx={ctx} room={data} print={print} enquiry={form} />
                ) : (
                  <RoomPage ctx={ctx} room={data} enquiry={form} />
                ),
              ),
              400,
            );
          }
          const roomTitle = localizedText(room.row.title, lang).text || 'Viewing room';
          const stored = await enquiries.service.submit({
            room: {
              id: room.row.id,
              artistId: room.row.artist_id,
              title: roomTitle,
              print: print ? { id: print.id, title: print.title } : undefined,
            },
            fields: post.fields,
            language: lang,
          });
          if (!stored.ok) throw new NotFoundError('Nobody can receive messages from this viewing room');
          req.log.info({ enquiryId: stored.enquiryId, roomId: room.row.id }, 'enquiry received');
          return reply.redirect(`/${lang}/contact/sent`, 303);
        },
      );
    }

    app.post<{ Params: { token: string }; Body: unknown }>(
      `/${lang}/rooms/:token/unlock`,
      { schema: { hide: true } },
      async (req, reply) => {
        const room = await service.open(req.params.token);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const password = typeof body.password === 'string' ? body.password.slice(0, 200) : '';
        const ctx = await context(roomPath(room.token));
        try {
          const { value, expiresAt } = await service.unlock(room, password, req.ip);
          if (value) {
            const maxAge = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
            reply.header(
              'set-cookie',
              `${unlockCookieName(room.row.id)}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`,
            );
          }
          return reply.redirect(`/${lang}${roomPath(room.token)}`, 303);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.code === 'TOO_MANY_REQUESTS') {
            const wait = error.details?.retryAfter;
            if (typeof wait === 'number') reply.header('retry-after', String(wait));
            return html(
              reply,
              renderPage(<PasswordPage ctx={ctx} token={room.token} error="tooMany" />),
              429,
            );
          }
          if (error.code === 'BAD_REQUEST')
            return html(reply, renderPage(<PasswordPage ctx={ctx} token={room.token} error="wrong" />), 400);
          throw error;
        }
      },
    );
  }

  app.route<{ Params: { token: string; '*': string }; Querystring: { download?: unknown } }>({
    method: ['GET', 'HEAD'],
    url: '/rooms/:token/media/*',
    exposeHeadRoute: false,
    schema: { hide: true },
    handler: async (req, reply) => {
      const room = await service.open(req.params.token);
      const key = req.params['*'];
      if (!unlocked(req, room)) throw new AppError('FORBIDDEN', 'This viewing room is locked');
      if (!isValidKey(key) || !(await service.mayServe(room, key))) throw new NotFoundError('No such file');
      // The file is private while its print is not public, public once it is: either area, the room's check decides.
      for (const area of [PRIVATE_AREA, 'public'] satisfies ImageArea[]) {
        const info = await storage.head(area, key);
        if (!info) continue;
        let stream: Readable | undefined;
        if (req.method === 'GET') {
          try {
            stream = await storage.getStream(area, key);
          } catch (error) {
            if (error instanceof NotFoundError) continue;
            throw error;
          }
        }
        reply
          .header('content-type', contentTypeFromKey(key) ?? info.contentType ?? DEFAULT_CONTENT_TYPE)
          .header('x-content-type-options', 'nosniff')
          .header('content-length', String(info.size));
        if (req.query.download !== undefined) {
          const name = key.split('/').pop() ?? 'image';
          reply.header(
            'content-disposition',
            `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
          );
        }
        return reply.code(200).send(stream);
      }
      throw new NotFoundError('No such file');
    },
  });
};
