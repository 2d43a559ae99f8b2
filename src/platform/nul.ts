// PostgreSQL stores no NUL character: text and jsonb refuse "\u0000" with an error, which would surface as a 500.
// Input is checked for it at the edge (app.ts for parsed bodies, queries and parameters; the multipart form of the
// catalogue for its text fields), so such a request gets a 400 naming the field.
import { BadRequestError } from './errors.js';

/** Parsed input is strings, arrays and plain records; a raw body (a stream, a buffer) is not text to check. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !ArrayBuffer.isView(value) &&
    typeof (value as { pipe?: unknown }).pipe !== 'function'
  );
}

/** The path of the first string holding a NUL character, or undefined. */
export function nulPath(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(value)' : undefined;
  if (depth > 32) return undefined; // parsers nest far less; never walk further
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(key, path, depth + 1) ?? nulPath(item, path ? `${path}.${key}` : key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** Throws a 400 naming where a NUL character was sent. */
export function refuseNul(where: 'body' | 'querystring' | 'params', value: unknown): void {
  const path = nulPath(value);
  if (path !== undefined)
    throw new BadRequestError(`${where}.${path}: contains a NUL character (\\u0000), which is not allowed`, {
      field: path,
    });
}
