export const VALUE_CHAIN_KINDS = ['product', 'input'] as const;
export type ValueChainKind = (typeof VALUE_CHAIN_KINDS)[number];

export interface ValueChainData {
  code: string;
  nameEn: string;
  nameKm: string;
  /** `product`: what producers sell; `input`: what suppliers sell into the product chains. */
  kind: ValueChainKind;
}

export const VALUE_CHAINS: readonly ValueChainData[] = [
  { code: 'swine', nameEn: 'Swine', nameKm: 'ចិញ្ចឹមជ្រូក', kind: 'product' },
  { code: 'aquaculture', nameEn: 'Aquaculture', nameKm: 'វារីវប្បកម្ម', kind: 'product' },
  { code: 'clay_tiles_bricks', nameEn: 'Clay roof tiles and bricks', nameKm: 'ក្បឿង និងឥដ្ឋ', kind: 'product' },
  { code: 'honey', nameEn: 'Honey', nameKm: 'ទឹកឃ្មុំ', kind: 'product' },
  { code: 'tree_resin', nameEn: 'Tree resin', nameKm: 'ជ័រឈើ', kind: 'product' },
  { code: 'eco_tourism', nameEn: 'Eco-tourism', nameKm: 'អេកូទេសចរណ៍', kind: 'product' },
  { code: 'potable_water', nameEn: 'Potable water', nameKm: 'ទឹកស្អាត', kind: 'product' },
  { code: 'household_latrines', nameEn: 'Household latrines', nameKm: 'បង្គន់អនាម័យ', kind: 'product' },
  { code: 'garments', nameEn: 'Garments', nameKm: 'សម្លៀកបំពាក់', kind: 'product' },
  { code: 'feed', nameEn: 'Animal and fish feed', nameKm: 'ចំណីសត្វ', kind: 'input' },
  { code: 'veterinary', nameEn: 'Veterinary medicines and vaccines', nameKm: 'ថ្នាំពេទ្យសត្វ និងវ៉ាក់សាំង', kind: 'input' },
  { code: 'fingerlings', nameEn: 'Fingerlings', nameKm: 'កូនត្រី', kind: 'input' },
  {
    code: 'breeding_stock',
    nameEn: 'Breeding stock and artificial insemination',
    nameKm: 'សត្វពូជ និងការបង្កាត់ពូជសិប្បនិម្មិត',
    kind: 'input',
  },
];
