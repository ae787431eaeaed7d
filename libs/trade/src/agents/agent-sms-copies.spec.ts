import { smsParts } from '@psar/identity';
import { dealAgreedCopy, listingPostedCopy, orderReceivedCopy, quoteSentCopy } from './agent-sms-copies';

describe('SMS copies for producers served by an agent', () => {
  const longName = 'សហគមន៍កសិករផលិតក្បឿងដីខេត្តព្រៃវែង '.repeat(4);
  // The longest product names of the catalog are about 45 code units.
  const worst = { agentName: longName, buyerName: longName, productName: 'ថ្នាំពេទ្យសត្វ និងវ៉ាក់សាំងសម្រាប់ជ្រូក និងមាន់', quantity: '1000000.5', unit: 'm3', price: { amount: '1000000000.00', currency: 'KHR' } };

  it('say what was done in the producer language', () => {
    const facts = { agentName: 'Dara', buyerName: 'Mekong Builders', productName: 'ក្បឿងដី', quantity: '20000', unit: 'piece', price: { amount: '650.00', currency: 'KHR' } };
    expect(listingPostedCopy('km', facts)).toBe('Psar: Dara បានដាក់លក់ជំនួសអ្នក 20000 គ្រាប់ ក្បឿងដី តម្លៃ 650.00 KHR។');
    expect(orderReceivedCopy('en', { ...facts, productName: 'Clay roof tiles' })).toBe('Psar: Mekong Builders ordered 20000 piece of Clay roof tiles from you.');
  });

  it('fit in two parts with the longest names, products and figures', () => {
    for (const locale of ['km', 'en'] as const) {
      for (const copy of [listingPostedCopy, orderReceivedCopy, quoteSentCopy, dealAgreedCopy]) {
        const text = copy(locale, worst);
        expect(smsParts(text)).toBeLessThanOrEqual(2);
        expect(text).toContain('1000000.5');
      }
    }
  });
});
