/**
 * The commands a producer (or an agent's producer) sends by SMS, parsed into a
 * ParsedCommand. Pure: products and provinces come in the ParseContext; it never throws.
 *
 * Grammar (keywords in English, Khmer script or romanised Khmer: command-keywords.ts;
 * case, extra spaces and punctuation ignored; Khmer digits are digits; Khmer words may be
 * written glued, "លក់ក្បឿង ២០០០០ A ១២០០"):
 *
 *   HELP [command]                       ?  also asks for help
 *   1 … 9                                a numbered menu's choice
 *   REGISTER <name> <province> [pin]     the province is the longest province name at the end
 *                                        (or, failing that, at the start); pin 4–6 digits
 *   SELL <product> <quantity> [unit] [grade] <price> [[per] unit]   e.g. SELL TILE 20000 A 1200
 *       product   a product's name or alias, all its words; one written in full beats the
 *                 longer ones it begins; a value chain alone ("PIG") is not enough
 *       quantity  positive, ≤ 3 decimals, ≤ 11 digits (as listings store it); "20,000" groups
 *                 thousands, the point is decimal; a space always separates fields, so
 *                 "20 000" is two numbers (reason number-with-spaces when that cannot fit)
 *       unit      pcs, kg, head, សន្លឹក, ក្បាល…, glued or not ("20kg"); returned for the
 *                 dispatcher to check against the product's unit
 *       grade     one letter (A, b…), ក/ខ/គ for A/B/C, optionally after GRADE / ថ្នាក់; also
 *                 accepted after the price
 *       price     per unit, positive, ≤ 12 digits and 2 decimals (MoneyDto); riel unless
 *                 marked: 1200, 1200៛, 1200R, 1200 riel, $1.20, 1.2$, 1.20USD, 1.20 usd, $ 1.20
 *   MY LISTINGS | MATCHES | OFFERS
 *   PRICE <product> [province]
 *   ACCEPT <short code> <pin>            DECLINE <short code>
 *   PIN <pin>                            sets or changes the PIN (4–6 digits)
 *   TRAININGS [province]                 JOIN <code>
 *   KM | EN | LANGUAGE <km|en>           STOP | START   (STOP wins whatever follows it)
 *   YES [code] | NO [code] | MORE [code]
 *   AGENT <agent code>                   the producer consents to that agent acting for them
 *   AGENT STOP [agent code | ALL]        withdraws that agent's rights (every agent's without a code)
 *
 * Short codes (offers, trainings, agents, cut replies) are 4–8 letters and digits, upper-cased;
 * after YES / NO / MORE only a code with a digit counts ("ok thanks" is a yes).
 */
import { type AliasTarget, nameWords, type Unit } from '@psar/catalog';
import type { Currency, Money } from '@psar/platform';
import { ALL_WORDS, COMMAND_KEYWORDS, type CommandWord, CURRENCY_WORDS, GRADE_WORDS, KHMER_GRADE_LETTERS, PER_WORDS, UNIT_WORDS } from './command-keywords';
import { type ParseContext, provinceKey } from './parse-context';
import type { CommandKind, ParsedCommand, UnknownCommand, UnknownReason } from './parsed-command';
import { compact, compactTokens, joinRaw, looksNumeric, parseAmount, parseQuantity, type Token, tokenize } from './sms-tokens';

/** Longer than a few SMS parts is not a command; also bounds the parser's work. */
export const MAX_COMMAND_LENGTH = 640;
/** Longest product or province name, in words. */
const MAX_NAME_WORDS = 6;
/** As MeDto: a user's name. */
export const MAX_NAME_LENGTH = 120;

const SHORT_CODE = /^[a-z0-9]{4,8}$/;
const ALL_KEYS: ReadonlySet<string> = new Set(ALL_WORDS.map(compact));
const PIN = /^\d{4,6}$/;

