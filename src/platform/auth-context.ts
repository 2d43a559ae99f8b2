// The contract between authentication (modules/auth) and everything that needs the signed-in artist.
import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';

export interface AuthenticatedArtist {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  /** How the request proved who it is. */
  readonly via: 'session' | 'bearer';
  /** Present for studio sessions. */
  readonly sessionId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook when the request carries a valid session or bearer token. */
    artist: AuthenticatedArtist | null;
  }
}

/** The signed-in artist, or 401 with the API error shape. Every studio/artist query is scoped by its id. */
export function requireArtist(req: FastifyRequest): AuthenticatedArtist {
  if (!req.artist)
    throw new AppError('UNAUTHORIZED', 'Sign-in required: send a valid session cookie or Bearer token');
  return req.artist;
}

/** The signed-in artist as the actor of a service call (401 without one). */
export function actorOf(req: FastifyRequest): Actor {
  const artist = requireArtist(req);
  const ua = req.headers['user-agent'];
  return {
    artistId: artist.id,
    actor: artist.email,
    requestId: req.id,
    ip: req.ip,
    userAgent: typeof ua === 'string' ? ua : undefined,
  };
}
