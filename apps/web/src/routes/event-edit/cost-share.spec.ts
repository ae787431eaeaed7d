import { apiAmount, shareOfCost, sponsorPercent } from './cost-share';

describe('the cost an organizer types and the share a participant pays', () => {
  it('splits as the API does: the sponsor’s share rounded half up to the riel or the cent', () => {
    expect(shareOfCost('40000', 'KHR', '25')).toEqual({ sponsored: { amount: '10000.00', currency: 'KHR' }, participant: { amount: '30000.00', currency: 'KHR' } });
    expect(shareOfCost('៤០០០០', 'KHR', '២៥')).toEqual(shareOfCost('40000', 'KHR', '25'));
    expect(shareOfCost('10.01', 'USD', '50')).toEqual({ sponsored: { amount: '5.01', currency: 'USD' }, participant: { amount: '5.00', currency: 'USD' } });
    expect(shareOfCost('3', 'KHR', '50')!.participant.amount).toBe('1.00');
    expect(shareOfCost('40', 'USD', '0')!.participant.amount).toBe('40.00');
    expect(shareOfCost('40', 'USD', '100')!.participant.amount).toBe('0.00');
  });

  it('gives nothing for what the API would refuse: a fraction of a riel, a percent over 100, text', () => {
    expect(shareOfCost('100.5', 'KHR', '25')).toBeNull();
    expect(shareOfCost('40', 'USD', '101')).toBeNull();
    expect(shareOfCost('forty', 'USD', '25')).toBeNull();
    expect(sponsorPercent('12.5')).toBeNull();
  });

  it('sends the amount the way the API takes it', () => {
    expect(apiAmount('៤០,០០០', 'KHR')).toBe('40000');
    expect(apiAmount('12.5', 'USD')).toBe('12.50');
    expect(apiAmount('abc', 'USD')).toBe('abc');
  });
});
