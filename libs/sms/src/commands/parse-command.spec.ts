import { ALIASES, PRODUCTS, PROVINCES, VALUE_CHAINS } from '@psar/catalog';
import fc from 'fast-check';
import { COMMAND_KEYWORDS, CURRENCY_WORDS, PROVINCE_SPELLINGS, UNIT_WORDS } from './command-keywords';
import { buildParseContext, MAX_COMMAND_LENGTH, parseCommand, type ParseContext, type ParsedCommand } from './parse-command';
import { compact } from './sms-tokens';

// Rows shaped as the catalog's (real codes, names and aliases), few enough to read.
const products = [
  { code: 'clay_roof_tile', nameEn: 'Clay roof tiles', nameKm: 'ក្បឿងដី' },
  { code: 'clay_brick', nameEn: 'Clay bricks', nameKm: 'ឥដ្ឋ' },
  { code: 'live_pig', nameEn: 'Live pigs', nameKm: 'ជ្រូករស់' },
  { code: 'piglet', nameEn: 'Piglets', nameKm: 'កូនជ្រូក' },
  { code: 'tilapia', nameEn: 'Tilapia', nameKm: 'ត្រីទីឡាព្យ៉ា' },
  { code: 'wild_honey', nameEn: 'Wild honey', nameKm: 'ទឹកឃ្មុំព្រៃ' },
];
const aliases = [
  ...['tile', 'tiles', 'roof tile', 'ក្បឿង', 'ក្បឿងដីឥដ្ឋ', 'kbeung', 'kbueng', 'kbeang'].map((alias) => ({ alias, productCode: 'clay_roof_tile' })),
  ...['brick', 'bricks', 'ឥដ្ឋដុត', 'edth', 'ith'].map((alias) => ({ alias, productCode: 'clay_brick' })),
  ...['live pig', 'ជ្រូករស់', 'chrouk ros'].map((alias) => ({ alias, productCode: 'live_pig' })),
  ...['piglet', 'កូនជ្រូក', 'kon chrouk'].map((alias) => ({ alias, productCode: 'piglet' })),
  ...['trey tilapia'].map((alias) => ({ alias, productCode: 'tilapia' })),
  ...['pig', 'pigs', 'ជ្រូក', 'chrouk', 'chruk'].map((alias) => ({ alias, valueChainCode: 'swine' })),
  ...['fish', 'ត្រី', 'trey', 'trei'].map((alias) => ({ alias, valueChainCode: 'aquaculture' })),
];
const provinces = [
  { code: 'KH-3', nameEn: 'Kampong Cham', nameKm: 'ខេត្តកំពង់ចាម' },
  { code: 'KH-4', nameEn: 'Kampong Chhnang', nameKm: 'ខេត្តកំពង់ឆ្នាំង' },
  { code: 'KH-7', nameEn: 'Kampot', nameKm: 'ខេត្តកំពត' },
  { code: 'KH-12', nameEn: 'Phnom Penh', nameKm: 'រាជធានីភ្នំពេញ' },
  { code: 'KH-17', nameEn: 'Siem Reap', nameKm: 'ខេត្តសៀមរាប' },
  { code: 'KH-23', nameEn: 'Kep', nameKm: 'ខេត្តកែប' },
];
const valueChains = [
  { code: 'swine', nameEn: 'Swine', nameKm: 'ចិញ្ចឹមជ្រូក' },
  { code: 'honey', nameEn: 'Honey', nameKm: 'ទឹកឃ្មុំ' },
];
const context: ParseContext = buildParseContext({ products, valueChains, aliases, provinces });
// The catalog as its migrations load it.
const real = buildParseContext({ products: PRODUCTS, valueChains: VALUE_CHAINS, aliases: ALIASES, provinces: PROVINCES });
const parse = (text: string): ParsedCommand => parseCommand(text, context);

const KHMER_DIGITS = '០១២៣៤៥៦៧៨៩';
const khmerDigits = (text: string) => text.replace(/\d/g, (d) => KHMER_DIGITS[Number(d)]!);

