import type { Locale } from '@psar/identity';
import { fitNames } from '@psar/identity';

/**
 * The SMS copies a producer served by an agent receives of what was done for them: short,
 * plain, in the producer's language, in at most two parts (names are cut to fit).
 */
export interface CopyFacts {
  agentName?: string;
  buyerName?: string;
  productName: string;
  quantity: string;
  unit: string;
  price?: { amount: string; currency: string };
}

// The catalog's units as a Khmer text says them (the web app's unitName.* strings).
const KHMER_UNITS: Record<string, string> = { piece: 'គ្រាប់', kg: 'គីឡូក្រាម', tonne: 'តោន', head: 'ក្បាល', litre: 'លីត្រ', m3: 'ម៉ែត្រគូប' };

function amount(locale: Locale, f: CopyFacts): string {
  return `${f.quantity} ${locale === 'km' ? (KHMER_UNITS[f.unit] ?? f.unit) : f.unit}`;
}

export function listingPostedCopy(locale: Locale, f: CopyFacts): string {
  const price = f.price ? `${f.price.amount} ${f.price.currency}` : '';
  return fitNames(
    (agent) =>
      locale === 'km'
        ? `Psar: ${agent} បានដាក់លក់ជំនួសអ្នក ${amount(locale, f)} ${f.productName}${price ? ` តម្លៃ ${price}` : ''}។`
        : `Psar: ${agent} listed for you ${amount(locale, f)} of ${f.productName}${price ? ` at ${price} each` : ''}.`,
    f.agentName ?? '',
  );
}

export function orderReceivedCopy(locale: Locale, f: CopyFacts): string {
  return fitNames(
    (buyer) =>
      locale === 'km'
        ? `Psar: ${buyer} បានបញ្ជាទិញ ${amount(locale, f)} ${f.productName} ពីអ្នក។`
        : `Psar: ${buyer} ordered ${amount(locale, f)} of ${f.productName} from you.`,
    f.buyerName ?? '',
  );
}

export function quoteSentCopy(locale: Locale, f: CopyFacts): string {
  return fitNames(
    (agent, buyer) =>
      locale === 'km'
        ? `Psar: ${agent} បានដេញថ្លៃជំនួសអ្នកទៅ ${buyer}: ${amount(locale, f)} ${f.productName}។`
        : `Psar: ${agent} quoted for you to ${buyer}: ${amount(locale, f)} of ${f.productName}.`,
    f.agentName ?? '',
    f.buyerName ?? '',
  );
}

export function dealAgreedCopy(locale: Locale, f: CopyFacts): string {
  return fitNames(
    (buyer) =>
      locale === 'km'
        ? `Psar: កិច្ចព្រមព្រៀងជាមួយ ${buyer}: ${amount(locale, f)} ${f.productName}។`
        : `Psar: deal agreed with ${buyer}: ${amount(locale, f)} of ${f.productName}.`,
    f.buyerName ?? '',
  );
}
