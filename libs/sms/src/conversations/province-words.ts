import { PROVINCES, type ProvinceData } from '@psar/catalog';

const KHMER_PREFIXES = ['ខេត្ត', 'រាជធានី'];

function key(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[\s\-_.]/g, '');
}

const BY_KEY = new Map<string, ProvinceData>();
for (const province of PROVINCES) {
  BY_KEY.set(key(province.nameEn), province);
  BY_KEY.set(key(province.code), province);
  BY_KEY.set(key(province.nameKm), province);
  for (const prefix of KHMER_PREFIXES) {
    if (province.nameKm.startsWith(prefix)) BY_KEY.set(key(province.nameKm.slice(prefix.length)), province);
  }
}

/**
 * Splits "Sok Dara Prey Veng" into a name and the province its last words name (English,
 * Khmer with or without ខេត្ត, or the code KH-14), trying the longest ending first.
 */
export function splitNameAndProvince(words: string[]): { name: string; province: ProvinceData | null; provinceWords: string } {
  for (let take = Math.min(3, words.length - 1); take >= 1; take--) {
    const tail = words.slice(words.length - take);
    const province = BY_KEY.get(key(tail.join(''))) ?? BY_KEY.get(key(tail.join('').replace(/province$/i, '')));
    if (province) return { name: words.slice(0, words.length - take).join(' '), province, provinceWords: tail.join(' ') };
  }
  return { name: words.slice(0, -1).join(' '), province: null, provinceWords: words[words.length - 1] ?? '' };
}
