// S3 driver: one bucket per area, streamed multipart uploads, presigned POST for browser uploads.
// Checksums WHEN_REQUIRED: otherwise streamed bodies to S3-compatible servers get corrupted.
import { createHmac } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { Config } from '../../config.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { DEFAULT_CONTENT_TYPE, PUBLIC_CACHE_CONTROL, contentTypeFromKey } from './content-types.js';
import { assertValidKey, assertValidPrefix } from './keys.js';
import type {
  ObjectInfo,
  PutOptions,
  Storage,
  StorageArea,
  UploadTarget,
  UploadTargetRequest,
} from './types.js';
import { assertUploadTargetRequest, assertValidArea, assertValidRange, STORAGE_AREAS } from './validation.js';

/** Multipart part size; the uploader holds at most PART_SIZE * QUEUE_SIZE bytes in memory. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;
const DELETE_BATCH = 1000;

function httpStatus(error: unknown): number | undefined {
  if (error && typeof error === 'object' && '$metadata' in error) {
    const meta = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
    return meta?.httpStatusCode;
  }
  return undefined;
}

function isNotFound(error: unknown): boolean {
  const name = error instanceof Error ? error.name : undefined;
  return name === 'NotFound' || name === 'NoSuchKey' || httpStatus(error) === 404;
}

/** Passes bytes through, failing before the end of the stream when the total differs from expected. */
function lengthCheck(expected: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > expected)
        callback(new BadRequestError(`Body is longer than the declared ${expected} bytes`));
      else callback(null, chunk);
    },
    flush(callback) {
      callback(
        seen === expected ? null : new BadRequestError(`Body has ${seen} bytes, expected ${expected}`),
      );
    },
  });
}

export interface S3StorageOptions {
  /** A ready client (tests); default: built from config. */
  readonly client?: S3Client;
}

export class S3Storage implements Storage {
  readonly driver = 's3' as const;
  readonly client: S3Client;
  readonly #config: Config;

