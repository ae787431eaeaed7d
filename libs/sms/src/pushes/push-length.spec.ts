import { SegmentedMessage } from 'sms-segments-calculator';
import { fitPush, smsParts } from './push-length';
import { CUTTABLE, pushTemplate } from './push-texts';

const LONG_KHMER_NAME = 'សហគមន៍កសិកម្មផលិតក្បឿងដីឥដ្ឋ និងឥដ្ឋប្រពៃណីខេត្តកំពង់ឆ្នាំងនិងខេត្តពោធិ៍សាត់ សម្រាប់ការអភិវឌ្ឍន៍';
const LONG_KHMER_TITLE = 'វគ្គបណ្តុះបណ្តាលស្តីពីការចិញ្ចឹមជ្រូកប្រកបដោយអនាម័យ និងការការពារជំងឺប៉េស្តជ្រូកអាហ្វ្រិក';

describe('push length: two SMS parts at most, the code never cut', () => {
  it('leaves a short text as it is', () => {
    const text = fitPush(pushTemplate('en', 'offer-received-order'), { from: 'Mekong Builders', quantity: '3,000 pcs', product: 'Clay roof tiles', code: 'K7Q2' }, CUTTABLE);
    expect(text).toBe('Psar: Mekong Builders ordered 3,000 pcs Clay roof tiles. Reply ACCEPT K7Q2 <PIN> or DECLINE K7Q2');
    expect(smsParts(text)).toBe(1);
  });

  it('cuts long Khmer names to fit 134 UCS-2 code units in two parts, keeping the code and the commands whole', () => {
    const text = fitPush(
      pushTemplate('km', 'offer-received-order'),
      { from: LONG_KHMER_NAME, quantity: '20,000 គ្រាប់', product: 'ក្បឿងដីប្រពៃណីកំពង់ឆ្នាំងគុណភាពខ្ពស់បំផុតសម្រាប់ផ្ទះ', code: 'K7Q2' },
      CUTTABLE,
    );
    const message = new SegmentedMessage(text, 'auto');
    expect(message.encodingName).toBe('UCS-2');
    expect(message.segmentsCount).toBeLessThanOrEqual(2);
    // Khmer is in the Basic Multilingual Plane: one UTF-16 unit is one UCS-2 code unit.
    expect(text.length).toBeLessThanOrEqual(134);
    expect(text.length).toBeGreaterThan(120);
    expect(text).toContain('ACCEPT K7Q2 PIN ឬ DECLINE K7Q2');
    expect(text).toContain('20,000 គ្រាប់');
    expect(text).toContain('…');
    expect(text.startsWith('Psar៖ សហគមន៍')).toBe(true);
    // Never half a stacked consonant: no coeng right before the cut mark.
    expect(text).not.toMatch(/\u17D2…/);
  });

  it('cuts a long Khmer training title and venue, never the check-in code', () => {
    const text = fitPush(
      pushTemplate('km', 'training-reminder'),
      { title: LONG_KHMER_TITLE, when: '12/03 08:00', venue: 'សាលាឃុំក្រាំងលាវ ស្រុករលាប្អៀរ ខេត្តកំពង់ឆ្នាំង ជិតវត្តក្រាំងលាវ', checkInCode: '4821' },
      CUTTABLE,
    );
    expect(smsParts(text)).toBeLessThanOrEqual(2);
    expect(text.endsWith('កូដចូល៖ 4821')).toBe(true);
    expect(text).toContain('12/03 08:00');
  });

  it('keeps an English text in GSM-7 when it cuts (no "…", which would force UCS-2) within 306 septets', () => {
    const long = 'Kampong Chhnang Traditional Clay Roof Tile and Brick Producers Cooperative of the Tonle Sap Lake Region '.repeat(3);
    const text = fitPush(pushTemplate('en', 'match-for-seller'), { from: long, quantity: '5,000 pcs', product: 'Clay roof tiles', title: long, code: 'QX4M' }, CUTTABLE);
    const message = new SegmentedMessage(text, 'auto');
    expect(message.encodingName).toBe('GSM-7');
    expect(message.segmentsCount).toBe(2);
    expect(text).toContain('Code QX4M.');
    expect(text).toContain('..');
  });

  it('every template fits with long names in both languages', () => {
    for (const locale of ['km', 'en'] as const) {
      for (const key of ['offer-received-order', 'offer-received-quote', 'offer-countered', 'offer-accepted', 'deal-delivered', 'match-for-seller', 'match-for-buyer', 'training-reminder', 'waitlist-promotion'] as const) {
        const text = fitPush(
          pushTemplate(locale, key),
          { from: LONG_KHMER_NAME, product: LONG_KHMER_NAME, title: LONG_KHMER_TITLE, venue: LONG_KHMER_TITLE, quantity: '1,000,000 គ្រាប់', code: 'ACDE', checkInCode: '123456', when: '31/12 23:59' },
          CUTTABLE,
        );
        expect(smsParts(text)).toBeLessThanOrEqual(2);
      }
    }
  });
});
