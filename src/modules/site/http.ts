// Sending public pages: HTML with a weak ETag of the body and CDN-friendly caching, 304 on a matching
// If-None-Match. Responses that carry a visitor's own input (form errors, confirmations) are never cached.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** How long a browser or the CDN may show a public page without asking (PAGE_CACHE's max-age). */
export const PAGE_MAX_AGE_SECONDS = 60;
/** How much longer it may show it while it asks again in the background (PAGE_CACHE's stale-while-revalidate). */
export const PAGE_STALE_SECONDS = 600;
export const PAGE_CACHE = `public, max-age=${PAGE_MAX_AGE_SECONDS}, stale-while-revalidate=${PAGE_STALE_SECONDS}`;
export const NO_STORE = 'no-store';

export function weakEtag(body: string): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** True when the If-None-Match header lists the tag (weak comparison) or is '*'. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === opaque;
  });
}

export interface SendOptions {
  status?: number;
  /** 'public' (default): cacheable with an ETag; 'private': no-store, no ETag. */
  cache?: 'public' | 'private';
}

export function sendHtml(
  req: FastifyRequest,
  reply: FastifyReply,
  html: string,
  { status = 200, cache = 'public' }: SendOptions = {},
): FastifyReply {
  reply.code(status).type('text/html; charset=utf-8');
  if (cache === 'private' || status !== 200) return reply.header('cache-control', NO_STORE).send(html);
  const etag = weakEtag(html);
  reply.header('cache-control', PAGE_CACHE).header('etag', etag);
  if (etagMatches(req.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.send(html);
}

/** Same caching rules for other public text resources (robots.txt, sitemap.xml). */
export function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  body: string,
  contentType: string,
): FastifyReply {
  const etag = weakEtag(body);
  reply.type(contentType).header('cache-control', PAGE_CACHE).header('etag', etag);
  if (etagMatches(req.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.send(body);
}
