export interface ProvinceData {
  /** ISO 3166-2:KH code. */
  code: string;
  nameEn: string;
  nameKm: string;
  lat: number;
  lng: number;
}

/**
 * The 24 provinces and the capital of Cambodia. Coordinates are the approximate
 * geographic centre of each province (for Phnom Penh, the city centre), good enough
 * for ranking by distance, not for drawing borders.
 */
export const PROVINCES: readonly ProvinceData[] = [
  { code: 'KH-1', nameEn: 'Banteay Meanchey', nameKm: 'ខេត្តបន្ទាយមានជ័យ', lat: 13.754, lng: 102.989 },
  { code: 'KH-2', nameEn: 'Battambang', nameKm: 'ខេត្តបាត់ដំបង', lat: 13.029, lng: 102.99 },
  { code: 'KH-3', nameEn: 'Kampong Cham', nameKm: 'ខេត្តកំពង់ចាម', lat: 12.1, lng: 105.25 },
  { code: 'KH-4', nameEn: 'Kampong Chhnang', nameKm: 'ខេត្តកំពង់ឆ្នាំង', lat: 12.139, lng: 104.566 },
  { code: 'KH-5', nameEn: 'Kampong Speu', nameKm: 'ខេត្តកំពង់ស្ពឺ', lat: 11.6, lng: 104.25 },
  { code: 'KH-6', nameEn: 'Kampong Thom', nameKm: 'ខេត្តកំពង់ធំ', lat: 12.78, lng: 104.95 },
  { code: 'KH-7', nameEn: 'Kampot', nameKm: 'ខេត្តកំពត', lat: 10.85, lng: 104.25 },
  { code: 'KH-8', nameEn: 'Kandal', nameKm: 'ខេត្តកណ្ដាល', lat: 11.3, lng: 105.0 },
  { code: 'KH-9', nameEn: 'Koh Kong', nameKm: 'ខេត្តកោះកុង', lat: 11.45, lng: 103.35 },
  { code: 'KH-10', nameEn: 'Kratie', nameKm: 'ខេត្តក្រចេះ', lat: 12.62, lng: 106.2 },
  { code: 'KH-11', nameEn: 'Mondulkiri', nameKm: 'ខេត្តមណ្ឌលគិរី', lat: 12.788, lng: 107.101 },
  { code: 'KH-12', nameEn: 'Phnom Penh', nameKm: 'រាជធានីភ្នំពេញ', lat: 11.556, lng: 104.928 },
  { code: 'KH-13', nameEn: 'Preah Vihear', nameKm: 'ខេត្តព្រះវិហារ', lat: 13.808, lng: 104.98 },
  { code: 'KH-14', nameEn: 'Prey Veng', nameKm: 'ខេត្តព្រៃវែង', lat: 11.38, lng: 105.5 },
  { code: 'KH-15', nameEn: 'Pursat', nameKm: 'ខេត្តពោធិ៍សាត់', lat: 12.3, lng: 103.45 },
  { code: 'KH-16', nameEn: 'Ratanakiri', nameKm: 'ខេត្តរតនគិរី', lat: 13.858, lng: 107.05 },
  { code: 'KH-17', nameEn: 'Siem Reap', nameKm: 'ខេត្តសៀមរាប', lat: 13.53, lng: 104.0 },
  { code: 'KH-18', nameEn: 'Preah Sihanouk', nameKm: 'ខេត្តព្រះសីហនុ', lat: 10.75, lng: 103.65 },
  { code: 'KH-19', nameEn: 'Stung Treng', nameKm: 'ខេត្តស្ទឹងត្រែង', lat: 13.8, lng: 106.1 },
  { code: 'KH-20', nameEn: 'Svay Rieng', nameKm: 'ខេត្តស្វាយរៀង', lat: 11.14, lng: 105.83 },
  { code: 'KH-21', nameEn: 'Takeo', nameKm: 'ខេត្តតាកែវ', lat: 10.932, lng: 104.799 },
  { code: 'KH-22', nameEn: 'Oddar Meanchey', nameKm: 'ខេត្តឧត្តរមានជ័យ', lat: 14.16, lng: 103.6 },
  { code: 'KH-23', nameEn: 'Kep', nameKm: 'ខេត្តកែប', lat: 10.53, lng: 104.33 },
  { code: 'KH-24', nameEn: 'Pailin', nameKm: 'ខេត្តប៉ៃលិន', lat: 12.88, lng: 102.65 },
  { code: 'KH-25', nameEn: 'Tbong Khmum', nameKm: 'ខេត្តត្បូងឃ្មុំ', lat: 11.92, lng: 105.8 },
];
