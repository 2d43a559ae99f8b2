// Content sniffing from magic bytes: the filename and the declared Content-Type are never trusted.
import { ImageRejectedError } from './errors.js';

export type ImageFormat = 'jpeg' | 'png' | 'tiff' | 'webp' | 'heic' | 'avif';

/** Bytes sniffImage() needs to decide (HEIF brand lists can be long). */
export const SNIFF_BYTES = 256;

const HEVC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2']);

/** The image format of a file from its first bytes, or undefined when it is not one we accept. */
export function detectImageFormat(head: Uint8Array): ImageFormat | undefined {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (
    b.length >= 4 &&
    ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) ||
      (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a))
  )
    return 'tiff';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp') {
    const boxSize = Math.min(b.readUInt32BE(0), b.length);
    const brands = [b.toString('latin1', 8, 12)];
    for (let o = 16; o + 4 <= boxSize; o += 4) brands.push(b.toString('latin1', o, o + 4));
    if (brands.some((brand) => HEVC_BRANDS.has(brand))) return 'heic';
    if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
    if (brands.some((brand) => GENERIC_HEIF_BRANDS.has(brand))) return 'heic';
  }
  return undefined;
}

/** What a refused file looks like, for a message the artist can act on. */
function describeUnknown(b: Buffer): string {
  if (b.length === 0) return 'The file is empty (0 bytes). Please upload the image again.';
  if (b.toString('latin1', 0, 4) === '%PDF') return 'This is a PDF document, not an image.';
  if (b.toString('latin1', 0, 3) === 'GIF') return 'GIF images are not supported.';
  if (b.toString('latin1', 0, 2) === 'BM') return 'BMP images are not supported.';
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp')
    return 'This HEIF/MP4 file does not contain a supported still image.';
  const text = b.subarray(0, 64);
  if (text.every((c) => c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c < 0x7f) || c >= 0x80))
    return 'This file is text, not an image (whatever its name says).';
  return 'This file is not an image in a supported format.';
}

/** The format of a file from its first bytes; throws ImageRejectedError with an artist-readable reason. */
export function sniffImage(head: Uint8Array): ImageFormat {
  const format = detectImageFormat(head);
  if (format) return format;
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  throw new ImageRejectedError(
    `${describeUnknown(b)} Supported formats: JPEG, PNG, TIFF, WebP and HEIF/HEIC/AVIF.`,
  );
}

export const CONTENT_TYPE_OF: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
  webp: 'image/webp',
  heic: 'image/heic',
  avif: 'image/avif',
};
