import { matchReasons } from '../../../../../libs/listings/src/matching/scoring';
import km from '../../i18n/km.json';
import { wordReason } from './match-reasons';

describe('match reasons in the person language', () => {
  it('knows each sentence the API writes, with its values', () => {
    expect(wordReason('3 producers together cover 100 %')).toEqual({ key: 'matches.reason.poolCovers', params: { producers: '3', percent: '100' } });
    expect(wordReason('covers 50 %')).toEqual({ key: 'matches.reason.covers', params: { percent: '50' } });
    expect(wordReason('1,240 km from delivery on average')).toEqual({ key: 'matches.reason.distanceAverage', params: { km: '1,240' } });
    expect(wordReason('under 1 km from delivery')).toEqual({ key: 'matches.reason.near', params: {} });
    expect(wordReason('9 % under your maximum price')).toEqual({ key: 'matches.reason.underMax', params: { percent: '9' } });
    expect(wordReason('2 of 3 producers in Prey Veng Tile Cooperative')).toEqual({
      key: 'matches.reason.someMembers',
      params: { members: '2', producers: '3', group: 'Prey Veng Tile Cooperative' },
    });
    expect(wordReason('rated 4.5 from 1 deal')).toEqual({ key: 'matches.reason.rated', params: { rating: '4.5', deals: '1' } });
    expect(wordReason('usually replies within 1 hour')).toEqual({ key: 'matches.reason.repliesWithinHour', params: {} });
    expect(wordReason('usually replies within 3 hours')).toEqual({ key: 'matches.reason.repliesWithinHours', params: { hours: '3' } });
    expect(wordReason('usually replies within 2 days')).toEqual({ key: 'matches.reason.repliesWithinDays', params: { days: '2' } });
    expect(wordReason('replies to 20 % of requests')).toEqual({ key: 'matches.reason.repliesToFew', params: { percent: '20' } });
    expect(wordReason('something new')).toBeNull();
  });

  it('words every reason the scoring gives a buyer, with keys the catalog has', () => {
    const base = { coverage: 1, distanceKm: 38.2, unitPriceKhr: 700, lowestPriceKhr: 650, verifiedShare: 1, reputation: { averageRating: 4.5, ratedDeals: 2 } };
    const samples = [
      ...matchReasons({ ...base, maxPriceKhr: 800, grade: 'A' } as never),
      ...matchReasons({ ...base, maxPriceKhr: null, producers: 3, verifiedProducers: 2, group: { name: 'Coop', members: 3 } } as never),
      ...matchReasons({ ...base, maxPriceKhr: 700, distanceKm: 0.5, unitPriceKhr: 650, producers: 2, verifiedProducers: 2, group: { name: 'Coop', members: 2 } } as never),
      ...matchReasons({ ...base, maxPriceKhr: null, unitPriceKhr: 650 } as never),
      ...[15, 150, 4000].flatMap((minutes) => matchReasons({ ...base, maxPriceKhr: null, reputation: { ...base.reputation, responseRate: 0.9, medianResponseMinutes: minutes } } as never)),
      ...matchReasons({ ...base, maxPriceKhr: null, reputation: { ...base.reputation, responseRate: 0.2, medianResponseMinutes: 30 } } as never),
    ];
    for (const reason of samples) {
      const worded = wordReason(reason);
      expect([reason, worded && worded.key in km]).toEqual([reason, true]);
    }
  });
});
