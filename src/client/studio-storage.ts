// Shared by the studio islands that upload images: what type a picked file is, and sending it straight to the
// signed storage target (presigned PUT or POST) with real progress.

export interface UploadTarget {
  uploadId: string;
  method: 'PUT' | 'POST';
  url: string;
  fields: Record<string, string>;
  headers: Record<string, string>;
}

/** A failure of the file's trip to storage (not of the session or the API). */
export class StorageUploadError extends Error {}

const BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  avif: 'image/avif',
};

/** The file's content type if it is one of `accepted`; undefined when it is not an accepted image. */
export function uploadContentType(file: File, accepted: readonly string[]): string | undefined {
  const type = file.type.toLowerCase();
  if (accepted.includes(type)) return type;
  // Browsers leave HEIC (and sometimes TIFF) untyped: the extension decides then, never over a real type.
  if (type !== '' && type !== 'application/octet-stream') return undefined;
  const guessed = BY_EXTENSION[/\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? ''];
  return guessed && accepted.includes(guessed) ? guessed : undefined;
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