  constructor(config: Config, options: S3StorageOptions = {}) {
    this.#config = config;
    const s3 = config.storage.s3;
    this.client =
      options.client ??
      new S3Client({
        ...clientLocation(config),
        credentials:
          s3.accessKeyId !== undefined && s3.secretAccessKey !== undefined
            ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
            : undefined,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
  }

  bucketOf(area: StorageArea): string {
    assertValidArea(area);
    const s3 = this.#config.storage.s3;
    return area === 'originals' ? s3.originalsBucket : area === 'public' ? s3.publicBucket : s3.backupsBucket;
  }

  async put(
    area: StorageArea,
    key: string,
    body: Readable | Buffer,
    options: PutOptions = {},
  ): Promise<void> {
    assertValidKey(key);
    const Bucket = this.bucketOf(area);
    let Body: Readable | Buffer = body;
    if (options.contentLength !== undefined) {
      if (Buffer.isBuffer(body)) {
        if (body.length !== options.contentLength) {
          throw new BadRequestError(`Body has ${body.length} bytes, expected ${options.contentLength}`);
        }
      } else {
        const check = lengthCheck(options.contentLength);
        body.on('error', (error) => check.destroy(error));
        check.on('error', () => undefined); // the upload rejects with it; avoid an unhandled re-emit
        Body = body.pipe(check);
      }
    }
    const upload = new Upload({
      client: this.client,
      queueSize: QUEUE_SIZE,
      partSize: PART_SIZE,
      leavePartsOnError: false,
      params: {
        Bucket,
        Key: key,
        Body,
        ContentType: options.contentType ?? contentTypeFromKey(key) ?? DEFAULT_CONTENT_TYPE,
        CacheControl: options.cacheControl ?? (area === 'public' ? PUBLIC_CACHE_CONTROL : undefined),
      },
    });
    await upload.done();
  }

  async getStream(
    area: StorageArea,
    key: string,
    range?: { start: number; end?: number },
  ): Promise<Readable> {
    assertValidKey(key);
    if (range) assertValidRange(range);
    const Bucket = this.bucketOf(area);
    try {
      const result = await this.client.send(
        new GetObjectCommand({
          Bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end ?? ''}` : undefined,
        }),
      );
      if (!(result.Body instanceof Readable)) throw new Error('S3 returned a body that is not a Node stream');
      return result.Body;
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundError(`No object "${key}" in ${area}`);
      if (httpStatus(error) === 416) throw new BadRequestError(`Range not satisfiable for "${key}"`);
      throw error;
    }
  }

  async head(area: StorageArea, key: string): Promise<ObjectInfo | undefined> {
    assertValidKey(key);
    const Bucket = this.bucketOf(area);
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket, Key: key }));
      return {
        key,
        size: result.ContentLength ?? 0,
        contentType: result.ContentType,
        lastModified: result.LastModified ?? new Date(0),
        etag: result.ETag,
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(area: StorageArea, key: string): Promise<void> {
    assertValidKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucketOf(area), Key: key }));
  }

  /**
   * Moves an object to the same key in another area's bucket: a server-side copy (the bytes never pass through
   * the app) with the destination's headers, then the source is deleted; NotFoundError when it is absent.
   * The media module moves image versions between the private and the public bucket with it (publishing).
   */
  async move(from: StorageArea, to: StorageArea, key: string, options: PutOptions = {}): Promise<void> {
    assertValidKey(key);
    const source = this.bucketOf(from);
    const Bucket = this.bucketOf(to);
    if (source === Bucket) return;
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket,
          Key: key,
          // Keys are limited to [A-Za-z0-9._/-]: nothing to escape.
          CopySource: `${source}/${key}`,
          MetadataDirective: 'REPLACE',
          ContentType: options.contentType ?? contentTypeFromKey(key) ?? DEFAULT_CONTENT_TYPE,
          CacheControl: options.cacheControl ?? (to === 'public' ? PUBLIC_CACHE_CONTROL : undefined),
        }),
      );
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundError(`No object "${key}" in ${from}`);
      throw error;
    }
    await this.client.send(new DeleteObjectCommand({ Bucket: source, Key: key }));
  }

  /**
   * Copies an object to another key (same or another area) server-side; the source stays. NotFoundError when it
   * is absent. One CopyObject call: fine up to S3's 5 GB limit, far above UPLOAD_MAX_BYTES.
   */
  async copy(
    from: StorageArea,
    fromKey: string,
    to: StorageArea,
    toKey: string,
    options: PutOptions = {},
  ): Promise<void> {
    assertValidKey(fromKey);
    assertValidKey(toKey);
    const source = this.bucketOf(from);
    const Bucket = this.bucketOf(to);
    if (source === Bucket && fromKey === toKey) return;
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket,
          Key: toKey,
          CopySource: `${source}/${fromKey}`,
          MetadataDirective: 'REPLACE',
          ContentType: options.contentType ?? contentTypeFromKey(toKey) ?? DEFAULT_CONTENT_TYPE,
          CacheControl: options.cacheControl ?? (to === 'public' ? PUBLIC_CACHE_CONTROL : undefined),
        }),
      );
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundError(`No object "${fromKey}" in ${from}`);
      throw error;
    }
  }

  async deletePrefix(area: StorageArea, prefix: string): Promise<number> {
    assertValidPrefix(prefix);
    if (prefix === '') throw new BadRequestError('Refusing to delete a whole storage area (empty prefix)');
    const Bucket = this.bucketOf(area);
    let deleted = 0;
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken, MaxKeys: 1000 }),
      );
      const keys = (page.Contents ?? []).flatMap((item) => (item.Key === undefined ? [] : [item.Key]));
      for (let i = 0; i < keys.length; i += DELETE_BATCH) {
        const batch = keys.slice(i, i + DELETE_BATCH);
        const result = await this.client.send(
          new DeleteObjectsCommand({
            Bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        const errors = result.Errors ?? [];
        if (errors.length > 0) {
          const first = errors[0];
          throw new Error(
            `S3 could not delete ${errors.length} object(s), first "${first?.Key}": ${first?.Code} ${first?.Message}`,
          );
        }
        deleted += batch.length;
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return deleted;
  }

  async *list(area: StorageArea, prefix: string): AsyncIterable<ObjectInfo> {
    assertValidPrefix(prefix);
    const Bucket = this.bucketOf(area);
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket,
          Prefix: prefix === '' ? undefined : prefix,
          ContinuationToken,
          MaxKeys: 1000,
        }),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        yield {
          key: item.Key,
          size: item.Size ?? 0,
          contentType: undefined,
          lastModified: item.LastModified ?? new Date(0),
          etag: item.ETag,
        };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async createUploadTarget(request: UploadTargetRequest): Promise<UploadTarget> {
    assertUploadTargetRequest(request);
    const Bucket = this.bucketOf(request.area);
    const { url, fields } = await createPresignedPost(this.client, {
      Bucket,
      Key: request.key,
      Conditions: [
        ['content-length-range', 1, request.maxBytes],
        ['eq', '$Content-Type', request.contentType],
        ['eq', '$key', request.key],
      ],
      Fields: { 'Content-Type': request.contentType },
      Expires: request.expiresInSeconds,
    });
    const policy = decodePolicy(fields);
    return {
      method: 'POST',
      url,
      fields,
      headers: {},
      key: request.key,
      expiresAt: new Date(policy?.expiration ?? Date.now() + request.expiresInSeconds * 1000),
      maxBytes: request.maxBytes,
    };
  }

  publicUrl(key: string): string {
    assertValidKey(key);
    return `${publicBase(this.#config)}/${key}`;
  }

  async ping(): Promise<void> {
    for (const area of STORAGE_AREAS) {
      const Bucket = this.bucketOf(area);
      try {
        await this.client.send(new HeadBucketCommand({ Bucket }));
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new Error(`S3 bucket "${Bucket}" (${area}) is not reachable: ${reason}`, { cause: error });
      }
    }
  }
}

/** Where the client sends requests: region, custom endpoint and addressing style. */
function clientLocation(config: Config): Pick<S3ClientConfig, 'region' | 'endpoint' | 'forcePathStyle'> {
  const { region, endpoint, forcePathStyle } = config.storage.s3;
  return { region, endpoint, forcePathStyle };
}

/** Base URL of public image versions (no trailing slash). */
function publicBase(config: Config): string {
  const { cdnUrl, s3 } = config.storage;
  // The CDN serves the public bucket at its root.
  if (cdnUrl) return cdnUrl;
  const bucket = s3.publicBucket;
  if (!s3.endpoint) return `https://${bucket}.s3.${s3.region}.amazonaws.com`;
  if (s3.forcePathStyle) return `${s3.endpoint}/${bucket}`;
  const endpoint = new URL(s3.endpoint);
  return `${endpoint.protocol}//${bucket}.${endpoint.host}`;
}

export interface S3BrowserOrigins {
  /** Where browsers send presigned POSTs to the originals bucket. */
  readonly uploads: string;
  /** Where browsers read public image versions (and zoom tiles) from. */
  readonly media: string;
}

/**
 * The origins a browser reaches storage at, for the Content-Security-Policy. The upload origin comes from the
 * presigner itself (with throwaway credentials: nothing is sent), so virtual-host or path style, region and custom
 * endpoint are exactly those of the targets the app hands out.
 */
export async function s3BrowserOrigins(config: Config): Promise<S3BrowserOrigins> {
  const client = new S3Client({
    ...clientLocation(config),
    credentials: { accessKeyId: 'origin-lookup', secretAccessKey: 'origin-lookup' },
  });
  try {
    const { url } = await createPresignedPost(client, {
      Bucket: config.storage.s3.originalsBucket,
      Key: 'origin-lookup',
    });
    return { uploads: new URL(url).origin, media: new URL(publicBase(config)).origin };
  } finally {
    client.destroy();
  }
}

type PolicyCondition = Record<string, unknown> | readonly unknown[];
interface PostPolicy {
  readonly expiration: string;
  readonly conditions: readonly PolicyCondition[];
}

function decodePolicy(fields: Readonly<Record<string, string>>): PostPolicy | undefined {
  const encoded = Object.entries(fields).find(([name]) => name.toLowerCase() === 'policy')?.[1];
  if (encoded === undefined) return undefined;
  try {
    const policy = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Partial<PostPolicy>;
    if (typeof policy.expiration !== 'string' || !Array.isArray(policy.conditions)) return undefined;
    return policy as PostPolicy;
  } catch {
    return undefined;
  }
}

export interface PresignedPostSubmission {
  /** Content-Type the browser sends. */
  readonly contentType: string;
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
  const policy = decodePolicy(fields);
  if (!policy) return refuse('missing or malformed policy');

  const form = new Map<string, string>();
  for (const [name, value] of Object.entries(fields)) form.set(name.toLowerCase(), value);
  form.set('key', submission.key);
  form.set('content-type', submission.contentType);

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
