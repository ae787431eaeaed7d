import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isUuid } from '@psar/platform';
import { SessionsService } from '../sessions/sessions.service';
import type { AuthenticatedUser } from './authenticated-user';

/** Used only when JWT_SECRET is unset outside production (validation refuses that in production). */
export const DEVELOPMENT_JWT_SECRET = 'psar-development-only-secret-never-use-in-production';
export const JWT_ISSUER = 'psar';
export const JWT_AUDIENCE = 'psar-api';

interface AccessTokenClaims {
  sub: string;
  sid: string;
}

/**
 * Short-lived access tokens (HS256 JWT): `sub` is the user, `sid` the session. The
 * signature and expiry are checked in memory; the session, against Postgres through
 * SessionsService's cache, so a token stops working when its session is revoked.
 */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
  ) {}

  sign(user: AuthenticatedUser): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, sid: user.sessionId };
    return this.jwt.signAsync(claims);
  }

  /** The user the token names, or null for any invalid, expired, foreign or revoked token. */
  async verify(token: string): Promise<AuthenticatedUser | null> {
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(token);
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || !isUuid(claims.sub) || !isUuid(claims.sid)) return null;
    // A database error propagates (503), never a false "signed out".
    if (!(await this.sessions.isLive(claims.sub, claims.sid))) return null;
    return { id: claims.sub, sessionId: claims.sid };
  }
}
