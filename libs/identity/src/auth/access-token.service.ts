import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthenticatedUser } from './authenticated-user';

/** Used only when JWT_SECRET is unset outside production (validation refuses that in production). */
export const DEVELOPMENT_JWT_SECRET = 'psar-development-only-secret-never-use-in-production';
export const JWT_ISSUER = 'psar';
export const JWT_AUDIENCE = 'psar-api';

interface AccessTokenClaims {
  sub: string;
  sid: string;
}

/** Short-lived, stateless access tokens (HS256 JWT): `sub` is the user, `sid` the session. */
@Injectable()
export class AccessTokenService {
  constructor(private readonly jwt: JwtService) {}

  sign(user: AuthenticatedUser): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, sid: user.sessionId };
    return this.jwt.signAsync(claims);
  }

  /** The user the token names, or null for any invalid, expired or foreign token. */
  async verify(token: string): Promise<AuthenticatedUser | null> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(token);
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
      return { id: claims.sub, sessionId: claims.sid };
    } catch {
      return null;
    }
  }
}
