// Content types by file extension, shared by the drivers (defaults) and the /media route.
const BY_EXTENSION: Readonly<Record<string, string>> = {
  webp: 'image/webp',
  avif: 'image/avif',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  heif: 'image/heif',
  dzi: 'application/xml',
  xml: 'application/xml',
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  tar: 'application/x-tar',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** Content type guessed from the key's extension, or undefined when unknown. */
export function contentTypeFromKey(key: string): string | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

/** Cache-Control for files in the public area: keys are content-addressed by image id and version. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=31536000, immutable';
