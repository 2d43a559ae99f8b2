// The public enquiry form of a print (/{lang}/prints/:id/enquiry; the print page carries the same form) and the
// contact page (/{lang}/contact). Abuse protection without tracking or a third-party captcha, and without a cookie:
// - same origin: Origin (else Referer) must be the site's (PUBLIC_URL) — a cross-site post gets 403;
// - a honeypot field people never see (hidden, aria-hidden, tabindex -1, autocomplete off);
// - a minimum fill time: the form carries when it was rendered, HMAC-signed with a server secret (form-token.ts);
// - RATE_LIMIT_ENQUIRY_PER_HOUR posts per IP across all these forms, body capped at 64 KB, strict validation of every field.
// Anything refused comes back as the form with what was typed and the errors (400), never a 5xx. A stored enquiry
// redirects (303) to a confirmation page that shows nothing of what was sent.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { AppError } from '../../platform/errors.js';
import { LANGUAGES, type Language } from '../../platform/i18n/index.js';
import { enquiryRateLimit } from '../auth/rate-limits.js';
import { loadAuthSecrets } from '../auth/secrets.js';
import { isSameOrigin } from '../legal/routes.js';
import { contextLoader, type SiteDeps } from '../site/context.js';
import { sendHtml } from '../site/http.js';
import { renderPage } from '../site/layout.js';
import { checkFormToken, issueFormToken } from './form-token.js';
import { ContactPage, EnquirySentPage, PrintEnquiryPage, type FormProblem, type FormState } from './pages.js';
import type { EnquiryService, Submission } from './service.js';
import { parseShortlist } from '../site/shortlist-ids.js';
import {
  EMPTY_ENQUIRY,
  readEnquiryInput,
  validateEnquiry,
  type EnquiryFields,
  type EnquiryInput,
} from './validation.js';

export const ENQUIRY_BODY_LIMIT = 64 * 1024;

/** The key the fill-time tokens are signed with: derived from the session secret (or the stored generated one). */
export async function enquiryFormKey(config: Config, database: DatabaseHandle): Promise<string> {
  return (await loadAuthSecrets(config, database)).derive('enquiry-form');
}

/** A form state with a fresh fill-time token: a new form, or one sent back with what was typed. */
export function freshFormState(formKey: string, input: EnquiryInput = EMPTY_ENQUIRY): FormState {
  return { token: issueFormToken(formKey), input, errors: [] };
}

/**
 * Every check of an enquiry post (same origin, honeypot, fill time, then the fields): the validated fields, or the
 * form to show again with what was typed and why it was refused. A cross-site post throws 403.
 */
export function readEnquiryPost(
  req: FastifyRequest,
  formKey: string,
  publicUrl: string,
): { ok: true; fields: EnquiryFields; input: EnquiryInput } | { ok: false; state: FormState } {
  const { input, problem } = screen(req, formKey, publicUrl);
  if (problem) return { ok: false, state: { ...freshFormState(formKey, input), problem } };
  const result = validateEnquiry(input);
  if (!result.ok) return { ok: false, state: { ...freshFormState(formKey, input), errors: result.errors } };
  return { ok: true, fields: result.enquiry, input };
}

/** The checks every enquiry post goes through before validation of its fields. */
function screen(
  req: FastifyRequest,
  key: string,
  publicUrl: string,
): { input: EnquiryInput; problem?: FormProblem } {
  if (!isSameOrigin(req, publicUrl))
    throw new AppError('FORBIDDEN', 'Form posts are accepted from this site only.');
  const body = (req.body ?? {}) as Record<string, unknown>;
  const input = readEnquiryInput(body);
  const honeypot = body.website;
  if (honeypot !== undefined && honeypot !== '') return { input, problem: 'rejected' };
  const token = checkFormToken(key, Array.isArray(body.issued) ? body.issued.at(-1) : body.issued);
  if (token === 'invalid') return { input, problem: 'rejected' };
  if (token === 'too-fast') return { input, problem: 'tooFast' };
  if (token === 'expired') return { input, problem: 'expired' };
  return { input };
}

/** Renders a visitor's list page (site/routes.tsx) with the enquiry form in the given state. */
export type ShortlistPageSender = (
  req: FastifyRequest,
  reply: FastifyReply,
  lang: Language,
  ids: readonly string[],
  state: FormState,
  status: number,
) => Promise<unknown>;

export const enquiryRoutes: FastifyPluginAsync<
  SiteDeps & { enquiries: EnquiryService; formKey: string; shortlistPage?: ShortlistPageSender }
