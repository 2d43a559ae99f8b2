// Typed errors with stable codes; the one error handler (app.ts) maps them to HTTP responses.
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'RESOURCE_NOT_FOUND'
  | 'CONFLICT'
  | 'GONE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNPROCESSABLE'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RESOURCE_NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * What an error is about, sent as `error.details`: `field` names the input it concerns as the API spells it
 * ("editionSize", "title.da", "number"), so a form marks the field without reading the message; `missing` lists
 * what the publishing gate still needs.
 */
export interface ErrorDetails {
  field?: string;
  missing?: string[];
  [key: string]: unknown;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.status = STATUS_OF[code];
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Resource not found') {
    super('RESOURCE_NOT_FOUND', message);
    this.name = 'NotFoundError';
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: ErrorDetails) {
    super('BAD_REQUEST', message, details);
    this.name = 'BadRequestError';
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: ErrorDetails) {
    super('CONFLICT', message, details);
    this.name = 'ConflictError';
  }
}

/** True for "not found" in any form: NotFoundError, or an AppError with RESOURCE_NOT_FOUND. */
export function isNotFound(error: unknown): boolean {
  return error instanceof AppError && error.code === 'RESOURCE_NOT_FOUND';
}

/**
 * The promise's value, or undefined when it fails with "not found" — for a page that answers 404 then. Any other
 * failure (the database is down, a bug) goes on to the error handler: it must never look like "not found".
 */
export function unlessNotFound<T>(promise: Promise<T>): Promise<T | undefined> {
  return promise.catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
}

/** The field an error is about, when it names one. */
export function fieldOf(error: unknown): string | undefined {
  return error instanceof AppError && typeof error.details?.field === 'string'
    ? error.details.field
    : undefined;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetails };
}

/**
 * The API's error body: {"error": {"code", "message"}}, with "details" when the error says what it is about —
 * only `field`, `missing` and `refused` (an import's refused rows) go out (a whitelist, like every response):
 * other details stay in the server.
 */
export function errorBody(code: ErrorCode, message: string, details?: ErrorDetails): ErrorBody {
  const sent: ErrorDetails = {};
  if (typeof details?.field === 'string') sent.field = details.field;
  if (Array.isArray(details?.missing)) sent.missing = details.missing;
  if (Array.isArray(details?.refused)) sent.refused = details.refused;
  return { error: { code, message, ...(Object.keys(sent).length ? { details: sent } : {}) } };
}
