import { trainingFiltersFromQuery, trainingsApiQuery, trainingsUrl } from './training-filters';

describe('the trainings search in the URL', () => {
  it('keeps the filters that make sense and round-trips them', () => {
    const filters = trainingFiltersFromQuery({ province: 'KH-3', valueChain: 'swine', from: '2026-12-01', to: '2026-12-31', near: '11.5,104.9', radiusKm: '25' });
    expect(trainingsUrl(filters)).toBe('/trainings?province=KH-3&valueChain=swine&from=2026-12-01&to=2026-12-31&near=11.5%2C104.9&radiusKm=25');
    expect(trainingsApiQuery(filters)).toEqual({ province: 'KH-3', valueChain: 'swine', from: '2026-12-01', to: '2026-12-31', near: '11.5,104.9', radiusKm: 25 });
  });

  it('drops an edited link’s nonsense: a bad province, an end before the start, a radius without a place', () => {
    const filters = trainingFiltersFromQuery({ province: 'Takeo', from: '2026-12-10', to: '2026-12-01', radiusKm: '25', valueChain: 'DROP TABLE' });
    expect(filters).toEqual({ province: '', valueChain: '', from: '2026-12-10', to: '', near: '', radiusKm: '' });
    expect(trainingsUrl(filters)).toBe('/trainings?from=2026-12-10');
  });
});
