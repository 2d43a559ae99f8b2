// One interface for file storage; drivers: local folder (embedded default) and S3.
import type { Readable } from 'node:stream';

/** originals: private (uploads, originals); public: image versions and tiles; backups: archives. */
export type StorageArea = 'originals' | 'public' | 'backups';

export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly contentType: string | undefined;
  readonly lastModified: Date;
  readonly etag: string | undefined;
}

export interface PutOptions {
  readonly contentType?: string;
  readonly cacheControl?: string;
  /** Known length lets drivers stream without buffering. */
  readonly contentLength?: number;
}

export interface UploadTarget {
  readonly method: 'PUT' | 'POST';
  readonly url: string;
  /** POST only: form fields to send before the file field. */
  readonly fields: Readonly<Record<string, string>>;
  /** PUT only: headers the client must send. */
  readonly headers: Readonly<Record<string, string>>;
  readonly key: string;
  readonly expiresAt: Date;
  readonly maxBytes: number;
}

export interface UploadTargetRequest {
  readonly area: StorageArea;
  readonly key: string;
  readonly contentType: string;
  readonly maxBytes: number;
  readonly expiresInSeconds: number;
}

export interface Storage {
  readonly driver: 'local' | 's3';
  put(area: StorageArea, key: string, body: Readable | Buffer, options?: PutOptions): Promise<void>;
  /** Throws NotFoundError (platform/errors) when absent. */
  getStream(area: StorageArea, key: string, range?: { start: number; end?: number }): Promise<Readable>;
  /** undefined when absent. */
  head(area: StorageArea, key: string): Promise<ObjectInfo | undefined>;
  delete(area: StorageArea, key: string): Promise<void>;
  /** Deletes every object whose key starts with prefix; returns how many. */
  deletePrefix(area: StorageArea, prefix: string): Promise<number>;
  list(area: StorageArea, prefix: string): AsyncIterable<ObjectInfo>;
  /** A short-lived target the browser uploads to directly, size and type limits enforced by the target. */
  createUploadTarget(request: UploadTargetRequest): Promise<UploadTarget>;
  /** URL a visitor's browser loads a public file from (CDN or the app's /media route). */
  publicUrl(key: string): string;
  /** Checks the storage is reachable (buckets exist / folders writable); throws otherwise. */
  ping(): Promise<void>;
}
