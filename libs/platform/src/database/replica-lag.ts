/** A WAL position as Postgres prints it ('16/B374D848'), in bytes. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text.trim());
  if (!match) throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

/**
 * The primary's WAL position, sampled at each check, each position with the first time it was
 * seen. A replica's lag is how long ago the primary first had WAL the replica has not replayed:
 * zero once it has replayed all the primary had at the latest sample. Unlike
 * now() - pg_last_xact_replay_timestamp() on the replica, this stays zero while the primary is
 * idle, and it sees a replica that stopped receiving (its own positions would look caught up).
 */
export class PrimaryWalHistory {
  private samples: Array<{ at: number; lsn: bigint }> = [];

  /** `keepMs` must exceed the lag bound: a replica behind the oldest sample reads as that old. */
  constructor(private readonly keepMs: number) {}

  record(at: number, lsn: bigint): void {
    const last = this.samples[this.samples.length - 1];
    // An unchanged position keeps the time it was first seen.
    if (!last || lsn > last.lsn) this.samples.push({ at, lsn });
    // Keep one sample older than the window: the moment the oldest kept WAL was already there.
    while (this.samples.length > 1 && this.samples[1]!.at < at - this.keepMs) this.samples.shift();
  }

  /** Null before any sample: the lag cannot be known yet. */
  lagMs(replayed: bigint, now: number): number | null {
    if (!this.samples.length) return null;
    const firstUnreplayed = this.samples.find((s) => s.lsn > replayed);
    return firstUnreplayed ? Math.max(0, now - firstUnreplayed.at) : 0;
  }
}

/**
 * Who wrote lately, so that their reads go to the primary until every replica still used has
 * their write: a replica is used while its lag is within the bound, measured at checks, so a
 * write older than the bound plus two check intervals is on every replica in use.
 */
export class RecentWriters {
  private readonly until = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  note(userId: string, now: number): void {
    this.until.set(userId, now + this.windowMs);
  }

  wroteLately(userId: string, now: number): boolean {
    const until = this.until.get(userId);
    if (until === undefined) return false;
    if (until > now) return true;
    this.until.delete(userId);
    return false;
  }

  prune(now: number): void {
    for (const [userId, until] of this.until) if (until <= now) this.until.delete(userId);
  }
}
