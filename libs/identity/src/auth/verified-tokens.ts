/**
 * Per-process memory of access tokens whose signature and claims were already checked, so a
 * client's next requests with the same token skip jsonwebtoken (its parsing and HMAC cost
 * more than the rest of the guard). A token is kept only until its `exp`, the same instant
 * jsonwebtoken would start refusing it; the signature of a given token string never changes,
 * and whether its session is still live is asked on every request (SessionsService), so a
 * signed-out token is refused as before. Only tokens that verified are kept: garbage cannot
 * fill it, and the oldest entry makes room beyond `maxEntries`.
 */
export class VerifiedTokens<Claims> {
  private readonly entries = new Map<string, { claims: Claims; expiresAtMs: number }>();

  constructor(private readonly maxEntries: number) {}

  /** The claims of a token verified before and not yet expired at `nowMs`. */
  get(token: string, nowMs: number): Claims | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (nowMs >= entry.expiresAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.claims;
  }

  /** `exp` in seconds since the epoch, as in the token. A token without one is not kept. */
  set(token: string, claims: Claims, exp: number | undefined): void {
    if (typeof exp !== 'number' || !Number.isFinite(exp)) return;
    if (this.entries.size >= this.maxEntries && !this.entries.has(token)) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, { claims, expiresAtMs: exp * 1000 });
  }
}
