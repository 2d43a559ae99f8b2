// What an uploaded file is, from its first bytes (magic numbers), checked at the edge before it is stored or
// attached to a print. The declared type is never trusted: many clients send application/octet-stream, none, or
// one guessed from an odd file name. Only magic bytes here, no sharp (the web process must not load it, decision
// 001); the worker decodes the whole file later and fails the job with the reason when it is damaged.
import { Readable } from 'node:stream';
import { AppError, BadRequestError } from '../../platform/errors.js';
import {
  CONTENT_TYPE_OF,
  detectImageFormat,
  SNIFF_BYTES,
  unsupportedImageReason,
} from '../../platform/images/sniff.js';
import type { Storage, StorageArea } from '../../platform/storage/types.js';

/** The content type of an image from its first bytes; 415 with the reason when they are no supported image. */
export function imageTypeOf(head: Uint8Array, what: string): string {
  const format = detectImageFormat(head);
  if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${what}: ${unsupportedImageReason(head)}`);
  return CONTENT_TYPE_OF[format];
}

/**
 * Reads up to `bytes` from the front of a stream without taking them: they are put back (unshift), so the same
 * stream object — with its state, e.g. a multipart file's `truncated` flag — goes on to whoever stores it. A
 * stream that ends sooner is replaced by one holding all it had.
 */
export function peekStream(stream: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const stop = (): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while (length < bytes && (chunk = stream.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        length += chunk.length;
      }
      if (length < bytes) return; // more to come, or 'end' next
      stop();
      const head = Buffer.concat(chunks);
      // Synchronously, before the stream can end: unshift is refused after 'end'.
      stream.unshift(head);
      resolve({ head: head.subarray(0, bytes), stream });
    };
    const onEnd = (): void => {
      stop();
      const head = Buffer.concat(chunks);
      const whole = Readable.from(length > 0 ? [head] : []);
      const { truncated } = stream as Readable & { truncated?: boolean };
      resolve({ head, stream: truncated === undefined ? whole : Object.assign(whole, { truncated }) });
    };
    const onError = (error: unknown): void => {
      stop();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/**
 * The image type of an upload being received, from its first bytes; the stream to store it from comes back with
 * it. 400 when the file is empty, 415 (with the reason) when it is no supported image.
 */
export async function sniffUploadStream(
  stream: Readable,
  what = 'image',
): Promise<{ contentType: string; stream: Readable }> {
  const peeked = await peekStream(stream, SNIFF_BYTES);
  if (peeked.head.length === 0) throw new BadRequestError(`${what}: the file is empty`);
  return { contentType: imageTypeOf(peeked.head, what), stream: peeked.stream };
}

/** The image type of a stored file from its first bytes (one ranged read); 415 when it is no supported image. */
export async function sniffStoredFile(
  storage: Storage,
  area: StorageArea,
  key: string,
  what: string,
): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.getStream(area, key, { start: 0, end: SNIFF_BYTES - 1 }))
    chunks.push(chunk as Buffer);
  return imageTypeOf(Buffer.concat(chunks), what);
}
