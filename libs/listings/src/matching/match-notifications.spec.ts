import type { DomainEvent } from '@psar/platform';
import type { MatchFoundPayload } from '../market-events';
import { matchFoundNotification } from './match-notifications';

function event(overrides: Partial<MatchFoundPayload> = {}): DomainEvent<MatchFoundPayload> {
  return {
    id: 'e1',
    type: 'match.found',
    occurredAt: new Date(),
    payload: {
      listingId: 'l1',
      demandId: 'd1',
      notifiedOrganizationId: 'buyer',
      notifiedSide: 'buyer',
      counterpartOrganizationId: 'kiln',
      counterpartName: 'Kampong Leav Kilns',
      productCode: 'clay_roof_tile',
      productName: 'Clay roof tiles',
      listingTitle: 'Grade-A tiles, fired in March',
      demandQuantity: '40000',
      demandUnit: 'piece',
      demandGrade: 'A',
      score: 0.81,
      reasons: ['covers 100 %'],
      ...overrides,
    },
  };
}

describe('match notifications', () => {
  it('tell a buyer one digest per demand: alone the listing, then the count and the best few', () => {
    const [draft] = matchFoundNotification(event());
    expect(draft).toMatchObject({
      kind: 'match.listing_for_your_demand',
      title: 'Kampong Leav Kilns listed Clay roof tiles that fits your demand',
      digest: { key: 'd1', label: 'Kampong Leav Kilns: Grade-A tiles, fired in March', score: 0.81 },
    });
    expect(draft!.digest!.summarize({ count: 12, best: ['A: x', 'B: y', 'C: z'], folded: false })).toEqual({
      title: '12 new listings fit your demand for 40000 piece of grade A Clay roof tiles',
      body: 'Best: A: x · B: y · C: z',
      data: { demandId: 'd1' },
    });
    expect(draft!.digest!.summarize({ count: 7, best: ['A: x'], folded: true })).toEqual({
      title: '7 more new listings fit your demands',
      body: 'Best: A: x',
      data: {},
    });
  });

  it('tell a seller one digest per listing; an event from before digests still reads well', () => {
    const [draft] = matchFoundNotification(event({ notifiedSide: 'seller', counterpartName: 'Mekong Builders' }));
    expect(draft!.digest!.key).toBe('l1');
    expect(draft!.digest!.summarize({ count: 3, best: ['Mekong Builders'], folded: false }).title).toBe(
      '3 buyers want Clay roof tiles: your listing "Grade-A tiles, fired in March" fits',
    );
    const [old] = matchFoundNotification(event({ demandQuantity: undefined, demandUnit: undefined, demandGrade: undefined }));
    expect(old!.digest!.summarize({ count: 2, best: [], folded: false }).title).toBe('2 new listings fit your demand for Clay roof tiles');
  });
});
