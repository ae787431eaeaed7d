import type { SmsTexts } from './sms-texts';

export const SMS_TEXTS_KM: SmsTexts = {
  moreHint: ' …ផ្ញើ MORE',
  menu: 'ផ្សារ: ឆ្លើយតបដោយលេខ\n1 ចុះឈ្មោះ\n2 English\n3 STOP ឈប់ទទួលសារ',
  registerUsage: 'ដើម្បីចុះឈ្មោះ ផ្ញើ: REGISTER ឈ្មោះ ខេត្ត\nឧ. REGISTER សុខ ដារា ព្រៃវែង',
  unknownProvince: (province) => `រកមិនឃើញខេត្ត "${province}"។ ឧ. REGISTER សុខ ដារា ព្រៃវែង`,
  registered: (name, province) => `សូមស្វាគមន៍មកកាន់ផ្សារ ${name} (${province})។ ផ្ញើ HELP សម្រាប់ម៉ឺនុយ។`,
  alreadyRegistered: (name) => `លេខនេះបានចុះឈ្មោះរួចហើយ ជា ${name}។ ផ្ញើ HELP សម្រាប់ម៉ឺនុយ។`,
  language: 'ផ្សារនឹងសរសេរជាភាសាខ្មែរ។ Send EN for English',
  stopped: 'ផ្សារនឹងលែងផ្ញើសារទៅអ្នក។ ផ្ញើ START ដើម្បីទទួលម្ដងទៀត។',
  started: 'សូមស្វាគមន៍ការត្រឡប់មកវិញ។ ផ្ញើ HELP សម្រាប់ម៉ឺនុយ។',
  nothingMore: 'គ្មានអ្វីបន្ថែមទៀតទេ។ ផ្ញើ HELP សម្រាប់ម៉ឺនុយ។',
  nothingToConfirm: 'គ្មានអ្វីត្រូវបញ្ជាក់ទេ។ ផ្ញើ HELP សម្រាប់ម៉ឺនុយ។',
  cancelled: 'បានបោះបង់។',
  failed: 'ផ្សារមិនអាចធ្វើវាបានឥឡូវនេះទេ។ សូមព្យាយាមម្ដងទៀតពេលក្រោយ។',
};
