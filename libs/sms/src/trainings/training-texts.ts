import type { Locale } from '@psar/identity';

const TEXTS = {
  en: {
    'none-near': 'No training, visit or forum near you in the coming weeks. Psar will text you when one is.',
    // Exposure visits and business forums are on the list too (GET /events' directory).
    'near': 'Trainings, visits and forums near you: {items}. Reply JOIN <code>.',
    'unknown-code': 'No training has the code {code} for you. Send TRAINING to see them.',
    'joined': 'You are registered for {title}, {when}, {venue}. Your check-in code: {checkInCode}',
    'waitlisted': 'The training is full: you are number {position} on the waitlist. Psar will text you if a seat frees up.',
    'refused': 'Could not register for {code}: {reason}',
  },
  km: {
    'none-near': 'គ្មានវគ្គ ទស្សនកិច្ច ឬវេទិកានៅជិតអ្នកទេ។',
    'near': 'វគ្គ ទស្សនកិច្ច វេទិកានៅជិត៖ {items}។ ឆ្លើយ JOIN លេខកូដ',
    'unknown-code': 'គ្មានវគ្គលេខកូដ {code} ទេ។',
    'joined': 'បានចុះឈ្មោះ {title} {when} {venue}។ កូដចូល៖ {checkInCode}',
    'waitlisted': 'វគ្គពេញ៖ អ្នកជាលេខ {position} ក្នុងបញ្ជីរង់ចាំ។',
    'refused': 'មិនអាចចុះឈ្មោះ {code}៖ {reason}',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type TrainingText = keyof (typeof TEXTS)['en'];

export function trainingText(locale: Locale, key: TrainingText, params: Record<string, string | number> = {}): string {
  return TEXTS[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
