// Runs in a worker thread (picture.ts): decodes WebP image versions with libwebp compiled to WebAssembly
// (@jsquash/webp) and encodes each as a baseline JPEG with jpeg-js, so the web process's event loop stays free while
// pictures are converted. One thread converts a whole batch (a price list's pictures): starting a thread and
// compiling the codec cost more than converting one picture. A picture that fails to decode comes back as null.
// Imports packages only: Node runs this file as it is, from src/ (type stripping) or from dist/.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import decodeWebp, { init as initWebp } from '@jsquash/webp/decode.js';
import jpeg from 'jpeg-js';

const { pictures, quality } = workerData as { pictures: Uint8Array[]; quality: number };
const require = createRequire(import.meta.url);
await initWebp(
  await WebAssembly.compile(await readFile(require.resolve('@jsquash/webp/codec/dec/webp_dec.wasm'))),
);

async function convert(bytes: Uint8Array): Promise<Uint8Array | null> {
  try {
    const view = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const image = await decodeWebp(view);
    const { data } = jpeg.encode(
      {
        data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength),
        width: image.width,
        height: image.height,
      },
      quality,
    );
    return data;
  } catch {
    return null;
  }
}

const out: Array<Uint8Array | null> = [];
for (const bytes of pictures) out.push(await convert(bytes));
parentPort!.postMessage(out);
