// A picture in a PDF (a certificate's, the price list's): PDF embeds JPEG and PNG, the image versions are WebP. The
// web process never loads sharp (decision 001), so a worker thread (picture-worker.ts) decodes the version with
// libwebp compiled to WebAssembly and encodes it as a JPEG in plain JavaScript — about a second of CPU for 1,600 px
// that would otherwise hold up every other request of the process. One thread converts a whole batch of pictures.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { NotFoundError } from '../errors.js';
import type { Storage, StorageArea } from '../storage/types.js';

const JPEG_QUALITY = 88;
/** The worker's file beside this one: picture-worker.ts from src/ (tests, tsx), .js from dist/. */
const WORKER = new URL(`./picture-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

const isJpeg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const isPng = (b: Buffer) =>
  b.length > 8 && b.subarray(0, 8).equals(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'));
const isWebp = (b: Buffer) =>
  b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP';

/** The WebP pictures as JPEGs, all in one worker thread; null for one that does not decode. */
function webpToJpeg(pictures: readonly Buffer[]): Promise<Array<Buffer | null>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { pictures, quality: JPEG_QUALITY } });
    let done = false;
    worker.once('message', (data: Array<Uint8Array | null>) => {
      done = true;
      resolve(data.map((d) => (d ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : null)));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`The picture conversion stopped (exit code ${code})`));
    });
  });
}

/**
 * Bytes PDFKit can embed, for each picture: JPEG or PNG as they are, WebP as a JPEG (one worker thread for them
 * all), undefined for anything else, for a WebP that does not decode and where there is no picture.
 */
export async function embeddablePictures(
  pictures: ReadonlyArray<Buffer | undefined>,
): Promise<Array<Buffer | undefined>> {
  const webp = pictures.filter((b): b is Buffer => b !== undefined && isWebp(b));
  const converted = webp.length > 0 ? await webpToJpeg(webp) : [];
  let next = 0;
  return pictures.map((b) => {
    if (b === undefined) return undefined;
    if (isJpeg(b) || isPng(b)) return b;
    if (!isWebp(b)) return undefined;
    return converted[next++] ?? undefined;
  });
}

/** Bytes PDFKit can embed (JPEG or PNG as they are; WebP as a JPEG), or undefined for anything else. */
export async function embeddablePicture(bytes: Buffer): Promise<Buffer | undefined> {
  return (await embeddablePictures([bytes]))[0];
}

/**
 * A stored file's bytes, from the first of `areas` that holds it (an image version lives in the public area while
 * its print is public, else in the private one); undefined when none does.
 */
export async function storedBytes(
  storage: Storage,
  key: string,
  areas: readonly StorageArea[],
): Promise<Buffer | undefined> {
  for (const area of areas) {
    try {
      const stream = await storage.getStream(area, key);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return undefined;
}

/** An image version's bytes ready for PDFKit (see storedBytes and embeddablePicture); undefined without one. */
export async function storedPicture(
  storage: Storage,
  key: string,
  areas: readonly StorageArea[],
): Promise<Buffer | undefined> {
  const bytes = await storedBytes(storage, key, areas);
  return bytes ? embeddablePicture(bytes) : undefined;
}