> = async (app, deps) => {
  const { config, enquiries, formKey, shortlistPage } = deps;
  const load = contextLoader(deps);

  // The auth plugin registers rate limiting for the whole app (global: false); registering twice throws.
  if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: false });
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded'))
    await app.register(formbody, { bodyLimit: ENQUIRY_BODY_LIMIT });

  const fresh = (input: EnquiryInput = EMPTY_ENQUIRY): FormState => freshFormState(formKey, input);

  // One limiter (one counter per IP) for every enquiry form: a route's own rateLimit config would count each form
  // and language apart, multiplying the limit by the number of prints.
  const limit = app.rateLimit(enquiryRateLimit(config));
  const postOptions = { schema: { hide: true }, bodyLimit: ENQUIRY_BODY_LIMIT, onRequest: limit };

  async function sendContact(
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Language,
    state: FormState,
    status = 200,
  ) {
    const { ctx } = await load(lang, '/contact');
    const directEmail = await enquiries.publicContactEmail();
    return sendHtml(
      req,
      reply,
      renderPage(<ContactPage ctx={ctx} state={state} directEmail={directEmail} />),
      {
        status,
        // The page carries a fresh fill-time token: never shared by caches.
        cache: 'private',
      },
    );
  }

  async function sendPrintForm(
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Language,
    printId: string,
    state: FormState,
    status = 200,
  ) {
    const title = await enquiries.printTitle(printId, lang);
    if (title === undefined) return reply.callNotFound();
    const { ctx } = await load(lang, `/prints/${printId}/enquiry`);
    return sendHtml(
      req,
      reply,
      renderPage(<PrintEnquiryPage ctx={ctx} printId={printId} printTitle={title} state={state} />),
      { status, cache: 'private' },
    );
  }

  /** Screens and validates a post; the stored enquiry's outcome, or the state of the form to show again. */
  async function receive(
    req: FastifyRequest,
    lang: Language,
    about: Pick<Submission, 'printId' | 'printIds'>,
  ): Promise<{ sent: true } | { sent: false; state: FormState; missing?: true }> {
    const post = readEnquiryPost(req, formKey, config.publicUrl);
    if (!post.ok) return { sent: false, state: post.state };
    const stored = await enquiries.submit({ ...about, fields: post.fields, language: lang });
    if (!stored.ok) return { sent: false, state: fresh(post.input), missing: true };
    req.log.info(
      {
        enquiryId: stored.enquiryId,
        printId: about.printId ?? null,
        prints: about.printIds?.length ?? null,
        notificationQueued: stored.queued,
      },
      'enquiry received',
    );
    return { sent: true };
  }

  for (const lang of LANGUAGES) {
    app.get(`/${lang}/contact`, { schema: { hide: true } }, async (req, reply) =>
      sendContact(req, reply, lang, fresh()),
    );

    app.post(`/${lang}/contact`, postOptions, async (req, reply) => {
      const outcome = await receive(req, lang, {});
      if (outcome.sent)
        return reply.header('cache-control', 'no-store').redirect(`/${lang}/contact/sent`, 303);
      if (outcome.missing) return reply.callNotFound();
      return sendContact(req, reply, lang, outcome.state, 400);
    });

    app.get(`/${lang}/contact/sent`, { schema: { hide: true } }, async (req, reply) => {
      const { ctx } = await load(lang, '/contact/sent');
      return sendHtml(req, reply, renderPage(<EnquirySentPage ctx={ctx} />), { cache: 'private' });
    });

    app.get<{ Params: { id: string } }>(
      `/${lang}/prints/:id/enquiry`,
      { schema: { hide: true } },
      async (req, reply) => sendPrintForm(req, reply, lang, req.params.id, fresh()),
    );

    app.post<{ Params: { id: string } }>(`/${lang}/prints/:id/enquiry`, postOptions, async (req, reply) => {
      const printId = req.params.id;
      if ((await enquiries.printTitle(printId, lang)) === undefined) return reply.callNotFound();
      const outcome = await receive(req, lang, { printId });
      if (outcome.sent)
        return reply.header('cache-control', 'no-store').redirect(`/${lang}/contact/sent`, 303);
      if (outcome.missing) return reply.callNotFound();
      return sendPrintForm(req, reply, lang, printId, outcome.state, 400);
    });

    // One enquiry about the prints of a visitor's list (site/shortlist.tsx); the ids come with the form.
    if (shortlistPage)
      app.post(`/${lang}/list/enquiry`, postOptions, async (req, reply) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const printIds = parseShortlist(Array.isArray(body.prints) ? body.prints.at(-1) : body.prints);
        if (printIds.length === 0) return reply.callNotFound();
        const outcome = await receive(req, lang, { printIds });
        if (outcome.sent)
          return reply.header('cache-control', 'no-store').redirect(`/${lang}/contact/sent`, 303);
        // None of the prints can be asked about any more: the list page says so, without the form.
        return shortlistPage(req, reply, lang, printIds, outcome.state, outcome.missing ? 404 : 400);
      });
  }
};
