/**
 * Per-process memory of which sessions are live, in front of the database check.
 * Positive answers are kept for `ttlMs`, and only while revocations are being heard
 * (`listening`): a revocation arriving for a session drops it at once. When the process
 * stops hearing revocations, everything cached is forgotten and nothing is cached again
 * until it hears them again; a lookup that began before that never lands in the cache
 * (the revocation it could have missed might already be committed). Revoked sessions
 * are remembered, since a revoked session never becomes live again.
 */
export class SessionCache {
  private readonly entries = new Map<string, { live: boolean; until: number }>();
  private generation = 0;
  private hearing = false;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get listening(): boolean {
    return this.hearing;
  }

  /** The cached answer, or undefined when the database must be asked. */
  get(sessionId: string, now: number): boolean | undefined {
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (entry.live && (entry.until <= now || !this.hearing)) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.live;
  }

  /** Taken before asking the database; `set` ignores answers from an older generation. */
  ticket(): number {
    return this.hearing ? this.generation : -1;
  }

  set(sessionId: string, live: boolean, ticket: number, now: number): void {
    if (live && (ticket !== this.generation || !this.hearing)) return;
    // A look-up that began before the revocation committed may answer after it: a revoked
    // session never turns live again.
    if (live && this.entries.get(sessionId)?.live === false) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { live, until: now + this.ttlMs });
  }

  revoked(sessionId: string, now: number): void {
    this.set(sessionId, false, this.generation, now);
  }

  /** Revocations are heard from now on. */
  startedListening(): void {
    this.hearing = true;
  }

  /** Revocations may be missed from now on: forget every live session. */
  stoppedListening(): void {
    this.hearing = false;
    this.generation++;
    for (const [id, entry] of this.entries) if (entry.live) this.entries.delete(id);
  }
}
