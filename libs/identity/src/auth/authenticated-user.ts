import type { FastifyRequest } from 'fastify';

/** Who is calling: set on the request by AuthGuard from a verified access token. */
export interface AuthenticatedUser {
  id: string;
  /** The refresh-token family the access token was issued in (logout revokes it). */
  sessionId: string;
}

export type RequestWithUser = FastifyRequest & { user?: AuthenticatedUser };
