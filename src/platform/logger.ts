// One JSON line per event on stdout (pino); secrets are redacted wherever they might appear.
import pino, { type LoggerOptions, type Logger } from 'pino';
import type { Config } from '../config.js';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.clientSecret',
  '*.client_secret',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.id_token',
  '*.refresh_token',
  '*.code_verifier',
  '*.secret',
];

const REDACTED = '[redacted]';

/**
 * Query parameters that are credentials or personal data: OAuth codes, state and nonce on the sign-in round trip,
 * ID tokens in logout URLs, login hints (e-mail addresses), tokens of any kind.
 */
const SECRET_QUERY_PARAMS = new Set([
  'code',
  'state',
  'nonce',
  'id_token_hint',
  'login_hint',
  'logout_hint',
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'code_verifier',
  'client_secret',
  'xsrf',
]);

/** Paths whose tail is a bearer credential: the signed local upload URL carries its whole authorization. */
const SECRET_PATH_TAILS = [
  /^(\/uploads\/direct\/).+$/,
  // A viewing room's link token (decision 015), on its pages and its files.
  /^(\/(?:da\/|en\/)?rooms\/).+$/,
  // A certificate's verification code (decision 020): whoever has it may read the impression's facts.
  /^(\/(?:da\/|en\/)?verify\/).+$/,
];

function decodedOrRaw(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A request URL fit for the log: credential path tails and secret query values replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  const rawPath = mark === -1 ? url : url.slice(0, mark);
  const query = mark === -1 ? '' : url.slice(mark + 1);
  // The router decodes percent-encoding (`/uploads/%64irect/…` is the upload route): match the decoded path.
  let path = rawPath;
  const decoded = decodedOrRaw(rawPath);
  for (const tail of SECRET_PATH_TAILS) {
    const match = tail.exec(decoded);
    if (match) path = `${match[1]}${REDACTED}`;
  }
  if (!query) return path;
  const pairs = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = decodedOrRaw((eq === -1 ? pair : pair.slice(0, eq)).replaceAll('+', ' ')).toLowerCase();
    // The language toggle's `next` names the page it returns to: a viewing room's link, a certificate's code.
    const value = eq === -1 ? '' : decodedOrRaw(pair.slice(eq + 1).replaceAll('+', ' '));
    return SECRET_QUERY_PARAMS.has(name) || /(^|\/)(rooms|verify)\//.test(value)
      ? `${pair.slice(0, eq === -1 ? pair.length : eq)}=${REDACTED}`
      : pair;
  });
  return `${path}?${pairs.join('&')}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request serializer, with the URL redacted. */
function serializeRequest(req: LoggedRequest) {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * Properties of database errors that carry the values of a statement: PostgreSQL's `detail` ("Key (email)=(…)"),
 * `where` and `internalQuery`, and the statement's text and parameters that PGlite attaches (`query`, `params`,
 * which may hold a session's CSRF secret or a password hash). The code, constraint, table and column stay.
 */
const ERROR_VALUE_PROPERTIES = ['detail', 'where', 'internalQuery', 'query', 'params', 'parameters'];

/** A copy of a serialized error with those properties replaced (the error itself is left as it was). */
function redactValues(node: unknown, depth: number): unknown {
  if (!node || typeof node !== 'object' || depth > 4) return node;
  if (Array.isArray(node)) return node.map((item) => redactValues(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] = ERROR_VALUE_PROPERTIES.includes(key) ? REDACTED : redactValues(value, depth + 1);
  }
  return copy;
}

/** pino's error serializer without the properties above, on nested and aggregated errors too. */
export function serializeError(error: unknown): unknown {
  return redactValues(pino.stdSerializers.err(error as Error), 0);
}

export function loggerOptions(config: Pick<Config, 'logLevel'>): LoggerOptions {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { req: serializeRequest, err: serializeError },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  return destination ? pino(loggerOptions(config), destination) : pino(loggerOptions(config));
}

export type { Logger };
