import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isUuid } from '@psar/platform';
import { SessionsService } from '../sessions/sessions.service';
import type { AuthenticatedUser } from './authenticated-user';
import { VerifiedTokens } from './verified-tokens';

/** Used only when JWT_SECRET is unset outside production (validation refuses that in production). */
export const DEVELOPMENT_JWT_SECRET = 'psar-development-only-secret-never-use-in-production';
export const JWT_ISSUER = 'psar';
export const JWT_AUDIENCE = 'psar-api';

interface AccessTokenClaims {
  sub: string;
  sid: string;
}

/** A few MB at most: more clients than one replica serves within a token's life. */
const VERIFIED_TOKENS = 10_000;

/**
 * Short-lived access tokens (HS256 JWT): `sub` is the user, `sid` the session. The
 * signature and expiry are checked in memory; the session, against Postgres through
 * SessionsService's cache, so a token stops working when its session is revoked.
 */
@Injectable()
export class AccessTokenService {
  private readonly verified = new VerifiedTokens<AccessTokenClaims>(VERIFIED_TOKENS);

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
    // A token seen before skips the signature and claims checks until its exp; never the session's.
    let claims = this.verified.get(token, Date.now());
    if (!claims) {
      let verified: Partial<AccessTokenClaims> & { exp?: number };
      try {
        verified = await this.jwt.verifyAsync<Partial<AccessTokenClaims> & { exp?: number }>(token);
      } catch {
        return null;
      }
      if (typeof verified.sub !== 'string' || typeof verified.sid !== 'string' || !isUuid(verified.sub) || !isUuid(verified.sid)) return null;
      claims = { sub: verified.sub, sid: verified.sid };
      this.verified.set(token, claims, verified.exp);
    }
    // A database error propagates (503), never a false "signed out".
    if (!(await this.sessions.isLive(claims.sub, claims.sid))) return null;
    return { id: claims.sub, sessionId: claims.sid };
  }
}