/** Never throws (fuzzed in the spec): what it cannot read is `{ kind: 'unknown', reason }`. */
export function parseCommand(text: string, context: ParseContext): ParsedCommand {
  if (text.length > MAX_COMMAND_LENGTH) return { kind: 'unknown', reason: 'too-long' };
  if (/^\s*[?？]+\s*$/.test(text)) return { kind: 'help' };
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: 'unknown', reason: 'empty' };
  if (tokens.length === 1 && /^[1-9]$/.test(tokens[0]!.word)) return { kind: 'menu-choice', choice: Number(tokens[0]!.word) };

  const found = findKeyword(tokens);
  if (!found) return { kind: 'unknown', reason: 'unknown-command', words: [joinRaw(tokens)] };
  const { command, rest } = found;
  switch (command) {
    case 'help': {
      const topic = rest.length ? findKeyword(rest) : null;
      return topic ? { kind: 'help', topic: commandKind(topic.command) } : { kind: 'help' };
    }
    case 'register':
      return parseRegister(rest, context);
    case 'sell':
      return parseSell(rest, context);
    case 'my-listings':
    case 'matches':
    case 'offers':
    case 'stop':
    case 'start':
      return { kind: command };
    case 'prices':
      return parsePrices(rest, context);
    case 'accept': {
      const code = shortCode(rest[0], 'accept');
      if (typeof code !== 'string') return code;
      if (rest.length < 2) return unknown('missing-pin', 'accept');
      if (!PIN.test(rest[1]!.word)) return unknown('bad-pin', 'accept');
      if (rest.length > 2) return unknown('unexpected-words', 'accept', [joinRaw(rest.slice(2))]);
      return { kind: 'accept', shortCode: code, pin: rest[1]!.word };
    }
    case 'pin': {
      if (rest.length === 0) return unknown('missing-pin', 'pin');
      if (rest.length > 1 || !PIN.test(rest[0]!.word)) return unknown('bad-pin', 'pin');
      return { kind: 'pin', pin: rest[0]!.word };
    }
    case 'decline':
    case 'join': {
      const code = shortCode(rest[0], command);
      if (typeof code !== 'string') return code;
      if (rest.length > 1) return unknown('unexpected-words', command, [joinRaw(rest.slice(1))]);
      return command === 'join' ? { kind: 'join', code } : { kind: 'decline', shortCode: code };
    }
    case 'trainings': {
      if (rest.length === 0) return { kind: 'trainings' };
      const provinceCode = provinceOf(rest, context);
      return provinceCode ? { kind: 'trainings', provinceCode } : unknown('unknown-province', 'trainings', [joinRaw(rest)]);
    }
    case 'language': {
      const locale = rest.length === 1 ? findKeyword(rest) : null;
      if (locale?.command === 'language-km') return { kind: 'language', locale: 'km' };
      if (locale?.command === 'language-en') return { kind: 'language', locale: 'en' };
      return unknown('unknown-language', 'language', rest.length ? [joinRaw(rest)] : undefined);
    }
    case 'language-km':
      return { kind: 'language', locale: 'km' };
    case 'language-en':
      return { kind: 'language', locale: 'en' };
    case 'yes':
    case 'no':
    case 'more': {
      // Anything after a yes or no that is not a code is chatter ("ok thanks"): ignored. Here,
      // unlike after ACCEPT, a code must hold a digit to be told from a word.
      const word = rest.length === 1 ? rest[0]!.word : '';
      const code = SHORT_CODE.test(word) && /\d/.test(word) ? word.toUpperCase() : undefined;
      return code ? { kind: command, code } : { kind: command };
    }
    case 'agent-consent': {
      const code = shortCode(rest[0], 'agent-consent');
      if (typeof code !== 'string') return code;
      // "AGENT AG12 YES" says the same as "AGENT YES AG12".
      const extra = rest.slice(1);
      const yes = extra.length ? findKeyword(extra) : null;
      if (extra.length && (yes?.command !== 'yes' || yes.rest.length)) return unknown('unexpected-words', 'agent-consent', [joinRaw(extra)]);
      return { kind: 'agent-consent', agentCode: code };
    }
    case 'agent-withdraw': {
      if (rest.length === 0 || ALL_KEYS.has(compactTokens(rest))) return { kind: 'agent-withdraw' };
      const code = shortCode(rest[0], 'agent-withdraw');
      if (typeof code !== 'string') return code;
      if (rest.length > 1) return unknown('unexpected-words', 'agent-withdraw', [joinRaw(rest.slice(1))]);
      return { kind: 'agent-withdraw', agentCode: code };
    }
  }
}

function unknown(reason: UnknownReason, command?: CommandKind, words?: string[], candidates?: string[]): UnknownCommand {
  return {
    kind: 'unknown',
    reason,
    ...(command ? { command } : {}),
    ...(words ? { words } : {}),
    ...(candidates ? { candidates } : {}),
  };
}

function commandKind(word: CommandWord): CommandKind {
  return word === 'language-km' || word === 'language-en' ? 'language' : word;
}

function shortCode(token: Token | undefined, command: CommandKind): string | UnknownCommand {
  if (!token) return unknown('missing-code', command);
  if (!SHORT_CODE.test(token.word)) return unknown('bad-code', command, [token.raw]);
  return token.word.toUpperCase();
}

