// Legal pages in both languages and the notice-and-takedown form: validated server-side, protected against
// cross-site posts (same-origin check of Origin/Referer, no cookies needed) and bots (honeypot), rate limited per
// IP, stored, then POST-redirect-GET to a confirmation with the reference number.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { AppError } from '../../platform/errors.js';
import { takedownRateLimit } from '../auth/rate-limits.js';
import { LANGUAGES } from '../../platform/i18n/index.js';
import { contextLoader, type SiteDeps } from '../site/context.js';
import { renderPage } from '../site/layout.js';
import { sendHtml } from '../site/http.js';
import { PrivacyPage, TakedownPage, TakedownReceivedPage, TermsPage } from './pages.js';
import { insertTakedownNotice, takedownNoticeExists } from './repository.js';
import { EMPTY_INPUT, readTakedownInput, validateTakedown } from './validation.js';
import { isUuid } from '../../platform/ids.js';

/** The origin the browser says the form was sent from: Origin, else the Referer's origin. */
function senderOrigin(req: FastifyRequest): string | undefined {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== '' && origin !== 'null') return origin;
  const referer = req.headers.referer;
  if (typeof referer !== 'string' || referer === '') return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/** A form post is accepted only from the site itself: its public URL or the host the request was sent to. */
export function isSameOrigin(req: FastifyRequest, publicUrl: string): boolean {
  const sender = senderOrigin(req);
  if (!sender) return false;
  return sender === new URL(publicUrl).origin || sender === `${req.protocol}://${req.host}`;
}

export const legalRoutes: FastifyPluginAsync<SiteDeps> = async (app, deps) => {
  const { config, database } = deps;
  const load = contextLoader(deps);

  // The auth plugin registers rate limiting for the whole app (global: false); registering twice throws.
  if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: false });
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    await app.register(formbody, { bodyLimit: 64 * 1024 });
  }

  // One limiter (one counter per IP) for the form in both languages: a route's own rateLimit config keeps a store
  // per route, which would double the limit.
  const limit = app.rateLimit(takedownRateLimit(config));

  for (const lang of LANGUAGES) {
    app.get(`/${lang}/terms`, { schema: { hide: true } }, async (req, reply) => {
      const { ctx } = await load(lang, '/terms');
      return sendHtml(req, reply, renderPage(<TermsPage ctx={ctx} />));
    });

    app.get(`/${lang}/privacy`, { schema: { hide: true } }, async (req, reply) => {
      const { ctx } = await load(lang, '/privacy');
      const enquiryMonths = deps.enquiries ? await deps.enquiries.siteRetentionMonths() : 24;
      return sendHtml(req, reply, renderPage(<PrivacyPage ctx={ctx} enquiryMonths={enquiryMonths} />));
    });

    app.get(`/${lang}/takedown`, { schema: { hide: true } }, async (req, reply) => {
      const { ctx } = await load(lang, '/takedown');
      return sendHtml(req, reply, renderPage(<TakedownPage ctx={ctx} input={EMPTY_INPUT} errors={[]} />));
    });

    app.post(
      `/${lang}/takedown`,
      {
        schema: { hide: true },
        bodyLimit: 64 * 1024,
        onRequest: limit,
      },
      async (req, reply) => {
        if (!isSameOrigin(req, config.publicUrl)) {
          throw new AppError('FORBIDDEN', 'Form posts are accepted from this site only.');
        }
        const body = (req.body ?? {}) as Record<string, unknown>;
        const honeypot = body.website;
        if (honeypot !== undefined && honeypot !== '') {
          throw new AppError('BAD_REQUEST', 'The notice was not accepted.');
        }
        const input = readTakedownInput(body);
        const result = validateTakedown(input);
        if (!result.ok) {
          const { ctx } = await load(lang, '/takedown');
          return sendHtml(
            req,
            reply,
            renderPage(<TakedownPage ctx={ctx} input={input} errors={result.errors} />),
            { status: 422, cache: 'private' },
          );
        }
        const id = await insertTakedownNotice(database.db, result.notice, lang);
        req.log.info({ takedownNoticeId: id }, 'takedown notice received');
        return reply
          .header('cache-control', 'no-store')
          .redirect(`/${lang}/takedown/received?ref=${id}`, 303);
      },
    );

    app.get<{ Querystring: { ref?: string } }>(
      `/${lang}/takedown/received`,
      { schema: { hide: true } },
      async (req, reply) => {
        const ref = typeof req.query.ref === 'string' ? req.query.ref.toLowerCase() : '';
        if (!isUuid(ref) || !(await takedownNoticeExists(database.db, ref))) return reply.callNotFound();
        const { ctx } = await load(lang, `/takedown/received?ref=${ref}`);
        return sendHtml(req, reply, renderPage(<TakedownReceivedPage ctx={ctx} reference={ref} />), {
          cache: 'private',
        });
      },
    );
  }
};
