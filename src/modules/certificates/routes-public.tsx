// The public verification pages (docs/decisions/020-certificates.md), reached from a certificate's QR code:
//   GET /{lang}/verify/:code   the impression the code names (200), or a helpful page (404)
//   GET /{lang}/verify         a form to type a code from paper; ?code=… leads to its page
//   GET /verify/:code          → the same page in the visitor's language
// A code typed in another spelling (lower case, without hyphens) moves to its printed form. Answers are never
// stored by caches (a replaced code or a deleted impression stops verifying at once), never indexed, and send no
// referrer: the address holds the code.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { LANGUAGES, negotiateLanguage } from '../../platform/i18n/index.js';
import { renderPage } from '../site/layout.js';
import type { ContextLoader } from '../site/context.js';
import { formatVerificationCode, parseVerificationCode } from './code.js';
import { UnknownCodePage, VerifiedPage, verifyPath } from './pages.js';
import type { CertificateService } from './service.js';

export const VERIFY_HEADERS = {
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
  'referrer-policy': 'no-referrer',
} as const;

export const certificatePublicRoutes: FastifyPluginAsync<{
  service: CertificateService;
  load: ContextLoader;
}> = async (app, { service, load }) => {
  app.addHook('onSend', async (_req, reply) => {
    reply.headers(VERIFY_HEADERS);
  });

  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').send(body);

  app.get<{ Params: { code: string } }>('/verify/:code', { schema: { hide: true } }, async (req, reply) => {
    const lang = negotiateLanguage(req.headers['accept-language']) ?? 'da';
    return reply.redirect(`/${lang}${verifyPath(encodeURIComponent(req.params.code))}`, 302);
  });

  for (const lang of LANGUAGES) {
    app.get<{ Querystring: { code?: unknown } }>(
      `/${lang}/verify`,
      { schema: { hide: true } },
      async (req, reply) => {
        const typed = typeof req.query.code === 'string' ? req.query.code.slice(0, 64) : undefined;
        const code = parseVerificationCode(typed);
        if (code) return reply.redirect(`/${lang}${verifyPath(formatVerificationCode(code))}`, 303);
        const { ctx } = await load(lang, verifyPath());
        return html(reply, renderPage(<UnknownCodePage ctx={ctx} typed={typed} />), typed ? 404 : 200);
      },
    );

    app.get<{ Params: { code: string } }>(
      `/${lang}/verify/:code`,
      { schema: { hide: true } },
      async (req, reply) => {
        const raw = req.params.code;
        const code = parseVerificationCode(raw);
        const shown = code ? formatVerificationCode(code) : undefined;
        if (shown && shown !== raw) return reply.redirect(`/${lang}${verifyPath(shown)}`, 301);
        const result = shown ? await service.verify(shown, lang) : undefined;
        const { ctx } = await load(lang, verifyPath(shown ?? encodeURIComponent(raw.slice(0, 64))));
        if (!result)
          return html(reply, renderPage(<UnknownCodePage ctx={ctx} typed={raw.slice(0, 64)} />), 404);
        return html(reply, renderPage(<VerifiedPage ctx={ctx} result={result} />));
      },
    );
  }
};
