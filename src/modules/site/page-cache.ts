// Rendered public pages, reused while nothing they show has changed. An entry is trusted only at the catalogue
// generation it was rendered at (catalogue/generation.ts: a counter that triggers bump at the commit of every change
// to prints, galleries, their order, tags, vocabulary, the edition ledger and image versions — made by any process,
// the worker and plain SQL included) and for at most FRESH_MS, the bound for what the triggers do not watch (the
// artist's profile and name in the footer and on the about page, the year). Publishing or unpublishing therefore
// shows on the very next request, in every web process. Each entry keeps its ETag and its gzip and brotli bodies,
// made once per render.
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../platform/db/schema.js';
import { batchedClockFor, GenerationCache, type BatchedClock } from '../catalogue/generation.js';
import { etagMatches, PAGE_CACHE, weakEtag } from './http.js';

const brotliCompressAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface PreparedPage {
  readonly etag: string;
  readonly identity: Buffer;
  readonly gzip: Buffer;
  readonly br: Buffer;
}

/** Pages kept at once (about 30 KB each with both encodings); the oldest go first. */
const MAX_PAGES = 1000;
/** A page is rendered again at least this often, whatever the generation says. */
export const FRESH_MS = 10_000;

/**
 * A rendered page whose body carries a part that changes on every render but says nothing about what the page shows
 * (the enquiry form's fill-time token). Its ETag is taken from `stable`, the page with that part left out, so a
 * copy a visitor or a CDN already holds stays valid across renders (304) until the content itself changes.
 */
export interface PageWithFreshPart {
  readonly html: string;
  readonly stable: string;
}

export function preparePage(html: string, stable: string = html): PreparedPage {
  const identity = Buffer.from(html, 'utf8');
  return {
    etag: weakEtag(stable),
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 10,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
  };
}

/** The encoding to send: brotli, else gzip, else none (q=0 refuses one). */
export function chooseEncoding(header: string | string[] | undefined): 'br' | 'gzip' | undefined {
  if (!header) return undefined;
  const accepted = new Map<string, number>();
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return undefined;
}

/** Sends a prepared page (or feed, sitemap): 304 on a matching If-None-Match, else the body in the best encoding. */
export function sendPrepared(
  req: FastifyRequest,
  reply: FastifyReply,
  page: PreparedPage,
  contentType = 'text/html; charset=utf-8',
): FastifyReply {
  reply
    .code(200)
    .type(contentType)
    .header('cache-control', PAGE_CACHE)
    .header('etag', page.etag)
    .header('vary', 'Accept-Encoding');
  if (etagMatches(req.headers['if-none-match'], page.etag)) return reply.code(304).send();
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  const body = encoding ? page[encoding] : page.identity;
  if (encoding) reply.header('content-encoding', encoding);
  return reply.header('content-length', String(body.length)).send(body);
}

export class PageCache {
  readonly #clock: BatchedClock;
  readonly #pages = new GenerationCache<PreparedPage | null>(MAX_PAGES);

  constructor(db: Kysely<Database>) {
    this.#clock = batchedClockFor(db);
  }

  /**
   * The page under key, rendered by `render` when it is not cached at the current generation; null when render
   * says the page does not exist (undefined), so the caller answers 404. Concurrent misses share one render.
   */
  async get(
    key: string,
    render: () => Promise<string | PageWithFreshPart | undefined>,
  ): Promise<PreparedPage | null> {
    const generation = await this.#clock.now();
    const period = Math.floor(Date.now() / FRESH_MS);
    return this.#pages.get(`${period} ${key}`, generation, async () => {
      const page = await render();
      if (page === undefined) return null;
      return typeof page === 'string' ? preparePage(page) : preparePage(page.html, page.stable);
    });
  }
}

/**
 * A page kept for a short while among many (search answers): compressed only when a visitor first asks for that
 * encoding, and at a lighter setting than the pages above — a never-seen search should not wait for brotli's
 * highest qualities, and most of these pages are asked for once or twice. `prepare` compresses on the thread pool,
 * off the event loop (about a third of a millisecond of brotli per never-seen search, which other requests would
 * otherwise wait for); the getters compress on the spot what was not prepared.
 */
