import { ALIASES } from '../reference-data/aliases';
import { AliasIndex, nameWords, productNameAliases } from './alias-index';

describe('AliasIndex', () => {
  const index = new AliasIndex(ALIASES);
  const words = (text: string) => nameWords(text).map((word) => ({ word }));

  it('finds romanised, English and Khmer names of a product or a value chain', () => {
    expect(index.match(words('kbeung'))).toEqual([{ start: 0, length: 1, targets: [{ productCode: 'clay_roof_tile' }] }]);
    expect(index.match(words('chrouk'))).toEqual([{ start: 0, length: 1, targets: [{ valueChainCode: 'swine' }] }]);
    expect(index.match(words('trei'))[0]!.targets).toEqual([{ valueChainCode: 'aquaculture' }]);
    expect(index.match(words('roof tiles'))).toEqual([{ start: 0, length: 2, targets: [{ productCode: 'clay_roof_tile' }] }]);
    // Written without a space, split into words first.
    expect(index.match(words('ក្បឿងដីឥដ្ឋ'))).toEqual([{ start: 0, length: 2, targets: [{ productCode: 'clay_roof_tile' }] }]);
  });

  it('takes the longest alias and a word as a prefix', () => {
    expect(index.match(words('kon chrouk'))).toEqual([{ start: 0, length: 2, targets: [{ productCode: 'piglet' }] }]);
    expect(index.match(words('cheap kbeu from kampong'))).toEqual([{ start: 1, length: 1, targets: [{ productCode: 'clay_roof_tile' }] }]);
    expect(index.match(words('ka'))).toEqual([]);
  });

  it('names a product by its own English and Khmer names too', () => {
    const withNames = new AliasIndex([...productNameAliases([{ code: 'wild_honey', nameEn: 'Wild honey', nameKm: 'ទឹកឃ្មុំព្រៃ' }]), ...ALIASES]);
    // Written without a space: two words, one product.
    expect(withNames.match(words('ទឹកឃ្មុំព្រៃ'))).toEqual([{ start: 0, length: 2, targets: [{ productCode: 'wild_honey' }] }]);
    expect(withNames.match(words('wild honey'))).toEqual([{ start: 0, length: 2, targets: [{ productCode: 'wild_honey' }] }]);
    expect(index.match(words('ទឹកឃ្មុំព្រៃ')).some((m) => m.targets.some((t) => t.productCode === 'wild_honey'))).toBe(false);
  });

  it('matches through a misspelling’s look-alikes', () => {
    expect(index.match([{ word: 'kbeungg', alternatives: ['kbeung'] }])[0]!.targets).toEqual([{ productCode: 'clay_roof_tile' }]);
  });
});
