/**
 * A pooled order's progress, from its current offers. Pure: quantities in thousandths
 * (bigint), as the caller parses them, so no float ever counts tiles.
 */
export type GroupOfferStatus = 'pending' | 'accepted' | 'rejected' | 'withdrawn' | 'expired' | 'countered';

export interface GroupProgress {
  accepted: bigint;
  pending: bigint;
  declined: bigint;
  uncovered: bigint;
}

export function groupProgress(target: bigint, offers: Array<{ status: GroupOfferStatus; quantity: bigint }>): GroupProgress {
  let accepted = 0n;
  let pending = 0n;
  let declined = 0n;
  for (const o of offers) {
    if (o.status === 'accepted') accepted += o.quantity;
    // A countered offer is not current (its counter-offer is); should one be passed, it still waits for an answer.
    else if (o.status === 'pending' || o.status === 'countered') pending += o.quantity;
    else declined += o.quantity;
  }
  const open = target - accepted - pending;
  return { accepted, pending, declined, uncovered: open > 0n ? open : 0n };
}
