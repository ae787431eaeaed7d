import { FAIR_STATUSES } from './trade-fair.entity';
import { canTransition, type FairTransition } from './fair-status';

describe('fair status transitions', () => {
  it('follows draft → open → closed → completed, with cancellation before completion', () => {
    const allowed = (['open', 'closed', 'completed', 'cancelled'] as FairTransition[]).flatMap((to) =>
      FAIR_STATUSES.filter((from) => canTransition(from, to)).map((from) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      ['draft→open', 'closed→open', 'open→closed', 'open→completed', 'closed→completed', 'draft→cancelled', 'open→cancelled', 'closed→cancelled'].sort(),
    );
  });

  it('never leaves completed or cancelled', () => {
    for (const to of ['open', 'closed', 'completed', 'cancelled'] as FairTransition[]) {
      expect(canTransition('completed', to)).toBe(false);
      expect(canTransition('cancelled', to)).toBe(false);
    }
  });
});
