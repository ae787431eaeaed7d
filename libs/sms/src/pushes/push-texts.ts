import type { Locale } from '@psar/identity';

/**
 * What Psar pushes by SMS, in both languages. Each text carries what a person needs to act
 * without the app: the code to type back (ACCEPT/DECLINE, the check-in code). The names and
 * titles in braces are cut to fit two parts (fitPush); the codes and commands never are.
 */
const TEXTS = {
  en: {
    'offer-received-order': 'Psar: {from} ordered {quantity} {product}. Reply ACCEPT {code} <PIN> or DECLINE {code}',
    'offer-received-quote': 'Psar: {from} quoted {quantity} {product} for your demand. Reply ACCEPT {code} <PIN> or DECLINE {code}',
    'offer-countered': 'Psar: {from} countered your offer: {quantity} {product}. Reply ACCEPT {code} <PIN> or DECLINE {code}, or see it on Psar',
    'offer-accepted': 'Psar: {from} accepted your offer for {quantity} {product}. The deal is made.',
    'deal-delivered': 'Psar: {from} delivered {quantity} {product}. Confirm receipt on Psar to complete the deal.',
    'match-for-seller': 'Psar: {from} wants {quantity} {product}; your listing "{title}" fits. Code {code}. Send MATCHES to see buyers.',
    'match-for-buyer': 'Psar: {from} listed {product} that fits your demand: "{title}".',
    'training-reminder': 'Psar: reminder, {title} {when} at {venue}. Your check-in code: {checkInCode}',
    'waitlist-promotion': 'Psar: a seat freed up. You are registered for {title} {when} at {venue}. Check-in code: {checkInCode}',
  },
  km: {
    'offer-received-order': 'Psar៖ {from} បញ្ជាទិញ {product} {quantity}។ ឆ្លើយ ACCEPT {code} PIN ឬ DECLINE {code}',
    'offer-received-quote': 'Psar៖ {from} ផ្តល់តម្លៃ {product} {quantity}។ ឆ្លើយ ACCEPT {code} PIN ឬ DECLINE {code}',
    'offer-countered': 'Psar៖ {from} តថ្លៃ {product} {quantity}។ ឆ្លើយ ACCEPT {code} PIN ឬ DECLINE {code}',
    'offer-accepted': 'Psar៖ {from} បានទទួលយក {product} {quantity}។',
    'deal-delivered': 'Psar៖ {from} បានដឹក {product} {quantity}។ សូមបញ្ជាក់ការទទួល។',
    'match-for-seller': 'Psar៖ {from} ចង់ទិញ {product} {quantity}។ កូដ {code}។ ផ្ញើ MATCHES',
    'match-for-buyer': 'Psar៖ {from} លក់ {product} ត្រូវនឹងតម្រូវការ៖ {title}',
    'training-reminder': 'Psar៖ រំលឹក {title} {when} {venue}។ កូដចូល៖ {checkInCode}',
    'waitlist-promotion': 'Psar៖ មានកន្លែងទំនេរ។ បានចុះឈ្មោះ {title} {when} {venue}។ កូដចូល៖ {checkInCode}',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type PushText = keyof (typeof TEXTS)['en'];

export function pushTemplate(locale: Locale, key: PushText): string {
  return TEXTS[locale][key];
}

/** The parameters a push may shorten to fit, longest-lived names first. */
export const CUTTABLE = ['from', 'product', 'title', 'venue'];