// --- keywords ---------------------------------------------------------------------------

/** Commands whose keyword may be glued to their first argument in Khmer ("លក់ក្បឿង"). */
const TAKES_ARGUMENTS: ReadonlySet<CommandWord> = new Set<CommandWord>([
  'help',
  'register',
  'sell',
  'prices',
  'accept',
  'decline',
  'trainings',
  'join',
  'language',
  'agent-consent',
  'agent-withdraw',
]);

const KEYWORDS: ReadonlyMap<string, CommandWord> = (() => {
  const keys = new Map<string, CommandWord>();
  for (const [command, spellings] of Object.entries(COMMAND_KEYWORDS) as Array<[CommandWord, readonly string[]]>) {
    for (const spelling of spellings) keys.set(compact(spelling), command);
  }
  return keys;
})();
const MAX_KEYWORD_TOKENS = 4;
/** Khmer keywords of commands with arguments, longest first: the prefixes a glued first word may start with. */
const KHMER_PREFIXES = [...KEYWORDS.entries()]
  .filter(([key, command]) => /^[\u1780-\u17FF]/.test(key) && TAKES_ARGUMENTS.has(command))
  .sort(([a], [b]) => b.length - a.length);

/**
 * The command its first words name, longest keyword first ("agent stop" before "agent"),
 * the words compared without spaces ("mylistings", and a Khmer keyword ICU split in two).
 */
function findKeyword(tokens: readonly Token[]): { command: CommandWord; rest: Token[] } | null {
  for (let n = Math.min(MAX_KEYWORD_TOKENS, tokens.length); n >= 1; n--) {
    const command = KEYWORDS.get(compactTokens(tokens.slice(0, n)));
    if (command) return { command, rest: tokens.slice(n) };
  }
  // A Khmer keyword glued to the next word in a way the dictionary did not split.
  const first = tokens[0]!;
  if (!first.khmer) return null;
  for (const [key, command] of KHMER_PREFIXES) {
    if (first.word.length > key.length && first.word.startsWith(key)) {
      const remainder = tokenize(first.word.slice(key.length)).map((t) => ({ ...t, group: first.group }));
      return { command, rest: [...remainder, ...tokens.slice(1)] };
    }
  }
  return null;
}

// --- products and provinces ---------------------------------------------------------------

type ProductResolution = { productCode: string } | UnknownCommand;

/**
 * The one product the words name, all of them: a name written in full first, else the names
 * they begin (an alias's words may be prefixes: "kbeu").
 */
