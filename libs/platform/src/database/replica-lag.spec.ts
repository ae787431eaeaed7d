import { parseLsn, PrimaryWalHistory, RecentWriters } from './replica-lag';

describe('parseLsn', () => {
  it('reads both halves of a WAL position', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
  });

  it('refuses what is not one', () => {
    expect(() => parseLsn('16-B374D848')).toThrow('not a WAL position');
  });
});

describe('PrimaryWalHistory', () => {
  it('knows no lag before the first sample', () => {
    expect(new PrimaryWalHistory(30_000).lagMs(100n, 0)).toBeNull();
  });

  it('is zero for a replica that replayed all the primary had, however long the primary stays idle', () => {
    const history = new PrimaryWalHistory(30_000);
    for (let at = 0; at <= 60_000; at += 1000) history.record(at, 500n);
    expect(history.lagMs(500n, 60_000)).toBe(0);
  });

  it('counts from the first time the primary had WAL the replica has not replayed', () => {
    const history = new PrimaryWalHistory(30_000);
    history.record(0, 100n);
    history.record(1000, 200n);
    history.record(2000, 300n);
    history.record(3000, 300n);
    expect(history.lagMs(100n, 5000)).toBe(4000);
    expect(history.lagMs(250n, 5000)).toBe(3000);
    expect(history.lagMs(300n, 5000)).toBe(0);
  });

  it('forgets old samples but keeps a replica stuck behind them lagging at least as long as the window', () => {
    const history = new PrimaryWalHistory(10_000);
    for (let at = 0; at <= 60_000; at += 1000) history.record(at, BigInt(at + 1));
    expect(history.lagMs(0n, 60_000)).toBeGreaterThanOrEqual(10_000);
    expect(history.lagMs(59_001n, 60_000)).toBe(0);
  });
});

describe('RecentWriters', () => {
  it('sends a writer to the primary for the window, then no more', () => {
    const writers = new RecentWriters(5000);
    writers.note('u1', 1000);
    expect(writers.wroteLately('u1', 5999)).toBe(true);
    expect(writers.wroteLately('u1', 6000)).toBe(false);
    expect(writers.wroteLately('u2', 1000)).toBe(false);
  });

  it('a later write extends the window', () => {
    const writers = new RecentWriters(5000);
    writers.note('u1', 0);
    writers.note('u1', 4000);
    expect(writers.wroteLately('u1', 8000)).toBe(true);
  });
});
