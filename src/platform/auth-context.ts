// The contract between authentication (modules/auth) and everything that needs the signed-in artist.
import type { FastifyRequest } from 'fastify';
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
