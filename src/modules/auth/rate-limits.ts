// Per-IP rate limits (@fastify/rate-limit, registered by the auth plugin with global: false). Routes opt in:
//   app.post('/signin', { config: { rateLimit: signInRateLimit(config) } }, handler)
// A route's own config keeps a counter store per route; a form served under both languages (takedown, enquiries)
// shares one limiter instead: `const limit = app.rateLimit(takedownRateLimit(config))`, `onRequest: limit`.
// Counters are per process (in memory): with N web dynos the effective limit is at most N times the setting.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../platform/errors.js';

export interface RouteRateLimit {
  max: number;
  timeWindow: number;
  keyGenerator: (req: FastifyRequest) => string;
  errorResponseBuilder: (req: FastifyRequest, context: { after: string }) => AppError;
}

function perIp(name: string, max: number, timeWindow: number): RouteRateLimit {
  return {
    max,
    timeWindow,
    // req.ip honours exactly TRUST_PROXY hops (app.ts), so clients cannot pick their own address.
    keyGenerator: (req) => `${name}:${req.ip}`,
    errorResponseBuilder: (_req, context) =>
      new AppError('TOO_MANY_REQUESTS', `Too many requests. Try again in ${context.after}.`),
  };
}

/** Sign-in form submissions: RATE_LIMIT_SIGNIN_PER_MINUTE per IP. */
export const signInRateLimit = (config: Config): RouteRateLimit =>
  perIp('signin', config.rateLimits.signInPerMinute, 60_000);

/**
 * Starting a sign-in at the embedded issuer (/oidc/auth): 3 × RATE_LIMIT_SIGNIN_PER_MINUTE per IP. Each start
 * stores an interaction for 15 minutes; the bound keeps anonymous callers from filling the table.
 */
export const authorizeRateLimit = (config: Config): RouteRateLimit =>
  perIp('authorize', config.rateLimits.signInPerMinute * 3, 60_000);

/** The public takedown form: RATE_LIMIT_TAKEDOWN_PER_HOUR per IP. */
export const takedownRateLimit = (config: Config): RouteRateLimit =>
  perIp('takedown', config.rateLimits.takedownPerHour, 3_600_000);

/** Search and autocomplete: RATE_LIMIT_SEARCH_PER_MINUTE per IP. */
export const searchRateLimit = (config: Config): RouteRateLimit =>
  perIp('search', config.rateLimits.searchPerMinute, 60_000);

/** The public enquiry and contact forms: RATE_LIMIT_ENQUIRY_PER_HOUR per IP (both forms share the count). */
export const enquiryRateLimit = (config: Config): RouteRateLimit =>
  perIp('enquiry', config.rateLimits.enquiryPerHour, 3_600_000);
