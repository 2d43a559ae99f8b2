// Guards other modules use: the studio-page preHandler and the CSRF token of the request's session.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { sameSitePath } from '../../platform/paths.js';
import '../../platform/auth-context.js';

/** Filled by the auth hook for requests with a live studio session. */
export const csrfTokens = new WeakMap<FastifyRequest, string>();

/** The CSRF token of the request's studio session: put it in a hidden `_csrf` field or the x-csrf-token header. */
export function csrfToken(req: FastifyRequest): string {
  const token = csrfTokens.get(req);
  if (!token) throw new AppError('UNAUTHORIZED', 'No studio session');
  return token;
}

/** preHandler for studio pages: not signed in with a session → the sign-in flow, back here afterwards. */
export async function requireStudioSession(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.artist?.via === 'session') return;
  const returnTo = req.method === 'GET' ? req.url : '/studio';
  await reply.redirect(`/studio/auth/login?returnTo=${encodeURIComponent(returnTo)}`, 303);
}

/** Only same-origin absolute paths are followed after sign-in. */
export function safeReturnTo(value: unknown, publicUrl: string): string {
  return sameSitePath(value, publicUrl) ?? '/studio';
}