const tiles = (quantity: string, price: { amount: string; currency: 'KHR' | 'USD' }, grade = 'A') =>
  ({ kind: 'sell', productCode: 'clay_roof_tile', quantity, grade, price }) as const;

describe('parseCommand', () => {
  describe('sell', () => {
    it.each([
      ['SELL TILE 20000 A 1200'],
      ['sell tile 20000 a 1200'],
      ['  Sell   Tile  20000   A   1200  '],
      ['លក់ ក្បឿង ២០០០០ A ១២០០'],
      ['លក់ក្បឿង ២០០០០ A ១២០០'],
      ['លក់ក្បឿង២០០០០ A ១២០០'],
      ['luk kbeung 20000 a 1200'],
      ['lok kbueng 20,000 a 1,200'],
      ['SELL ROOF TILE 20000 GRADE A 1200'],
      ['លក់ ក្បឿង ២០០០០ ថ្នាក់ ក ១២០០'],
      ['SELL TILE 20000 1200 A'],
      ['SELL TILE 20000 A 1200 riel'],
      ['SELL TILE 20000 A 1200៛'],
      ['លក់ ក្បឿង ២០០០០ A ១២០០ រៀល'],
      ['SELL TILE, 20000, A, 1200.'],
      ['SELL KBEU 20000 A 1200'],
    ])('%s', (text) => {
      expect(parse(text)).toEqual(tiles('20000', { amount: '1200', currency: 'KHR' }));
    });

    it.each([['$1.20'], ['1.2$'], ['1.20USD'], ['1.20 usd'], ['$ 1.20'], ['1.2 dollar'], ['1.20ដុល្លារ'], ['USD1.20']])('dollars: %s', (price) => {
      expect(parse(`SELL TILE 20000 A ${price}`)).toEqual(tiles('20000', { amount: '1.2', currency: 'USD' }));
    });

    it('reads products of several words and without a grade', () => {
      expect(parse('SELL LIVE PIG 12 2400000')).toEqual({
        kind: 'sell',
        productCode: 'live_pig',
        quantity: '12',
        price: { amount: '2400000', currency: 'KHR' },
      });
      expect(parse('លក់ជ្រូករស់ ១២ ២៤០០០០០')).toMatchObject({ kind: 'sell', productCode: 'live_pig', quantity: '12' });
      expect(parse('luk chrouk ros 12 2400000')).toMatchObject({ kind: 'sell', productCode: 'live_pig' });
      expect(parse('SELL WILD HONEY 12.5 B 35000')).toMatchObject({ kind: 'sell', productCode: 'wild_honey', quantity: '12.5', grade: 'B' });
    });

    it('reads the unit after the quantity or the price, glued or not, in the three writings', () => {
      const piece = { ...tiles('20000', { amount: '1200', currency: 'KHR' }), unit: 'piece' };
      for (const text of [
        'SELL TILE 20000 PCS A 1200',
        'SELL TILE 20000pcs A 1200',
        'SELL TILE 20000 A 1200/pcs',
        'SELL TILE 20000 A 1200 per piece',
        'លក់ក្បឿង ២០០០០ សន្លឹក A ១២០០',
        'លក់ក្បឿង ២០០០០ A ១២០០ ក្នុងមួយសន្លឹក',
        'luk kbeung 20000 sonlek a 1200',
      ]) {
        expect([text, parse(text)]).toEqual([text, piece]);
      }
      expect(parse('SELL LIVE PIG 12 HEAD 2400000')).toMatchObject({ kind: 'sell', productCode: 'live_pig', unit: 'head' });
      expect(parse('លក់ជ្រូករស់ ១២ ក្បាល ២៤០០០០០')).toMatchObject({ kind: 'sell', productCode: 'live_pig', unit: 'head' });
      expect(parse('SELL WILD HONEY 20L A 30000')).toMatchObject({ kind: 'sell', productCode: 'wild_honey', quantity: '20', unit: 'litre' });
      expect(parse('SELL TILE 20000 PCS A 1200/kg')).toMatchObject({ kind: 'unknown', reason: 'unexpected-words', command: 'sell' });
    });

    it('takes a name written in full over the longer names it begins', () => {
      // "pig" begins "piglet", "ឥដ្ឋ" begins the one-word alias ឥដ្ឋដុត and the hollow brick's ឥដ្ឋរន្ធ.
      expect(parse('SELL PIG 10 1500000')).toMatchObject({ kind: 'unknown', reason: 'value-chain-not-product', candidates: ['swine'] });
      expect(parseCommand('លក់ឥដ្ឋ ៥០០០ B ៣៥០', real)).toMatchObject({ kind: 'sell', productCode: 'clay_brick', grade: 'B' });
      expect(parse('SELL PIGL 10 1500000')).toMatchObject({ kind: 'sell', productCode: 'piglet' });
      // A value chain's own name names the trade.
      expect(parse('SELL HONEY 20 A 30000')).toMatchObject({ kind: 'unknown', reason: 'value-chain-not-product', candidates: ['honey'] });
    });

    it.each<[string, Partial<Extract<ParsedCommand, { kind: 'unknown' }>>]>([
      ['SELL', { reason: 'missing-product' }],
      ['SELL 20000 A 1200', { reason: 'missing-product' }],
      ['SELL TILE', { reason: 'missing-quantity' }],
      ['SELL TILE 20000', { reason: 'missing-price' }],
      ['SELL TILE 20000 A', { reason: 'missing-price' }],
      ['SELL GOLD 20000 A 1200', { reason: 'unknown-product', words: ['GOLD'] }],
      ['SELL PIG 20 A 1200', { reason: 'value-chain-not-product', candidates: ['swine'] }],
      ['លក់ត្រី ២០ A ១២០០', { reason: 'value-chain-not-product', candidates: ['aquaculture'] }],
      ['SELL TIL 20000 A 1200', { reason: 'ambiguous-product' }],
      ['SELL TILE 0 A 1200', { reason: 'bad-quantity' }],
      ['SELL TILE -5 A 1200', { reason: 'bad-quantity' }],
      ['SELL TILE 1.2345 A 1200', { reason: 'bad-quantity' }],
      ['SELL TILE 123456789012 A 1200', { reason: 'bad-quantity' }],
      ['SELL TILE 20,00 A 1200', { reason: 'bad-quantity' }],
      ['SELL TILE 20000 A 0', { reason: 'bad-price' }],
      ['SELL TILE 20000 A $1.205', { reason: 'bad-price' }],
      ['SELL TILE 20000 A 1234567890123', { reason: 'bad-price' }],
      ['SELL TILE 20000 A 1200 EUR', { reason: 'unexpected-words', words: ['EUR'] }],
      ['SELL TILE 20000 AB 1200', { reason: 'bad-grade', words: ['AB'] }],
      ['SELL TILE 20000 GRADE 1200', { reason: 'bad-grade' }],
      ['SELL TILE 20 000 A 1200', { reason: 'number-with-spaces' }],
      ['SELL TILE 20000 A 1 200', { reason: 'number-with-spaces' }],
      ['SELL TILE 20 000', { reason: 'number-with-spaces' }],
      ['SELL TILE 20000 A 1200 please', { reason: 'unexpected-words', words: ['please'] }],
    ])('%s → %o', (text, expected) => {
      expect(parse(text)).toEqual(expect.objectContaining({ kind: 'unknown', command: 'sell', ...expected }));
    });

    it('gives back any product, quantity, grade and price, in any of the three writings and number forms', () => {
      const spellings = [
        ['clay_roof_tile', ['TILE', 'roof tile', 'ក្បឿង', 'kbeung', 'Kbueng']],
        ['clay_brick', ['BRICK', 'ឥដ្ឋដុត', 'edth']],
        ['piglet', ['piglet', 'កូនជ្រូក', 'kon chrouk']],
      ] as const;
      const sellWords = COMMAND_KEYWORDS.sell;
      fc.assert(
        fc.property(
          fc.constantFrom(...spellings),
          fc.nat(),
          fc.constantFrom(...sellWords),
          fc.integer({ min: 1, max: 99_999_999_999 }),
          fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }),
          fc.oneof(
            fc.integer({ min: 1, max: 999_999_999_999 }).map((n) => ({ amount: String(n), currency: 'KHR' as const })),
            fc.integer({ min: 1, max: 99_999_999 }).map((cents) => ({ amount: (cents / 100).toFixed(2), currency: 'USD' as const })),
          ),
          fc.boolean(),
          fc.boolean(),
          fc.option(fc.constantFrom(['pcs', 'piece'], ['សន្លឹក', 'piece'], ['kg', 'kg'], ['គីឡូ', 'kg'], ['head', 'head']), { nil: undefined }),
          ([productCode, names], pick, keyword, quantity, grade, price, grouped, khmer, unit) => {
            const number = (n: string) => (grouped ? n.replace(/^(\d+)/, (whole) => Number(whole).toLocaleString('en-US')) : n);
            const priceText = price.currency === 'USD' ? `$${number(price.amount)}` : number(price.amount);
            let text = [keyword, names[pick % names.length]!, number(String(quantity)), unit?.[0] ?? '', grade ?? '', priceText].filter(Boolean).join(' ');
            if (khmer) text = khmerDigits(text);
            const shortest = price.amount.includes('.') ? price.amount.replace(/\.?0+$/, '') : price.amount;
            const expected = { amount: shortest, currency: price.currency };
            const parsed = parse(text);
            expect(parsed).toEqual({
              kind: 'sell',
              productCode,
              quantity: String(quantity),
              ...(unit ? { unit: unit[1] } : {}),
              ...(grade ? { grade } : {}),
              price: expected,
            });
          },
        ),
      );
    });
  });

  describe('prices', () => {
    it.each<[string, ParsedCommand]>([
      ['PRICE TILE', { kind: 'prices', productCode: 'clay_roof_tile' }],
      ['តម្លៃ ក្បឿង', { kind: 'prices', productCode: 'clay_roof_tile' }],
      ['tamlai kbeung', { kind: 'prices', productCode: 'clay_roof_tile' }],
      ['PRICE TILE KAMPONG CHHNANG', { kind: 'prices', productCode: 'clay_roof_tile', provinceCode: 'KH-4' }],
      ['price roof tile kompong chhnang', { kind: 'prices', productCode: 'clay_roof_tile', provinceCode: 'KH-4' }],
      ['តម្លៃក្បឿងកំពង់ឆ្នាំង', { kind: 'prices', productCode: 'clay_roof_tile', provinceCode: 'KH-4' }],
      ['តម្លៃ ក្បឿង ខេត្តកំពង់ឆ្នាំង', { kind: 'prices', productCode: 'clay_roof_tile', provinceCode: 'KH-4' }],
      ['tomlai kbeung kampongchhnang', { kind: 'prices', productCode: 'clay_roof_tile', provinceCode: 'KH-4' }],
      ['PRICE LIVE PIG PHNOM PENH', { kind: 'prices', productCode: 'live_pig', provinceCode: 'KH-12' }],
      ['PRICE PIGLET PP', { kind: 'prices', productCode: 'piglet', provinceCode: 'KH-12' }],
      ['PRICE TILE KAMPOT PROVINCE', { kind: 'prices', productCode: 'clay_roof_tile', provinceCode: 'KH-7' }],
      ['PRICE BRICK KEP', { kind: 'prices', productCode: 'clay_brick', provinceCode: 'KH-23' }],
    ])('%s', (text, expected) => {
      expect(parse(text)).toEqual(expected);
    });

    it.each<[string, Partial<Extract<ParsedCommand, { kind: 'unknown' }>>]>([
      ['PRICE', { reason: 'missing-product' }],
      ['PRICE GOLD', { reason: 'unknown-product', words: ['GOLD'] }],
      ['PRICE TILE MARS', { reason: 'unknown-province', words: ['MARS'] }],
      ['PRICE PIG', { reason: 'value-chain-not-product', candidates: ['swine'] }],
      ['PRICE PIG KAMPOT', { reason: 'value-chain-not-product', candidates: ['swine'] }],
    ])('%s → %o', (text, expected) => {
      expect(parse(text)).toEqual(expect.objectContaining({ kind: 'unknown', command: 'prices', ...expected }));
    });
  });

  describe('register', () => {
    it.each<[string, ParsedCommand]>([
      ['REGISTER Sok Dara Kampong Chhnang', { kind: 'register', name: 'Sok Dara', provinceCode: 'KH-4' }],
      ['register  sok dara  kampong chhnang', { kind: 'register', name: 'sok dara', provinceCode: 'KH-4' }],
      ['REGISTER Sok Dara Kampong Chhnang 4821', { kind: 'register', name: 'Sok Dara', provinceCode: 'KH-4', pin: '4821' }],
      ['ចុះឈ្មោះ សុខ ដារា កំពង់ឆ្នាំង', { kind: 'register', name: 'សុខ ដារា', provinceCode: 'KH-4' }],
      ['ចុះឈ្មោះ សុខដារា ខេត្តកំពង់ឆ្នាំង ៤៨២១', { kind: 'register', name: 'សុខដារា', provinceCode: 'KH-4', pin: '4821' }],
      ['choh chmuah Sok Dara Siem Reap', { kind: 'register', name: 'Sok Dara', provinceCode: 'KH-17' }],
      ['REGISTER Kampot Chan Thy', { kind: 'register', name: 'Chan Thy', provinceCode: 'KH-7' }],
      // A name may hold a province's name: the province is the last one.
      ['REGISTER Kep Sophal Kep', { kind: 'register', name: 'Kep Sophal', provinceCode: 'KH-23' }],
    ])('%s', (text, expected) => {
      expect(parse(text)).toEqual(expected);
    });

    it.each<[string, Partial<Extract<ParsedCommand, { kind: 'unknown' }>>]>([
      ['REGISTER', { reason: 'missing-name' }],
      ['REGISTER Kampot', { reason: 'missing-name' }],
      ['REGISTER Sok Dara', { reason: 'missing-province', words: ['Sok Dara'] }],
      ['REGISTER 123 Kampot', { reason: 'missing-name' }],
      [`REGISTER ${'Sok '.repeat(40)}Kampot`, { reason: 'name-too-long' }],
    ])('%s → %o', (text, expected) => {
      expect(parse(text)).toEqual(expect.objectContaining({ kind: 'unknown', command: 'register', ...expected }));
    });
  });

  describe('offers, trainings and agents', () => {
    it.each<[string, ParsedCommand]>([
      ['ACCEPT K7Q2 1234', { kind: 'accept', shortCode: 'K7Q2', pin: '1234' }],
      ['accept k7q2 1234', { kind: 'accept', shortCode: 'K7Q2', pin: '1234' }],
      ['ទទួលយក K៧Q២ ១២៣៤', { kind: 'accept', shortCode: 'K7Q2', pin: '1234' }],
      ['totuol K7Q2 1234', { kind: 'accept', shortCode: 'K7Q2', pin: '1234' }],
      ['DECLINE K7Q2', { kind: 'decline', shortCode: 'K7Q2' }],
      ['បដិសេធ K7Q2', { kind: 'decline', shortCode: 'K7Q2' }],
      ['badeseth k7q2', { kind: 'decline', shortCode: 'K7Q2' }],
      ['OFFERS', { kind: 'offers' }],
      ['ការបញ្ជាទិញ', { kind: 'offers' }],
      ['MY LISTINGS', { kind: 'my-listings' }],
      ['mylistings', { kind: 'my-listings' }],
      ['ទំនិញខ្ញុំ', { kind: 'my-listings' }],
      ['MATCHES', { kind: 'matches' }],
      ['អ្នកទិញ', { kind: 'matches' }],
      ['TRAININGS', { kind: 'trainings' }],
      ['TRAINING KAMPOT', { kind: 'trainings', provinceCode: 'KH-7' }],
      ['វគ្គបណ្តុះបណ្តាល', { kind: 'trainings' }],
      ['JOIN T3XM', { kind: 'join', code: 'T3XM' }],
      ['ចូលរួម T3XM', { kind: 'join', code: 'T3XM' }],
      ['chol ruam t3xm', { kind: 'join', code: 'T3XM' }],
      ['AGENT AG12', { kind: 'agent-consent', agentCode: 'AG12' }],
      ['AGENT YES AG12', { kind: 'agent-consent', agentCode: 'AG12' }],
      ['ភ្នាក់ងារ AG12', { kind: 'agent-consent', agentCode: 'AG12' }],
      ['AGENT STOP AG12', { kind: 'agent-withdraw', agentCode: 'AG12' }],
      ['STOP AGENT AG12', { kind: 'agent-withdraw', agentCode: 'AG12' }],
      ['ឈប់ភ្នាក់ងារ AG12', { kind: 'agent-withdraw', agentCode: 'AG12' }],
      ['AGENT STOP', { kind: 'agent-withdraw' }],
      ['AGENT STOP ALL', { kind: 'agent-withdraw' }],
      ['ឈប់ភ្នាក់ងារ ទាំងអស់', { kind: 'agent-withdraw' }],
      ['agent ag12 yes', { kind: 'agent-consent', agentCode: 'AG12' }],
    ])('%s', (text, expected) => {
      expect(parse(text)).toEqual(expected);
    });

    it.each<[string, Partial<Extract<ParsedCommand, { kind: 'unknown' }>>]>([
      ['ACCEPT', { reason: 'missing-code', command: 'accept' }],
      ['ACCEPT K7Q2', { reason: 'missing-pin', command: 'accept' }],
      ['ACCEPT K7Q2 12', { reason: 'bad-pin', command: 'accept' }],
      ['ACCEPT K7 1234', { reason: 'bad-code', command: 'accept', words: ['K7'] }],
      ['DECLINE', { reason: 'missing-code', command: 'decline' }],
      ['JOIN', { reason: 'missing-code', command: 'join' }],
      ['JOIN T3XM NOW', { reason: 'unexpected-words', command: 'join', words: ['NOW'] }],
      ['TRAININGS MARS', { reason: 'unknown-province', command: 'trainings' }],
      ['AGENT', { reason: 'missing-code', command: 'agent-consent' }],
      ['AGENT AG12 maybe', { reason: 'unexpected-words', command: 'agent-consent', words: ['maybe'] }],
    ])('%s → %o', (text, expected) => {
      expect(parse(text)).toEqual(expect.objectContaining({ kind: 'unknown', ...expected }));
    });
  });

  describe('short commands', () => {
    it.each<[string, ParsedCommand]>([
      ['HELP', { kind: 'help' }],
      ['help', { kind: 'help' }],
      ['?', { kind: 'help' }],
      ['ជំនួយ', { kind: 'help' }],
      ['chomnuoy', { kind: 'help' }],
      ['HELP SELL', { kind: 'help', topic: 'sell' }],
      ['ជំនួយ លក់', { kind: 'help', topic: 'sell' }],
      ['KM', { kind: 'language', locale: 'km' }],
      ['ខ្មែរ', { kind: 'language', locale: 'km' }],
      ['EN', { kind: 'language', locale: 'en' }],
      ['English', { kind: 'language', locale: 'en' }],
      ['LANGUAGE EN', { kind: 'language', locale: 'en' }],
      ['ភាសា ខ្មែរ', { kind: 'language', locale: 'km' }],
      // ICU keeps ភាសាខ្មែរ as one word: the keyword is found as its beginning.
      ['ភាសាខ្មែរ', { kind: 'language', locale: 'km' }],
      ['STOP', { kind: 'stop' }],
      ['Stop sending me messages', { kind: 'stop' }],
      ['ឈប់', { kind: 'stop' }],
      ['chhup', { kind: 'stop' }],
      ['START', { kind: 'start' }],
      ['ចាប់ផ្តើម', { kind: 'start' }],
      ['ចាប់ផ្ដើម', { kind: 'start' }],
      ['YES', { kind: 'yes' }],
      ['y', { kind: 'yes' }],
      ['ok', { kind: 'yes' }],
      ['បាទ', { kind: 'yes' }],
      ['ចាស', { kind: 'yes' }],
      ['យល់ព្រម', { kind: 'yes' }],
      ['baat', { kind: 'yes' }],
      ['jas', { kind: 'yes' }],
      ['YES AG12', { kind: 'yes', code: 'AG12' }],
      ['ok thanks', { kind: 'yes' }],
      ['NO', { kind: 'no' }],
      ['ទេ', { kind: 'no' }],
      ['ot te', { kind: 'no' }],
      ['MORE', { kind: 'more' }],
      ['MORE X7K2', { kind: 'more', code: 'X7K2' }],
      ['បន្ត', { kind: 'more' }],
      ['1', { kind: 'menu-choice', choice: 1 }],
      ['9', { kind: 'menu-choice', choice: 9 }],
      ['៣', { kind: 'menu-choice', choice: 3 }],
      [' 2 ', { kind: 'menu-choice', choice: 2 }],
    ])('%s', (text, expected) => {
      expect(parse(text)).toEqual(expected);
    });

    it.each<[string, Partial<Extract<ParsedCommand, { kind: 'unknown' }>>]>([
      ['', { reason: 'empty' }],
      ['   ', { reason: 'empty' }],
      ['...', { reason: 'empty' }],
      ['hello there', { reason: 'unknown-command', words: ['hello there'] }],
      ['0', { reason: 'unknown-command' }],
      ['10', { reason: 'unknown-command' }],
      ['LANGUAGE FR', { reason: 'unknown-language', command: 'language', words: ['FR'] }],
      ['x'.repeat(MAX_COMMAND_LENGTH + 1), { reason: 'too-long' }],
    ])('%j → %o', (text, expected) => {
      expect(parse(text)).toEqual(expect.objectContaining({ kind: 'unknown', ...expected }));
    });
  });

  describe('keyword tables', () => {
    it('give no spelling to two commands, and keep currencies, units and grades apart', () => {
      const owners = new Map<string, string>();
      for (const [command, spellings] of Object.entries(COMMAND_KEYWORDS)) {
        for (const spelling of spellings) {
          const key = compact(spelling);
          expect([key, owners.get(key) ?? command]).toEqual([key, command]);
          owners.set(key, command);
        }
      }
      for (const word of Object.values(CURRENCY_WORDS).flat()) expect(owners.has(compact(word))).toBe(false);
      // A unit is read before a grade and beside a price: it must be neither.
      const currencies = new Set(Object.values(CURRENCY_WORDS).flat().map(compact));
      for (const word of Object.values(UNIT_WORDS).flat()) expect([word, currencies.has(compact(word)) || /^[a-c]$/.test(word)]).toEqual([word, false]);
    });

    it('name every province, in English, in Khmer and by its other spellings, with the real catalog', () => {
      for (const p of PROVINCES) {
        for (const name of [p.nameEn, p.nameKm, ...(PROVINCE_SPELLINGS[p.code] ?? [])]) {
          expect([name, parseCommand(`PRICE TILE ${name}`, real)]).toEqual([name, { kind: 'prices', productCode: 'clay_roof_tile', provinceCode: p.code }]);
        }
      }
    });

    it('parse the examples with the real catalog', () => {
      for (const text of ['SELL TILE 20000 A 1200', 'លក់ ក្បឿង ២០០០០ A ១២០០', 'luk kbeung 20000 a 1200', 'លក់ក្បឿង ២០០០០ A ១២០០']) {
        expect(parseCommand(text, real)).toEqual(tiles('20000', { amount: '1200', currency: 'KHR' }));
      }
      expect(parseCommand('PRICE TILE KAMPONG CHHNANG', real)).toEqual({ kind: 'prices', productCode: 'clay_roof_tile', provinceCode: 'KH-4' });
      expect(parseCommand('REGISTER Sok Dara Kampong Chhnang', real)).toEqual({ kind: 'register', name: 'Sok Dara', provinceCode: 'KH-4' });
      expect(parseCommand('luk trey pra 500 8000', real)).toMatchObject({ kind: 'sell', productCode: 'pangasius', quantity: '500' });
    });
  });

  describe('fuzzed', () => {
    const vocabulary = [
      ...Object.values(COMMAND_KEYWORDS).flat(),
      ...Object.values(CURRENCY_WORDS).flat(),
      ...Object.values(UNIT_WORDS).flat(),
      ...aliases.map((a) => a.alias),
      ...provinces.flatMap((p) => [p.nameEn, p.nameKm]),
      'A', 'b', 'ក', 'grade', 'K7Q2', 'ag12', '$1.20', '1.2$', '20,000', '1,200.50', '0', '000', '-3', '1.2345', 'Sok', 'ដារា', '?', '។', ',', '.',
    ];
    const word = fc.oneof(
      fc.constantFrom(...vocabulary),
      fc.integer({ min: 0, max: 10_000_000 }).map(String),
      fc.stringMatching(/^[A-Za-z0-9]{1,8}$/),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: fc.integer({ min: 0x1780, max: 0x17ff }).map((c) => String.fromCharCode(c)), maxLength: 5 }),
    );
    const message = fc.array(word, { maxLength: 10 });
    const kinds = [
      'help', 'menu-choice', 'register', 'sell', 'my-listings', 'matches', 'prices', 'offers', 'accept', 'decline', 'trainings', 'join',
      'language', 'stop', 'start', 'yes', 'no', 'more', 'agent-consent', 'agent-withdraw', 'unknown',
    ];

    it('never throws, on any text, and always answers a known kind', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), message.map((w) => w.join(' ')), message.map((w) => w.join(''))), (text) => {
          expect(kinds).toContain(parse(text).kind);
        }),
        { numRuns: 2000 },
      );
    });

    it('reads a message the same in any case', () => {
      fc.assert(
        fc.property(message, (words) => {
          const text = words.join(' ');
          const lower = JSON.stringify(parse(text.toLowerCase())).toLowerCase();
          expect(JSON.stringify(parse(text.toUpperCase())).toLowerCase()).toBe(lower);
          expect(JSON.stringify(parse(text)).toLowerCase()).toBe(lower);
        }),
        { numRuns: 1000 },
      );
    });

    it('reads a message the same with extra spaces, tabs and new lines', () => {
      const space = fc.stringMatching(/^[ \t\n\r\u00A0]{1,4}$/);
      fc.assert(
        fc.property(message, fc.array(space, { minLength: 12, maxLength: 12 }), (words, spaces) => {
          const text = words.join(' ');
          const spaced = spaces[0] + words.map((w, i) => w + spaces[i + 1]).join('');
          expect(parse(spaced)).toEqual(parse(text));
        }),
        { numRuns: 1000 },
      );
    });

    it('reads Khmer digits as the same digits', () => {
      fc.assert(
        fc.property(message, (words) => {
          const text = words.join(' ');
          expect(parse(khmerDigits(text))).toEqual(parse(text));
        }),
        { numRuns: 1000 },
      );
    });
  });
});
