import type { Unit } from './units';

export interface ProductData {
  code: string;
  valueChainCode: string;
  nameEn: string;
  nameKm: string;
  unit: Unit;
  /** Quality grades, best first; empty when the trade does not grade the product. */
  grades: string[];
}

export const PRODUCTS: readonly ProductData[] = [
  // swine
  { code: 'live_pig', valueChainCode: 'swine', nameEn: 'Live pigs', nameKm: 'ជ្រូករស់', unit: 'head', grades: [] },
  { code: 'piglet', valueChainCode: 'swine', nameEn: 'Piglets', nameKm: 'កូនជ្រូក', unit: 'head', grades: [] },
  { code: 'pork', valueChainCode: 'swine', nameEn: 'Pork', nameKm: 'សាច់ជ្រូក', unit: 'kg', grades: [] },

  // aquaculture
  { code: 'tilapia', valueChainCode: 'aquaculture', nameEn: 'Tilapia', nameKm: 'ត្រីទីឡាព្យ៉ា', unit: 'kg', grades: [] },
  {
    code: 'pangasius',
    valueChainCode: 'aquaculture',
    nameEn: 'Pangasius (striped catfish)',
    nameKm: 'ត្រីប្រា',
    unit: 'kg',
    grades: [],
  },
  { code: 'snakehead', valueChainCode: 'aquaculture', nameEn: 'Snakehead fish', nameKm: 'ត្រីរ៉ស់', unit: 'kg', grades: [] },

  // clay roof tiles and bricks
  {
    code: 'clay_roof_tile',
    valueChainCode: 'clay_tiles_bricks',
    nameEn: 'Clay roof tiles',
    nameKm: 'ក្បឿងដី',
    unit: 'piece',
    grades: ['A', 'B', 'C'],
  },
  {
    code: 'clay_brick',
    valueChainCode: 'clay_tiles_bricks',
    nameEn: 'Clay bricks',
    nameKm: 'ឥដ្ឋ',
    unit: 'piece',
    grades: ['A', 'B', 'C'],
  },
  {
    code: 'clay_hollow_brick',
    valueChainCode: 'clay_tiles_bricks',
    nameEn: 'Hollow clay bricks',
    nameKm: 'ឥដ្ឋប្រហោង',
    unit: 'piece',
    grades: ['A', 'B', 'C'],
  },

  // honey
  { code: 'wild_honey', valueChainCode: 'honey', nameEn: 'Wild honey', nameKm: 'ទឹកឃ្មុំព្រៃ', unit: 'litre', grades: ['A', 'B'] },
  {
    code: 'farmed_honey',
    valueChainCode: 'honey',
    nameEn: 'Farmed honey',
    nameKm: 'ទឹកឃ្មុំចិញ្ចឹម',
    unit: 'litre',
    grades: ['A', 'B'],
  },

  // tree resin
  {
    code: 'liquid_resin',
    valueChainCode: 'tree_resin',
    nameEn: 'Liquid resin (oleoresin)',
    nameKm: 'ជ័រទឹក',
    unit: 'litre',
    grades: ['A', 'B'],
  },
  { code: 'solid_resin', valueChainCode: 'tree_resin', nameEn: 'Solid resin', nameKm: 'ជ័រចុង', unit: 'kg', grades: ['A', 'B'] },

  // eco-tourism
  {
    code: 'homestay_night',
    valueChainCode: 'eco_tourism',
    nameEn: 'Homestay night',
    nameKm: 'ស្នាក់នៅផ្ទះអ្នកភូមិ (មួយយប់)',
    unit: 'piece',
    grades: [],
  },
  {
    code: 'guided_tour',
    valueChainCode: 'eco_tourism',
    nameEn: 'Guided day tour',
    nameKm: 'ដំណើរកម្សាន្តមានមគ្គុទ្ទេសក៍ (មួយថ្ងៃ)',
    unit: 'piece',
    grades: [],
  },

  // potable water
  {
    code: 'ceramic_water_filter',
    valueChainCode: 'potable_water',
    nameEn: 'Ceramic water filters',
    nameKm: 'ធុងចម្រោះទឹក',
    unit: 'piece',
    grades: [],
  },
  {
    code: 'drinking_water',
    valueChainCode: 'potable_water',
    nameEn: 'Treated drinking water',
    nameKm: 'ទឹកបរិសុទ្ធ',
    unit: 'litre',
    grades: [],
  },

  // household latrines
  {
    code: 'latrine_kit',
    valueChainCode: 'household_latrines',
    nameEn: 'Pour-flush latrine kits',
    nameKm: 'ឈុតបង្គន់អនាម័យ',
    unit: 'piece',
    grades: [],
  },
  {
    code: 'latrine_pit_ring',
    valueChainCode: 'household_latrines',
    nameEn: 'Concrete latrine pit rings',
    nameKm: 'កងបេតុងរណ្ដៅបង្គន់',
    unit: 'piece',
    grades: [],
  },

  // garments
  { code: 'garment', valueChainCode: 'garments', nameEn: 'Garments', nameKm: 'សម្លៀកបំពាក់', unit: 'piece', grades: ['A', 'B'] },
  { code: 'krama', valueChainCode: 'garments', nameEn: 'Krama scarves', nameKm: 'ក្រមា', unit: 'piece', grades: ['A', 'B'] },

  // inputs: feed
  { code: 'swine_feed', valueChainCode: 'feed', nameEn: 'Swine feed', nameKm: 'ចំណីជ្រូក', unit: 'kg', grades: [] },
  { code: 'fish_feed', valueChainCode: 'feed', nameEn: 'Fish feed', nameKm: 'ចំណីត្រី', unit: 'kg', grades: [] },

  // inputs: veterinary medicines and vaccines
  {
    code: 'swine_vaccine',
    valueChainCode: 'veterinary',
    nameEn: 'Swine vaccines (doses)',
    nameKm: 'វ៉ាក់សាំងជ្រូក (ដូស)',
    unit: 'piece',
    grades: [],
  },
  {
    code: 'veterinary_medicine',
    valueChainCode: 'veterinary',
    nameEn: 'Veterinary medicines',
    nameKm: 'ថ្នាំពេទ្យសត្វ',
    unit: 'piece',
    grades: [],
  },

  // inputs: fingerlings
  {
    code: 'tilapia_fingerling',
    valueChainCode: 'fingerlings',
    nameEn: 'Tilapia fingerlings',
    nameKm: 'កូនត្រីទីឡាព្យ៉ា',
    unit: 'piece',
    grades: [],
  },
  {
    code: 'pangasius_fingerling',
    valueChainCode: 'fingerlings',
    nameEn: 'Pangasius fingerlings',
    nameKm: 'កូនត្រីប្រា',
    unit: 'piece',
    grades: [],
  },
  {
    code: 'snakehead_fingerling',
    valueChainCode: 'fingerlings',
    nameEn: 'Snakehead fingerlings',
    nameKm: 'កូនត្រីរ៉ស់',
    unit: 'piece',
    grades: [],
  },

  // inputs: breeding stock and artificial insemination
  {
    code: 'breeding_boar',
    valueChainCode: 'breeding_stock',
    nameEn: 'Breeding boars',
    nameKm: 'ជ្រូកបាពូជ',
    unit: 'head',
    grades: [],
  },
  {
    code: 'breeding_gilt',
    valueChainCode: 'breeding_stock',
    nameEn: 'Breeding gilts',
    nameKm: 'ជ្រូកញីពូជ',
    unit: 'head',
    grades: [],
  },
  {
    code: 'boar_semen_dose',
    valueChainCode: 'breeding_stock',
    nameEn: 'Boar semen doses (artificial insemination)',
    nameKm: 'ទឹកកាមជ្រូកបាសម្រាប់បង្កាត់សិប្បនិម្មិត (ដូស)',
    unit: 'piece',
    grades: [],
  },
];
