import { eventFiltersFromQuery, eventsApiQuery, eventsUrl } from './event-filters';

describe('the events search in the URL', () => {
  it('keeps the kind with the trainings’ filters and round-trips them', () => {
    const filters = eventFiltersFromQuery({ kind: 'business_forum', province: 'KH-14', valueChain: 'aquaculture', from: '2026-12-01', to: '2026-12-31', near: '11.5,104.9', radiusKm: '25' });
    expect(eventsUrl(filters)).toBe('/events?kind=business_forum&province=KH-14&valueChain=aquaculture&from=2026-12-01&to=2026-12-31&near=11.5%2C104.9&radiusKm=25');
    expect(eventsApiQuery(filters)).toEqual({
      kind: 'business_forum',
      province: 'KH-14',
      valueChain: 'aquaculture',
      from: '2026-12-01',
      to: '2026-12-31',
      near: '11.5,104.9',
      radiusKm: 25,
    });
  });

  it('drops a kind it does not know, and an empty search is /events', () => {
    const filters = eventFiltersFromQuery({ kind: 'party' });
    expect(filters.kind).toBe('');
    expect(eventsUrl(filters)).toBe('/events');
    expect(eventsApiQuery(filters).kind).toBeUndefined();
  });
});
