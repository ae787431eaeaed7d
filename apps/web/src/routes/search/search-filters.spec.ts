import { apiQuery, EMPTY_FILTERS, filtersFromQuery, searchUrl } from './search-filters';

describe('search filters in the URL', () => {
  it('round-trips through the URL, keeping only what is set', () => {
    const filters = { ...EMPTY_FILTERS, q: 'ក្បឿង', province: 'KH-14', minPrice: '500', maxPrice: '700', near: '11.55,104.92', radiusKm: '50', sort: 'distance' as const };
    const url = searchUrl(filters);
    expect(url).toBe('/listings?q=%E1%9E%80%E1%9F%92%E1%9E%94%E1%9E%BF%E1%9E%84&province=KH-14&minPrice=500&maxPrice=700&near=11.55%2C104.92&radiusKm=50&sort=distance');
    const query = Object.fromEntries(new URL(url, 'http://x').searchParams);
    expect(filtersFromQuery(query)).toEqual(filters);
    expect(searchUrl(EMPTY_FILTERS)).toBe('/listings');
  });

  it('keeps the currency only with a price', () => {
    expect(searchUrl({ ...EMPTY_FILTERS, currency: 'USD' })).toBe('/listings');
    expect(searchUrl({ ...EMPTY_FILTERS, currency: 'USD', maxPrice: '0.2' })).toBe('/listings?maxPrice=0.2&currency=USD');
    expect(searchUrl({ ...EMPTY_FILTERS, currency: 'USD', minPrice: '0.1' })).toBe('/listings?minPrice=0.1&currency=USD');
  });

  it('drops values the API would refuse', () => {
    expect(filtersFromQuery({ sort: 'relevance' }).sort).toBe('');
    expect(filtersFromQuery({ sort: 'distance' }).sort).toBe('');
    expect(filtersFromQuery({ sort: 'cheapest', q: 'x' }).sort).toBe('');
    expect(filtersFromQuery({ near: 'here', radiusKm: '50' })).toMatchObject({ near: '', radiusKm: '' });
    expect(filtersFromQuery({ maxPrice: '-3' }).maxPrice).toBe('');
    expect(filtersFromQuery({ minPrice: '1e9' }).minPrice).toBe('');
  });

  it('gives the API only the set filters', () => {
    expect(apiQuery({ ...EMPTY_FILTERS, product: 'clay_roof_tile', radiusKm: '', near: '' })).toEqual({
      q: undefined,
      productCode: 'clay_roof_tile',
      province: undefined,
      grade: undefined,
      minPrice: undefined,
      maxPrice: undefined,
      currency: undefined,
      near: undefined,
      radiusKm: undefined,
      sort: undefined,
    });
    expect(apiQuery({ ...EMPTY_FILTERS, near: '11.5,104.9', radiusKm: '25' })).toMatchObject({ near: '11.5,104.9', radiusKm: 25 });
  });
});
