// Picks the storage driver from the config: local folder (embedded) or S3.
import type { Config } from '../../config.js';
import { LocalStorage } from './local.js';
import { S3Storage } from './s3.js';
import type { Storage } from './types.js';

export function createStorage(config: Config): Storage {
  return config.storage.driver === 's3' ? new S3Storage(config) : new LocalStorage(config);
}

export { LocalStorage } from './local.js';
export type { LocalStorageOptions, UploadTokenPayload } from './local.js';
export { S3Storage } from './s3.js';
export type { S3StorageOptions } from './s3.js';
export { assertValidKey, assertValidPrefix, isValidKey, MAX_KEY_LENGTH } from './keys.js';
export { contentTypeFromKey, PUBLIC_CACHE_CONTROL } from './content-types.js';
export { STORAGE_AREAS } from './validation.js';
export type * from './types.js';
