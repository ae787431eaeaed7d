import type { FairStatus } from './trade-fair.entity';

export type FairTransition = 'open' | 'closed' | 'completed' | 'cancelled';

/**
 * draft → open → closed → completed, or cancelled from any status before completed.
 * A closed fair may reopen (the organizer extends applications); an open fair may be
 * completed directly when nobody closed it in time.
 */
const ALLOWED_FROM: Record<FairTransition, readonly FairStatus[]> = {
  open: ['draft', 'closed'],
  closed: ['open'],
  completed: ['open', 'closed'],
  cancelled: ['draft', 'open', 'closed'],
};

export function canTransition(from: FairStatus, to: FairTransition): boolean {
  return ALLOWED_FROM[to].includes(from);
}

export function allowedFrom(to: FairTransition): readonly FairStatus[] {
  return ALLOWED_FROM[to];
}

/** Statuses in which the organizer may still change the fair, its stalls and its bookings. */
export const ACTIVE_FAIR_STATUSES: readonly FairStatus[] = ['draft', 'open', 'closed'];
