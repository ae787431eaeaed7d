import type { Locale } from '@psar/identity';

/**
 * What the market commands answer, in both languages. Khmer goes as UCS-2, where a reply has
 * 134 code units in its two parts: every text here is kept short, and the commands a person
 * types back (YES, ACCEPT …) stay in Latin letters, which every phone keypad has.
 */
const TEXTS = {
  en: {
    'no-account': 'You have no Psar account yet. Send REG <your name> <province> to open one.',
    'no-selling-firm': 'Your account cannot sell yet: it has no selling firm.',
    'unknown-product': 'Psar does not know the product "{word}". Send PRICE to see product names.',
    'bad-grade': '{product} comes in grades {grades}.',
    'sell-confirm': 'Sell {quantity} {product}{grade} at {price} each? Reply YES to publish, NO to drop it.',
    'sell-published': 'Published: {quantity} {product}{grade} at {price}. Buyers can order now.',
    'sell-dropped': 'Not published.',
    'sell-refused': 'Not published: {reason}',
    'my-listings-none': 'You have no open listings. To sell send e.g. SELL TILE 20000 A 1200',
    'my-listings': 'Your listings: {items}',
    'matches-none': 'No open demand fits your listings yet. Psar will text you when one does.',
    'matches': 'Buyers looking for what you sell: {items}. They see your listing and can order it.',
    'prices-none': 'No {product} sold on Psar in the last 4 weeks{province}.',
    'prices': '{product}{province}, median per week: {items}',
    'offers-none': 'No offers waiting for you.',
    'offers': 'Waiting: {items}. Reply ACCEPT <code> <PIN> or DECLINE <code>.',
    'unknown-code': 'No offer has the code {code} for you. Send OFFERS to see them.',
    'pin-wrong': 'Wrong PIN. Nothing was accepted.',
    'pin-locked': 'Too many wrong PINs: try again in 30 minutes.',
    'pin-unset': 'Set a PIN first: send PIN <4 to 6 digits>.',
    'pin-usage': 'A PIN is 4 to 6 digits: send e.g. PIN 4821. Keep it secret: it accepts offers.',
    'pin-set': 'Your PIN is set. Give it only in ACCEPT messages.',
    'pin-ask': 'Set a PIN to accept orders: send PIN and 4 digits.',
    'accepted': 'Accepted {code}: deal made, {quantity} {product} for {buyer}. They will contact you.',
    'declined': 'Declined {code}.',
    'offer-closed': 'Offer {code} is no longer open ({status}).',
    'offer-refused': 'Could not accept {code}: {reason}',
  },
  km: {
    'no-account': 'អ្នកមិនទាន់មានគណនី Psar។ ផ្ញើ REG ឈ្មោះ ខេត្ត ដើម្បីបើក។',
    'no-selling-firm': 'គណនីរបស់អ្នកមិនទាន់អាចលក់បាន។',
    'unknown-product': 'Psar មិនស្គាល់ផលិតផល "{word}" ទេ។',
    'bad-grade': '{product} មានថ្នាក់ {grades}។',
    'sell-confirm': 'លក់ {product}{grade} {quantity} តម្លៃ {price}? ឆ្លើយ YES ដើម្បីផ្សាយ NO ដើម្បីបោះបង់។',
    'sell-published': 'បានផ្សាយ៖ {product}{grade} {quantity} តម្លៃ {price}។',
    'sell-dropped': 'មិនបានផ្សាយទេ។',
    'sell-refused': 'មិនបានផ្សាយ៖ {reason}',
    'my-listings-none': 'អ្នកគ្មានការលក់បើកទេ។ ឧ. SELL TILE 20000 A 1200',
    'my-listings': 'ការលក់របស់អ្នក៖ {items}',
    'matches-none': 'មិនទាន់មានអ្នកទិញត្រូវនឹងការលក់របស់អ្នកទេ។',
    'matches': 'អ្នកទិញ៖ {items}',
    'prices-none': 'គ្មានការលក់ {product} ក្នុង ៤ សប្តាហ៍{province}។',
    'prices': '{product}{province} តម្លៃកណ្តាល៖ {items}',
    'offers-none': 'គ្មានការបញ្ជាទិញរង់ចាំទេ។',
    'offers': 'រង់ចាំ៖ {items}។ ឆ្លើយ ACCEPT លេខកូដ PIN ឬ DECLINE លេខកូដ',
    'unknown-code': 'គ្មានការបញ្ជាទិញលេខកូដ {code} ទេ។',
    'pin-wrong': 'PIN មិនត្រូវ។ មិនបានទទួលយកទេ។',
    'pin-locked': 'PIN ខុសច្រើនដង៖ សាកម្តងទៀតក្រោយ ៣០ នាទី។',
    'pin-unset': 'កំណត់ PIN ជាមុនសិន៖ ផ្ញើ PIN និងលេខ ៤-៦ ខ្ទង់។',
    'pin-usage': 'PIN មានលេខ ៤-៦ ខ្ទង់៖ ឧ. PIN 4821។ រក្សាវាជាការសម្ងាត់។',
    'pin-set': 'PIN របស់អ្នកត្រូវបានកំណត់។',
    'pin-ask': 'ផ្ញើ PIN និងលេខ ៤ ខ្ទង់ ដើម្បីទទួលការបញ្ជាទិញ។',
    'accepted': 'បានទទួល {code}៖ {product} {quantity} ជាមួយ {buyer}។',
    'declined': 'បានបដិសេធ {code}។',
    'offer-closed': 'ការបញ្ជាទិញ {code} លែងបើកហើយ។',
    'offer-refused': 'មិនអាចទទួល {code}៖ {reason}',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type MarketText = keyof (typeof TEXTS)['en'];

export function marketText(locale: Locale, key: MarketText, params: Record<string, string | number> = {}): string {
  return TEXTS[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
