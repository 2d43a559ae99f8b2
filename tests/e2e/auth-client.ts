// A tiny browser for end-to-end sign-in tests: real HTTP (fetch), a cookie jar honouring Path and expiry,
// manual redirects, and form parsing. No mocks.
import net from 'node:net';

interface StoredCookie {
  value: string;
  path: string;
}

export class Browser {
  /** host → name → cookie */
  readonly jar = new Map<string, Map<string, StoredCookie>>();
  /** Every Set-Cookie header received, for flag assertions. */
  readonly setCookies: string[] = [];

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name)?.value;
  }

  setCookie(url: string, name: string, value: string, path = '/'): void {
    const host = new URL(url).host;
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)?.set(name, { value, path });
  }

  private cookieHeader(url: URL): string | undefined {
    const cookies = this.jar.get(url.host);
    if (!cookies) return undefined;
    const pairs = [...cookies.entries()]
      .filter(
        ([, c]) =>
          url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
      )
      .map(([n, c]) => `${n}=${c.value}`);
    return pairs.length ? pairs.join('; ') : undefined;
  }

  private store(url: URL, res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      this.setCookies.push(header);
      const [pair, ...attrs] = header.split(';').map((s) => s.trim());
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 1) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = value === '';
      for (const attr of attrs) {
        const [k, v = ''] = attr.split('=');
        if (k?.toLowerCase() === 'path') path = v;
        if (k?.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
        if (k?.toLowerCase() === 'expires' && new Date(v).getTime() < Date.now()) expired = true;
      }
      if (expired) this.jar.get(url.host)?.delete(name);
      else this.setCookie(url.href, name, value, path);
    }
  }

  /** One request, no redirect following. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const u = new URL(url);
    const headers: Record<string, string> = { 'user-agent': 'auth-e2e-browser/1.0', ...init.headers };
    const cookie = this.cookieHeader(u);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin ??= u.origin;
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(u, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    this.store(u, res);
    return res;
  }

  /** Follows redirects like a browser (303/302 → GET); returns the final response and every URL visited. */
  async navigate(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<{ res: Response; url: string; visited: string[] }> {
    const visited = [url];
    let res = await this.request(url, init);
    let current = url;
    for (let i = 0; i < 20 && res.status >= 300 && res.status < 400; i++) {
      const location = res.headers.get('location');
      if (!location) break;
      current = new URL(location, current).href;
      visited.push(current);
      await res.body?.cancel();
      res = await this.request(current);
    }
    return { res, url: current, visited };
  }
}

export interface ParsedForm {
  action: string;
  fields: Record<string, string>;
}

/** The forms of a page: action and hidden/prefilled inputs (buttons with name/value included). */
export function parseForms(html: string, pageUrl: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1] ?? '';
    const action = /action="([^"]*)"/.exec(attrs)?.[1] ?? pageUrl;
    const id = /id="([^"]*)"/.exec(attrs)?.[1];
    const fields: Record<string, string> = {};
    const inputs = [...(m[2] ?? '').matchAll(/<input\b([^>]*)>/g)].map((x) => x[1] ?? '');
    if (id) {
      // Buttons elsewhere on the page that submit this form (form="id").
      for (const b of html.matchAll(/<button\b([^>]*)>/g)) {
        if ((b[1] ?? '').includes(`form="${id}"`)) inputs.push(b[1] ?? '');
      }
    }
    for (const input of inputs) {
      const name = /name="([^"]*)"/.exec(input)?.[1];
      const value = /value="([^"]*)"/.exec(input)?.[1];
      if (name && value !== undefined)
        fields[name] = value.replaceAll('&amp;', '&').replaceAll('&quot;', '"');
    }
    forms.push({ action: new URL(action.replaceAll('&amp;', '&'), pageUrl).href, fields });
  }
  return forms;
}

/** A TCP port that was free a moment ago (the app needs PUBLIC_URL before it listens). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
