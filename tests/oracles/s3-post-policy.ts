// Test oracle: evaluates a presigned POST policy the way S3 does. s3rver checks neither signatures nor POST
// policies (shared/DESIGN.md), so the storage tests judge the policies the S3 driver signs with this.
import { createHmac } from 'node:crypto';
import { decodePostPolicy } from '../../src/platform/storage/s3.js';

export interface PresignedPostSubmission {
  /** Content-Type form field the client sends instead of the target's (omitted: the target's, as given). */
  readonly contentType?: string;
  /** Size of the file in bytes. */
  readonly size: number;
  /** Key the browser sends. */
  readonly key: string;
  readonly now: Date | number;
  /** When given, the policy signature (SigV4) is verified too. */
  readonly secretAccessKey?: string;
}

export type PolicyCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Form fields S3 does not require a policy condition for. */
const EXEMPT_FIELDS = new Set(['policy', 'x-amz-signature', 'file']);

/**
 * Evaluates a presigned POST policy the way S3 does for a submission of the given fields (with key and
 * Content-Type as submitted). s3rver ignores policies, so this is what tests check our policies with.
 */
export function checkPresignedPostPolicy(
  fields: Readonly<Record<string, string>>,
  submission: PresignedPostSubmission,
): PolicyCheck {
  const refuse = (reason: string): PolicyCheck => ({ ok: false, reason });
  const policy = decodePostPolicy(fields);
  if (!policy) return refuse('missing or malformed policy');

  const form = new Map<string, string>();
  for (const [name, value] of Object.entries(fields)) form.set(name.toLowerCase(), value);
  form.set('key', submission.key);
  if (submission.contentType !== undefined) form.set('content-type', submission.contentType);

  const now = typeof submission.now === 'number' ? submission.now : submission.now.getTime();
  const expiration = Date.parse(policy.expiration);
  if (!Number.isFinite(expiration)) return refuse('policy expiration does not parse');
  if (now >= expiration) return refuse('policy expired');

  if (submission.secretAccessKey !== undefined) {
    const credential = form.get('x-amz-credential')?.split('/') ?? [];
    const [, date, region, service] = credential;
    if (!date || !region || !service) return refuse('malformed X-Amz-Credential');
    const hmac = (key: string | Buffer, data: string): Buffer =>
      createHmac('sha256', key).update(data).digest();
    const signingKey = hmac(
      hmac(hmac(hmac(`AWS4${submission.secretAccessKey}`, date), region), service),
      'aws4_request',
    );
    const expected = hmac(signingKey, fields.Policy ?? fields.policy ?? '').toString('hex');
    if (expected !== form.get('x-amz-signature')) return refuse('signature does not match the policy');
  }

  const covered = new Set<string>();
  for (const condition of policy.conditions) {
    if (Array.isArray(condition)) {
      const [op, a, b] = condition as readonly unknown[];
      if (op === 'content-length-range') {
        if (typeof a !== 'number' || typeof b !== 'number') return refuse('malformed content-length-range');
        if (submission.size < a || submission.size > b) {
          return refuse(`size ${submission.size} outside content-length-range [${a}, ${b}]`);
        }
        continue;
      }
      if (typeof op !== 'string' || typeof a !== 'string' || !a.startsWith('$') || typeof b !== 'string') {
        return refuse(`malformed condition ${JSON.stringify(condition)}`);
      }
      const name = a.slice(1).toLowerCase();
      covered.add(name);
      const value = form.get(name) ?? '';
      if (op.toLowerCase() === 'eq') {
        if (value !== b) return refuse(`${name} must equal "${b}"`);
      } else if (op.toLowerCase() === 'starts-with') {
        if (!value.startsWith(b)) return refuse(`${name} must start with "${b}"`);
      } else {
        return refuse(`unknown condition operator "${op}"`);
      }
    } else {
      for (const [rawName, expected] of Object.entries(condition)) {
        const name = rawName.toLowerCase();
        covered.add(name);
        if (form.get(name) !== expected) return refuse(`${name} must equal "${String(expected)}"`);
      }
    }
  }
  for (const name of form.keys()) {
    if (!EXEMPT_FIELDS.has(name) && !name.startsWith('x-ignore-') && !covered.has(name)) {
      return refuse(`field ${name} is not allowed by the policy`);
    }
  }
  return { ok: true };
}