export class LazyPreparedPage implements PreparedPage {
  readonly etag: string;
  readonly identity: Buffer;
  #gzip: Buffer | undefined;
  #br: Buffer | undefined;
  readonly #preparing = new Map<'br' | 'gzip', Promise<void>>();

  constructor(html: string) {
    this.identity = Buffer.from(html, 'utf8');
    this.etag = weakEtag(html);
  }

  get #brotliOptions() {
    return {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: this.identity.length,
      },
    };
  }

  /** Compresses the page for `encoding` on the thread pool, once; a no-op for no encoding or one already made. */
  prepare(encoding: 'br' | 'gzip' | undefined): Promise<void> {
    if (!encoding || (encoding === 'br' ? this.#br : this.#gzip)) return Promise.resolve();
    let preparing = this.#preparing.get(encoding);
    if (!preparing) {
      preparing = (
        encoding === 'br'
          ? brotliCompressAsync(this.identity, this.#brotliOptions).then((body) => void (this.#br ??= body))
          : gzipAsync(this.identity, { level: 6 }).then((body) => void (this.#gzip ??= body))
      ).finally(() => this.#preparing.delete(encoding));
      this.#preparing.set(encoding, preparing);
    }
    return preparing;
  }

  get gzip(): Buffer {
    return (this.#gzip ??= gzipSync(this.identity, { level: 6 }));
  }

  get br(): Buffer {
    return (this.#br ??= brotliCompressSync(this.identity, this.#brotliOptions));
  }
}

/** A rendered search page: its status (400 when some input could not be used) and the page. */
export interface RenderedSearch {
  readonly status: number;
  readonly page: LazyPreparedPage;
}

/** Search pages kept at once (about 60 KB each uncompressed; the oldest go first). */
const MAX_SEARCH_PAGES = 500;

/**
 * Rendered search pages by (language, the search as parsed: words, filters, page), under the same rules as the
 * pages above (the catalogue generation, FRESH_MS): a search asked again is sent without searching or rendering.
 * `render` is given the generation read for the request and says whether its answer is current at it: an answer
 * from an older snapshot (a reload slower than STALE_AFTER_MS) is sent but not kept. Pages whose input had problems
 * (status 400) are sent but not kept either: only what a visitor can search properly fills the cache.
 */
export class SearchPageCache {
  readonly #clock: BatchedClock;
  readonly #pages = new GenerationCache<RenderedSearch & { current: boolean }>(MAX_SEARCH_PAGES);

  constructor(db: Kysely<Database>) {
    this.#clock = batchedClockFor(db);
  }

  async get(
    key: string,
    render: (generation: number) => Promise<{ html: string; status: number; current: boolean }>,
  ): Promise<RenderedSearch> {
    const generation = await this.#clock.now();
    const period = Math.floor(Date.now() / FRESH_MS);
    return this.#pages.get(
      `${period} ${key}`,
      generation,
      async () => {
        const { html, status, current } = await render(generation);
        return { status, current, page: new LazyPreparedPage(html) };
      },
      (entry) => entry.current && entry.status === 200,
    );
  }
}

const compressedAssets = new WeakMap<object, { gzip: Buffer; br: Buffer }>();

/** Sends a hashed, immutable client asset (CSS, island) compressed once in the best accepted encoding. */
export function sendAsset(
  req: FastifyRequest,
  reply: FastifyReply,
  asset: { readonly body: Buffer; readonly contentType: string },
): FastifyReply {
  reply
    .type(asset.contentType)
    .header('cache-control', 'public, max-age=31536000, immutable')
    .header('vary', 'Accept-Encoding');
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  if (!encoding) return reply.send(asset.body);
  let packed = compressedAssets.get(asset);
  if (!packed) {
    const page = preparePage(asset.body.toString('utf8'));
    packed = { gzip: page.gzip, br: page.br };
    compressedAssets.set(asset, packed);
  }
  return reply.header('content-encoding', encoding).send(packed[encoding]);
}
