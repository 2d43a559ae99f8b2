// Shared by the studio islands that upload images: what type a picked file is, and sending it straight to the
// signed storage target (presigned PUT or POST) with real progress.
import {
  CONTENT_TYPE_OF,
  detectImageFormat,
  SNIFF_BYTES,
  unsupportedImageReason,
} from '../platform/images/sniff.js';

export interface UploadTarget {
  uploadId: string;
  method: 'PUT' | 'POST';
  url: string;
  fields: Record<string, string>;
  headers: Record<string, string>;
}

/** A failure of the file's trip to storage (not of the session or the API). */
export class StorageUploadError extends Error {}

/**
 * What a picked file is, from its first bytes — the same magic-number rule as the server's: browsers leave the type
 * empty (HEIC, TIFF, a name without a known extension) or guess it from the name. The content type when it is one
 * of `accepted`, else the reason it is not an image we take.
 */
export async function sniffFile(
  file: File,
  accepted: readonly string[],
): Promise<{ contentType: string } | { refusal: string }> {
  let head: Uint8Array;
  try {
    head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  } catch {
    return { refusal: 'The file could not be read.' };
  }
  const format = detectImageFormat(head);
  const type = format && CONTENT_TYPE_OF[format];
  if (type && accepted.includes(type)) return { contentType: type };
  return { refusal: unsupportedImageReason(head) };
}

function storageReason(xhr: XMLHttpRequest): string {
  try {
    const data = JSON.parse(xhr.responseText) as { error?: { message?: string } };
    if (data.error?.message) return `Storage refused the file: ${data.error.message}`;
  } catch {
    // S3 answers in XML: its <Message> says why.
    const message = /<Message>([^<]*)<\/Message>/.exec(xhr.responseText)?.[1];
    if (message) return `Storage refused the file: ${message}`;
  }
  return `Storage refused the file (${xhr.status}).`;
}

/** Sends the file to the signed target; `onProgress` gets 0–1 (and 1 at the end); rejects with StorageUploadError. */
export function sendToStorage(
  file: File,
  target: UploadTarget,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method, target.url);
    let body: XMLHttpRequestBodyInit;
    if (target.method === 'POST') {
      // S3's presigned POST: the policy fields first, the file last.
      const form = new FormData();
      for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
      form.append('file', file);
      body = form;
    } else {
      for (const [name, value] of Object.entries(target.headers)) xhr.setRequestHeader(name, value);
      body = file;
    }
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(new StorageUploadError(storageReason(xhr)));
      }
    });
    xhr.addEventListener('error', () =>
      reject(
        new StorageUploadError('The file could not be sent to storage. Check the connection and try again.'),
      ),
    );
    xhr.addEventListener('abort', () => reject(new StorageUploadError('The upload was stopped.')));
    xhr.send(body);
  });
}
