// S3 driver: one bucket per area, streamed multipart uploads, presigned POST for browser uploads.
// Checksums WHEN_REQUIRED: otherwise streamed bodies to S3-compatible servers get corrupted.
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
  LocalFolders,
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
   * The content type a moved or copied object gets: the caller's, else its key's extension's (every file the app
   * writes under images/ is typed by its extension, so publishing needs no extra request), else the source's.
   */
  async #typeFor(
    options: PutOptions,
    toKey: string,
    from: StorageArea,
    fromKey: string,
  ): Promise<string | undefined> {
    return options.contentType ?? contentTypeFromKey(toKey) ?? (await this.head(from, fromKey))?.contentType;
  }

  /**
   * Moves an object to the same key in another area's bucket: a server-side copy (the bytes never pass through
   * the app) with the destination's headers, then the source is deleted; NotFoundError when it is absent.
   */
  async move(from: StorageArea, to: StorageArea, key: string, options: PutOptions = {}): Promise<void> {
    assertValidKey(key);
    const source = this.bucketOf(from);
    if (source === this.bucketOf(to)) return;
    await this.#serverSideCopy(from, key, to, key, options);
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
    if (this.bucketOf(from) === this.bucketOf(to) && fromKey === toKey) return;
    await this.#serverSideCopy(from, fromKey, to, toKey, options);
  }

  async #serverSideCopy(
    from: StorageArea,
    fromKey: string,
    to: StorageArea,
    toKey: string,
    options: PutOptions,
  ): Promise<void> {
    const source = this.bucketOf(from);
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucketOf(to),
          Key: toKey,
          // Keys are limited to [A-Za-z0-9._,/-]: nothing to escape (a comma is legal in a header value).
          CopySource: `${source}/${fromKey}`,
          MetadataDirective: 'REPLACE',
          ContentType: (await this.#typeFor(options, toKey, from, fromKey)) ?? DEFAULT_CONTENT_TYPE,
          CacheControl: options.cacheControl ?? (to === 'public' ? PUBLIC_CACHE_CONTROL : undefined),
        }),
      );
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundError(`No object "${fromKey}" in ${from}`);
      throw error;
    }
  }

  /** Deletes keys of one bucket in batches of DELETE_BATCH; throws when S3 reports any it could not delete. */
  async #deleteKeys(Bucket: string, keys: readonly string[]): Promise<void> {
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
      await this.#deleteKeys(Bucket, keys);
      deleted += keys.length;
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return deleted;
  }

  /**
   * Deletes the objects under prefix last written before olderThan. Partial writes never show as objects on S3;
   * incomplete multipart uploads are aborted by the buckets' lifecycle rules (infra/terraform/modules/storage).
   */
  async sweepTemporary(area: StorageArea, prefix: string, olderThan: Date): Promise<number> {
    assertValidPrefix(prefix);
    if (prefix === '') throw new BadRequestError('Refusing to sweep a whole storage area (empty prefix)');
    const Bucket = this.bucketOf(area);
    let expired: string[] = [];
    let deleted = 0;
    for await (const object of this.list(area, prefix)) {
      if (object.lastModified.getTime() >= olderThan.getTime()) continue;
      expired.push(object.key);
      if (expired.length === DELETE_BATCH) {
        await this.#deleteKeys(Bucket, expired);
        deleted += expired.length;
        expired = [];
      }
    }
    await this.#deleteKeys(Bucket, expired);
    return deleted + expired.length;
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
        // Any Content-Type field: clients often cannot know a file's type (the bytes are judged when attached).
        ['starts-with', '$Content-Type', ''],
        ['eq', '$key', request.key],
      ],
      Expires: request.expiresInSeconds,
    });
    const policy = decodePostPolicy(fields);
    return {
      method: 'POST',
      url,
      // Added after signing: the presigner pins every field it is given to its exact value.
      fields: { ...fields, 'Content-Type': request.contentType ?? DEFAULT_CONTENT_TYPE },
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

  hasLocalFolders(): this is LocalFolders {
    return false;
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
export interface PostPolicy {
  readonly expiration: string;
  readonly conditions: readonly PolicyCondition[];
}

/** The policy document inside presigned POST fields; undefined when missing or malformed. */
export function decodePostPolicy(fields: Readonly<Record<string, string>>): PostPolicy | undefined {
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
