import type { Locale } from '@psar/identity';
import { shortName } from '@psar/identity';

/**
 * The SMS copies a producer served by an agent receives of what was done for them. Short,
 * plain, in the producer's language; names are cut so a Khmer text stays within two parts.
 */
export interface CopyFacts {
  agentName?: string;
  buyerName?: string;
  productName: string;
  quantity: string;
  unit: string;
  price?: { amount: string; currency: string };
}

export function listingPostedCopy(locale: Locale, f: CopyFacts): string {
  const agent = shortName(f.agentName ?? '');
  const price = f.price ? ` ${f.price.amount} ${f.price.currency}` : '';
  return locale === 'km'
    ? `Psar: ${agent} បានដាក់លក់ជំនួសអ្នក ${f.quantity} ${f.unit} ${f.productName}${price ? ` តម្លៃ${price}` : ''}។`
    : `Psar: ${agent} listed for you ${f.quantity} ${f.unit} of ${f.productName}${price ? ` at${price} each` : ''}.`;
}

export function orderReceivedCopy(locale: Locale, f: CopyFacts): string {
  const buyer = shortName(f.buyerName ?? '');
  return locale === 'km'
    ? `Psar: ${buyer} បានបញ្ជាទិញ ${f.quantity} ${f.unit} ${f.productName} ពីអ្នក។`
    : `Psar: ${buyer} ordered ${f.quantity} ${f.unit} of ${f.productName} from you.`;
}

export function quoteSentCopy(locale: Locale, f: CopyFacts): string {
  const agent = shortName(f.agentName ?? '');
  const buyer = shortName(f.buyerName ?? '');
  return locale === 'km'
    ? `Psar: ${agent} បានដេញថ្លៃជំនួសអ្នកទៅ ${buyer}: ${f.quantity} ${f.unit} ${f.productName}។`
    : `Psar: ${agent} quoted for you to ${buyer}: ${f.quantity} ${f.unit} of ${f.productName}.`;
}

export function dealAgreedCopy(locale: Locale, f: CopyFacts): string {
  const buyer = shortName(f.buyerName ?? '');
  return locale === 'km'
    ? `Psar: កិច្ចព្រមព្រៀងជាមួយ ${buyer}: ${f.quantity} ${f.unit} ${f.productName}។`
    : `Psar: deal agreed with ${buyer}: ${f.quantity} ${f.unit} of ${f.productName}.`;
}