function resolveProduct(tokens: readonly Token[], context: ParseContext, command: CommandKind): ProductResolution {
  const written = joinRaw(tokens);
  const words = nameWords(written);
  let targets: readonly AliasTarget[] | undefined = context.exactNames.get(words.join(' '));
  if (!targets) {
    const matches = words.length ? context.products.match(words.map((word) => ({ word }))) : [];
    const whole = matches.length === 1 && matches[0]!.start === 0 && matches[0]!.length === words.length ? matches[0]! : null;
    if (!whole) return unknown('unknown-product', command, [written]);
    targets = whole.targets;
  }
  const products = unique(targets.flatMap((t) => (t.productCode ? [t.productCode] : [])));
  const chains = unique(targets.flatMap((t) => (t.valueChainCode ? [t.valueChainCode] : [])));
  if (products.length === 1) return { productCode: products[0]! };
  if (products.length > 1) return unknown('ambiguous-product', command, [written], products);
  return unknown('value-chain-not-product', command, [written], chains);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The province these words name, all of them, however spaced: "Kampong Chhnang", "kampongchhnang", "ខេត្តកំពង់ឆ្នាំង". */
function provinceOf(tokens: readonly Token[], context: ParseContext): string | null {
  if (tokens.length === 0 || tokens.length > MAX_NAME_WORDS + 1) return null;
  const key = provinceKey(tokens);
  return key ? (context.provinces.get(key) ?? null) : null;
}

// --- commands with arguments ----------------------------------------------------------------

function parseRegister(rest: Token[], context: ParseContext): ParsedCommand {
  let words = rest;
  let pin: string | undefined;
  const last = words[words.length - 1];
  if (last && PIN.test(last.word)) {
    pin = last.word;
    words = words.slice(0, -1);
  }
  if (words.length === 0) return unknown('missing-name', 'register');
  // The longest province name at the end; failing that, at the start ("REGISTER Kampot Sok Dara").
  let split: { name: Token[]; provinceCode: string } | null = null;
  for (let i = Math.max(1, words.length - MAX_NAME_WORDS - 1); i < words.length && !split; i++) {
    const provinceCode = provinceOf(words.slice(i), context);
    if (provinceCode) split = { name: words.slice(0, i), provinceCode };
  }
  for (let i = Math.min(words.length - 1, MAX_NAME_WORDS + 1); i >= 1 && !split; i--) {
    const provinceCode = provinceOf(words.slice(0, i), context);
    if (provinceCode) split = { name: words.slice(i), provinceCode };
  }
  if (!split) {
    return provinceOf(words, context) ? unknown('missing-name', 'register') : unknown('missing-province', 'register', [joinRaw(words)]);
  }
  const name = joinRaw(split.name);
  if (!/\p{L}/u.test(name)) return unknown('missing-name', 'register', [name]);
  if (name.length > MAX_NAME_LENGTH) return unknown('name-too-long', 'register');
  return pin ? { kind: 'register', name, provinceCode: split.provinceCode, pin } : { kind: 'register', name, provinceCode: split.provinceCode };
}

function parsePrices(rest: Token[], context: ParseContext): ParsedCommand {
  if (rest.length === 0) return unknown('missing-product', 'prices');
  // The longest product name whose remainder is a province, or nothing.
  let named: Token[] | null = null;
  for (let k = Math.min(rest.length, MAX_NAME_WORDS); k >= 1; k--) {
    const place = rest.slice(k);
    const provinceCode = place.length ? provinceOf(place, context) : null;
    const product = resolveProduct(rest.slice(0, k), context, 'prices');
    if ('productCode' in product) {
      if (place.length === 0) return { kind: 'prices', productCode: product.productCode };
      if (provinceCode) return { kind: 'prices', productCode: product.productCode, provinceCode };
      named ??= place;
    } else if (product.reason !== 'unknown-product' && (place.length === 0 || provinceCode)) {
      return product; // "PRICE PIG": a value chain, or a name of several products
    }
  }
  return named ? unknown('unknown-province', 'prices', [joinRaw(named)]) : unknown('unknown-product', 'prices', [joinRaw(rest)]);
}

function parseSell(rest: Token[], context: ParseContext): ParsedCommand {
  const q = rest.findIndex((t) => looksNumeric(t.word));
  const productWords = q === -1 ? rest : rest.slice(0, q);
  if (productWords.length === 0) return unknown('missing-product', 'sell');
  if (productWords.length > MAX_NAME_WORDS) return unknown('unknown-product', 'sell', [joinRaw(productWords)]);
  const product = resolveProduct(productWords, context, 'sell');
  if (!('productCode' in product)) return product;
  if (q === -1) return unknown('missing-quantity', 'sell');

  const numbers = rest.slice(q).filter((t) => looksNumeric(t.word));
  // "20 000 A 1 200": a thousands group written after a space; more numbers than fields.
  if (numbers.length > 2 && numbers.slice(1).some((t) => /^\d{3}$/.test(t.word))) {
    return unknown('number-with-spaces', 'sell', [joinRaw(rest.slice(q))]);
  }
  // The quantity, its unit glued to it ("20kg") or the next word ("20000 pcs").
  const glued = /^(\d[\d,.]*)(\p{L}+\d?)$/u.exec(rest[q]!.word);
  const gluedUnit = glued ? UNIT_KEYS.get(glued[2]!) : undefined;
  const quantity = parseQuantity(gluedUnit ? glued![1]! : rest[q]!.word);
  if (quantity === null) return unknown('bad-quantity', 'sell', [rest[q]!.raw]);
  let i = q + 1;
  let unit: Unit | undefined = gluedUnit;
  const takeUnit = (): UnknownCommand | null => {
    const found = unitAt(rest, i);
    if (!found) return null;
    if (unit && unit !== found.unit) return unknown('unexpected-words', 'sell', [joinRaw(rest.slice(i, found.next))]);
    unit = found.unit;
    i = found.next;
    return null;
  };
  let grade: string | undefined;
  const takeGrade = (): UnknownCommand | null => {
    const isPrefix = rest[i] && GRADE_KEYS.has(compactTokens([rest[i]]));
    const token = isPrefix ? rest[i + 1] : rest[i];
    const letter = token ? gradeOf(token) : null;
    if (!letter) return isPrefix ? unknown('bad-grade', 'sell', token ? [token.raw] : undefined) : null;
    grade = letter;
    i += isPrefix ? 2 : 1;
    return null;
  };
  const failed = (!unit ? takeUnit() : null) ?? takeGrade();
  if (failed) return failed;
  if (i >= rest.length) return unknown('missing-price', 'sell');
  const price = priceAt(rest, i);
  if (!price) {
    const word = rest[i]!.word;
    if (/^0\d\d$/.test(word)) return unknown('number-with-spaces', 'sell', [joinRaw(rest.slice(q))]);
    return unknown(looksNumeric(word) || currencyOf(word) ? 'bad-price' : grade ? 'missing-price' : 'bad-grade', 'sell', [rest[i]!.raw]);
  }
  i = price.next;
  // After the price: per unit ("1200/pcs", "1200 per kg"), and the grade if not given before.
  const per = [2, 1].find((n) => i + n <= rest.length && PER_KEYS.has(compactTokens(rest.slice(i, i + n))));
  if (per && unitAt(rest, i + per)) i += per;
  const late = takeUnit() ?? (grade ? null : takeGrade());
  if (late) return late;
  if (i < rest.length) return unknown('unexpected-words', 'sell', [joinRaw(rest.slice(i))]);
  return {
    kind: 'sell',
    productCode: product.productCode,
    quantity,
    ...(unit ? { unit } : {}),
    ...(grade ? { grade } : {}),
    price: price.money,
  };
}

const UNIT_KEYS: ReadonlyMap<string, Unit> = new Map(
  (Object.entries(UNIT_WORDS) as Array<[Unit, readonly string[]]>).flatMap(([unit, words]) => words.map((w) => [compact(w), unit] as const)),
);
const PER_KEYS: ReadonlySet<string> = new Set(PER_WORDS.map(compact));

/** A unit word at rest[i], of one or two words ("គ.ក្រ", "met kub"). */
function unitAt(rest: readonly Token[], i: number): { unit: Unit; next: number } | null {
  for (const n of [2, 1]) {
    if (i + n > rest.length) continue;
    const unit = UNIT_KEYS.get(compactTokens(rest.slice(i, i + n)));
    if (unit) return { unit, next: i + n };
  }
  return null;
}

const GRADE_KEYS: ReadonlySet<string> = new Set(GRADE_WORDS.map(compact));
const KHMER_GRADES: ReadonlyMap<string, string> = new Map(Object.entries(KHMER_GRADE_LETTERS).map(([k, v]) => [compact(k), v]));

/** One Latin letter, or ក/ខ/គ, as an upper-case grade. */
function gradeOf(token: Token): string | null {
  if (/^[a-z]$/.test(token.word) && !currencyOf(token.word)) return token.word.toUpperCase();
  return KHMER_GRADES.get(token.word) ?? null;
}

const CURRENCY_KEYS: ReadonlyMap<string, Currency> = new Map(
  (Object.entries(CURRENCY_WORDS) as Array<[Currency, readonly string[]]>).flatMap(([currency, words]) => words.map((w) => [compact(w), currency] as const)),
);

function currencyOf(word: string): Currency | null {
  return CURRENCY_KEYS.get(word) ?? null;
}

/**
 * A price at rest[i]: a number with its currency glued before or after it ($1.20, 1.2$,
 * 1.20usd, 1200៛), or as the word before ($ 1.20) or after it (1200 riel). Riel by default.
 */
function priceAt(rest: readonly Token[], i: number): { money: Money; next: number } | null {
  const token = rest[i]!;
  const before = currencyOf(token.word);
  if (before) {
    // "$ 1.20": the currency word first, the number next.
    const next = rest[i + 1];
    const amount = next ? parseAmount(next.word) : null;
    return amount ? { money: { amount, currency: before }, next: i + 2 } : null;
  }
  const glued = /^([^\d]*)(\d[\d,.]*)([^\d]*)$/.exec(token.word);
  if (!glued) return null;
  const [, prefix, number, suffix] = glued as unknown as [string, string, string, string];
  if (prefix && suffix) return null;
  const marked = prefix || suffix ? currencyOf(prefix || suffix) : null;
  if ((prefix || suffix) && !marked) return null;
  const amount = parseAmount(number);
  if (!amount) return null;
  if (marked) return { money: { amount, currency: marked }, next: i + 1 };
  // "1200 riel", "1.20 usd" (r is riel: no product is graded R).
  const after = rest[i + 1] ? currencyOf(rest[i + 1]!.word) : null;
  if (after) return { money: { amount, currency: after }, next: i + 2 };
  return { money: { amount, currency: 'KHR' }, next: i + 1 };
}

export type { CommandKind, ParsedCommand, UnknownCommand, UnknownReason } from './parsed-command';
export { buildParseContext, type CatalogName, type ParseContext, type ParseContextSource, type ProvinceName } from './parse-context';
