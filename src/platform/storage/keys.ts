// Key validation shared by every storage driver: runs before any I/O, so a bad key never reaches
// the file system or S3. Keys are relative, '/'-separated paths of plain segments. Commas are allowed: IIIF
// level 0 tiles are named by region and size ("0,0,256,256/256,256/0/default.jpg", decision 023).
import { BadRequestError } from '../errors.js';

export const MAX_KEY_LENGTH = 512;

const SEGMENT = /^[A-Za-z0-9._,-]+$/;
/** Characters a key (or prefix) may contain at all; everything else (%, \, NUL, spaces, ...) is refused. */
const KEY_CHARS = /^[A-Za-z0-9._,/-]*$/;

function refuse(what: string, value: unknown, reason: string): never {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
  throw new BadRequestError(`Invalid storage ${what} ${shown}: ${reason}`, { reason });
}

function checkSegments(what: string, value: string, segments: readonly string[]): void {
  for (const segment of segments) {
    if (segment === '') refuse(what, value, 'empty path segment');
    if (segment === '.' || segment === '..') refuse(what, value, 'relative path segment');
    if (!SEGMENT.test(segment)) refuse(what, value, 'segment has characters outside [A-Za-z0-9._,-]');
  }
}

function checkCommon(what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') refuse(what, value, 'not a string');
  if (value.length > MAX_KEY_LENGTH) refuse(what, value, `longer than ${MAX_KEY_LENGTH} characters`);
  if (value.startsWith('/')) refuse(what, value, 'absolute path');
  if (!KEY_CHARS.test(value)) refuse(what, value, 'characters outside [A-Za-z0-9._,-/]');
}

/** Throws BadRequestError unless key is a valid object key (e.g. "prints/3f2a/medium.webp"). */
export function assertValidKey(key: unknown): asserts key is string {
  checkCommon('key', key);
  if (key === '') refuse('key', key, 'empty key');
  checkSegments('key', key, key.split('/'));
}

/**
 * Throws BadRequestError unless prefix is a valid key prefix: "" (everything), a folder ending in "/"
 * ("prints/3f2a/") or a partial key ("prints/3f2a_"). Every complete segment follows the key rules.
 */
export function assertValidPrefix(prefix: unknown): asserts prefix is string {
  checkCommon('prefix', prefix);
  if (prefix === '') return;
  const segments = prefix.split('/');
  const last = segments.pop() ?? '';
  checkSegments('prefix', prefix, segments);
  // The last, possibly partial segment may be empty (prefix ends in "/") but never "." or "..".
  if (last === '.' || last === '..') refuse('prefix', prefix, 'relative path segment');
}

/** True when key is valid (no throw); used to skip foreign files (temp files, metadata) in listings. */
export function isValidKey(key: string): boolean {
  try {
    assertValidKey(key);
    return true;
  } catch {
    return false;
  }
}
