/**
 * The other names people search and text products by: English synonyms, Khmer variants and
 * the common romanised spellings (Khmer typed in Latin letters on a phone). Each names a
 * product or, when it means the whole trade ("pig", "fish"), a value chain. The first
 * migration loads these; real spellings come from real users, so more are added by a
 * migration (README: "Product aliases"), never by editing this list once it has shipped.
 */
export interface AliasData {
  alias: string;
  productCode?: string;
  valueChainCode?: string;
  kind: 'en' | 'km' | 'romanised';
}

const product = (productCode: string, en: string[], km: string[], romanised: string[]): AliasData[] => [
  ...en.map((alias) => ({ alias, productCode, kind: 'en' as const })),
  ...km.map((alias) => ({ alias, productCode, kind: 'km' as const })),
  ...romanised.map((alias) => ({ alias, productCode, kind: 'romanised' as const })),
];
const chain = (valueChainCode: string, en: string[], km: string[], romanised: string[]): AliasData[] => [
  ...en.map((alias) => ({ alias, valueChainCode, kind: 'en' as const })),
  ...km.map((alias) => ({ alias, valueChainCode, kind: 'km' as const })),
  ...romanised.map((alias) => ({ alias, valueChainCode, kind: 'romanised' as const })),
];

export const ALIASES: readonly AliasData[] = [
  ...chain('swine', ['pig', 'pigs', 'hog', 'hogs'], ['ជ្រូក'], ['chrouk', 'chruk', 'chrook', 'jrouk', 'jruk']),
  ...product('live_pig', ['live pig', 'fattening pigs'], ['ជ្រូករស់'], ['chrouk ros', 'chruk ros']),
  ...product('piglet', ['piglet', 'weaners'], ['កូនជ្រូក'], ['kon chrouk', 'koun chrouk', 'kon chruk']),
  ...product('pork', ['pig meat'], ['សាច់ជ្រូក'], ['sach chrouk', 'sach chruk']),

  ...chain('aquaculture', ['fish'], ['ត្រី'], ['trey', 'trei', 'trai']),
  ...product('tilapia', [], [], ['trey tilapia', 'trei tilapia']),
  ...product('pangasius', ['catfish', 'pangas', 'basa'], [], ['trey pra', 'trei pra']),
  ...product('snakehead', ['snakehead', 'murrel'], [], ['trey ros', 'trei ros', 'trey raws']),

  ...product('clay_roof_tile', ['tile', 'tiles', 'roof tile', 'roof tiles', 'roofing tiles'], ['ក្បឿង', 'ក្បឿងដីឥដ្ឋ', 'ក្បឿងដុត'], ['kbeung', 'kbueng', 'kbeang', 'kbeong', 'kboeung']),
  ...product('clay_brick', ['brick', 'bricks', 'fired bricks'], ['ឥដ្ឋដុត'], ['edth', 'edt', 'ith', 'eth dot']),
  ...product('clay_hollow_brick', ['hollow brick', 'hollow bricks', 'hollow blocks'], ['ឥដ្ឋរន្ធ'], ['edth prohong', 'ith brahong']),

  ...chain('honey', [], [], ['tuk khmum', 'teuk khmum', 'tik khmum', 'toek khmum']),
  ...chain('tree_resin', ['resin'], ['ជ័រ'], ['chor', 'jor']),
  ...product('liquid_resin', ['oleoresin', 'dipterocarp oil'], [], ['chor tuk', 'chor teuk']),
  ...product('krama', ['scarf', 'scarves'], [], ['krama', 'kroma']),

  ...chain('feed', ['animal feed'], ['ចំណី'], ['chamnei', 'chamney', 'chomnei']),
  ...chain('veterinary', ['vaccine', 'vaccines', 'medicine'], ['វ៉ាក់សាំង', 'ថ្នាំ'], ['vaksang', 'thnam']),
  ...chain('fingerlings', ['fingerling', 'fry', 'fish seed'], ['កូនត្រី'], ['kon trey', 'koun trei', 'kon trei']),
  ...chain('household_latrines', ['toilet', 'toilets', 'latrine'], ['បង្គន់'], ['bangkon', 'bongkon']),
  ...chain('potable_water', ['water filter', 'clean water'], [], ['tuk sa-at', 'teuk saat']),
];
