import { groupProgress } from './group-progress';

describe('groupProgress', () => {
  it('counts accepted, pending and declined lines; uncovered is what nobody accepted or is still asked for', () => {
    expect(
      groupProgress(40_000_000n, [
        { status: 'accepted', quantity: 15_000_000n },
        { status: 'accepted', quantity: 15_000_000n },
        { status: 'rejected', quantity: 10_000_000n },
      ]),
    ).toEqual({ accepted: 30_000_000n, pending: 0n, declined: 10_000_000n, uncovered: 10_000_000n });
    expect(
      groupProgress(40_000_000n, [
        { status: 'accepted', quantity: 30_000_000n },
        { status: 'pending', quantity: 10_000_000n },
        { status: 'expired', quantity: 5n },
        { status: 'withdrawn', quantity: 1n },
      ]),
    ).toEqual({ accepted: 30_000_000n, pending: 10_000_000n, declined: 6n, uncovered: 0n });
  });

  it('never reports a negative uncovered quantity when more was asked than needed', () => {
    expect(groupProgress(10n, [{ status: 'pending', quantity: 25n }]).uncovered).toBe(0n);
    expect(groupProgress(10n, []).uncovered).toBe(10n);
  });
});
