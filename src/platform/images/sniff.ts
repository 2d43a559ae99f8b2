// Content sniffing from magic bytes: the filename and the declared Content-Type are never trusted.
// Plain Uint8Array code with no Node or sharp import, so every edge uses the same rule: the worker's pipeline, the
// web process (multipart uploads, attaching direct uploads — import this file, not the images barrel, which loads
// sharp) and the studio's upload islands in the browser.
import { ImageRejectedError } from './errors.js';

export type ImageFormat = 'jpeg' | 'png' | 'tiff' | 'webp' | 'heic' | 'avif';

/** Bytes sniffImage() needs to decide (HEIF brand lists can be long). */
export const SNIFF_BYTES = 256;

const HEVC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2']);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The bytes start..end as Latin-1 text ('' where the input is shorter). */
function latin1(b: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...b.subarray(start, end));
}

/** The image format of a file from its first bytes, or undefined when it is not one we accept. */
export function detectImageFormat(b: Uint8Array): ImageFormat | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && PNG_SIGNATURE.every((byte, i) => b[i] === byte)) return 'png';
  if (
    b.length >= 4 &&
    ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) ||
      (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a))
  )
    return 'tiff';
  if (b.length >= 12 && latin1(b, 0, 4) === 'RIFF' && latin1(b, 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 12 && latin1(b, 4, 8) === 'ftyp') {
    const declared = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0);
    const boxSize = Math.min(declared, b.length);
    const brands = [latin1(b, 8, 12)];
    for (let o = 16; o + 4 <= boxSize; o += 4) brands.push(latin1(b, o, o + 4));
    if (brands.some((brand) => HEVC_BRANDS.has(brand))) return 'heic';
    if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
    if (brands.some((brand) => GENERIC_HEIF_BRANDS.has(brand))) return 'heic';
  }
  return undefined;
}

/** What a refused file looks like, for a message the artist can act on. */
function describeUnknown(b: Uint8Array): string {
  if (b.length === 0) return 'The file is empty (0 bytes). Please upload the image again.';
  if (latin1(b, 0, 4) === '%PDF') return 'This is a PDF document, not an image.';
  if (latin1(b, 0, 3) === 'GIF') return 'GIF images are not supported.';
  if (latin1(b, 0, 2) === 'BM') return 'BMP images are not supported.';
  if (b.length >= 12 && latin1(b, 4, 8) === 'ftyp')
    return 'This HEIF/MP4 file does not contain a supported still image.';
  const text = b.subarray(0, 64);
  if (text.every((c) => c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c < 0x7f) || c >= 0x80))
    return 'This file is text, not an image (whatever its name says).';
  return 'This file is not an image in a supported format.';
}

/** Why a file whose first bytes are these is refused, with the formats that are accepted. */
export function unsupportedImageReason(head: Uint8Array): string {
  return `${describeUnknown(head)} Supported formats: JPEG, PNG, TIFF, WebP and HEIF/HEIC/AVIF.`;
}

/** The format of a file from its first bytes; throws ImageRejectedError with an artist-readable reason. */
export function sniffImage(head: Uint8Array): ImageFormat {
  const format = detectImageFormat(head);
  if (format) return format;
  throw new ImageRejectedError(unsupportedImageReason(head));
}

export const CONTENT_TYPE_OF: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
  webp: 'image/webp',
  heic: 'image/heic',
  avif: 'image/avif',
};
