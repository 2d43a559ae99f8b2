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
  /**
   * Type the object is stored with when the uploader sends none (default application/octet-stream). Never a
   * condition of the upload: many clients cannot know a file's type, so uploads are judged by their bytes later.
   */
  readonly contentType?: string;
  readonly maxBytes: number;
  readonly expiresInSeconds: number;
}

/** What the local driver adds: each area is a folder on this machine. */
export interface LocalFolders {
  /** Folder holding an area's files. */
  rootOf(area: StorageArea): string;
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
  /**
   * Moves an object to the same key in another area without the bytes passing through the app (a rename locally,
   * a server-side copy + delete on S3); a no-op when both areas are the same place. NotFoundError when absent.
   * The destination gets the content type of options, else the one the key's extension names, else the source's;
   * the public area's cache headers apply there. Publishing moves image files between areas with it.
   */
  move(from: StorageArea, to: StorageArea, key: string, options?: PutOptions): Promise<void>;
  /**
   * Copies an object to another key (same or another area); the source stays and the target appears whole or not
   * at all. Content type as for move (by the target key's extension). NotFoundError when the source is absent.
   */
  copy(
    from: StorageArea,
    fromKey: string,
    to: StorageArea,
    toKey: string,
    options?: PutOptions,
  ): Promise<void>;
  /**
   * Expires a temporary prefix (e.g. uploads/): deletes every object under it last written before `olderThan`,
   * and whatever interrupted writes left there (the local driver's half-written files, which no other method
   * sees). On S3 the originals bucket's lifecycle rule does the same for uploads/ (and aborts incomplete multipart
   * uploads); the sweep keeps every driver and bucket setup alike. Refuses an empty prefix; returns how many.
   */
  sweepTemporary(area: StorageArea, prefix: string, olderThan: Date): Promise<number>;
  /** A short-lived target the browser uploads to directly; the target enforces the size limit, not the type. */
  createUploadTarget(request: UploadTargetRequest): Promise<UploadTarget>;
  /** URL a visitor's browser loads a public file from (CDN or the app's /media route). */
  publicUrl(key: string): string;
  /** Checks the storage is reachable (buckets exist / folders writable); throws otherwise. */
  ping(): Promise<void>;
  /** True when the areas are folders on this machine (the local driver), whose paths rootOf() gives. */
  hasLocalFolders(): this is LocalFolders;
}
