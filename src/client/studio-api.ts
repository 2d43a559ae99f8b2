// Shared by the studio islands (bundled into each): JSON calls to the artist API with the session's CSRF token,
// errors as sentences, and announcements through the page's status region.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

/** Calls the artist API; resolves with the parsed JSON (undefined for 204), rejects with an ApiError. */
export async function api<T = unknown>(method: string, url: string, body?: unknown): Promise<T> {
  return (await apiWithStatus<T>(method, url, body)).data;
}

/** As api(), with the answer's status (e.g. 200 "attached" rather than 201 "created"). */
export async function apiWithStatus<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; data: T }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'x-csrf-token': csrfToken(),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The studio could not be reached. Check the connection and try again.');
  }
  if (response.status === 204) return { status: 204, data: undefined as T };
  const data: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { status: response.status, data: data as T };
  if (response.status === 401) {
    throw new ApiError(
      401,
      'UNAUTHORIZED',
      'Your session has ended. Sign in again (in a new tab, so nothing here is lost), then try again.',
    );
  }
  const error = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
  throw new ApiError(
    response.status,
    error?.code ?? 'ERROR',
    error?.message ?? `The request failed (${response.status}).`,
  );
}

/** Says something to screen-reader users (and shows it) through the page's polite status region. */
export function announce(message: string, kind: 'notice' | 'error' = 'notice'): void {
  const region = document.getElementById('studio-status');
  if (!region) return;
  const p = document.createElement('p');
  p.className = kind === 'error' ? 'notice notice--error' : 'notice';
  p.textContent = message;
  region.replaceChildren(p);
}
