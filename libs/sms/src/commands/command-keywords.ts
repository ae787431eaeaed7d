import type { Unit } from '@psar/catalog';

/**
 * The words an SMS command is recognised by, in English, Khmer script and romanised Khmer
 * (Khmer typed in Latin letters, as people do on phones without a Khmer keyboard). Real
 * spellings come from real users: add them here. Matching ignores case, spaces inside a
 * keyword ("my listings" = "mylistings"), Khmer typing order (normalizeKhmer) and subscript
 * da / ta, so one spelling per visible form is enough.
 */

/** The commands a keyword starts. Some take arguments (see parse-command.ts). */
export type CommandWord =
  | 'help'
  | 'register'
  | 'sell'
  | 'my-listings'
  | 'matches'
  | 'prices'
  | 'offers'
  | 'accept'
  | 'decline'
  | 'trainings'
  | 'join'
  | 'language'
  | 'language-km'
  | 'language-en'
  | 'stop'
  | 'start'
  | 'yes'
  | 'no'
  | 'more'
  | 'agent-consent'
  | 'agent-withdraw'
  | 'pin';

export const COMMAND_KEYWORDS: Readonly<Record<CommandWord, readonly string[]>> = {
  help: ['help', 'menu', 'info', 'ជំនួយ', 'ម៉ឺនុយ', 'chomnuoy', 'chomnuay', 'chumnuoy', 'jomnuoy', 'jumnuoy'],
  register: ['register', 'reg', 'signup', 'sign up', 'ចុះឈ្មោះ', 'choh chmuah', 'choh chhmuoh', 'chuh chhmous', 'chos chhmos', 'chos chmous'],
  sell: ['sell', 'sale', 'លក់', 'luk', 'lok', 'louk'],
  'my-listings': ['my listings', 'my listing', 'listings', 'mine', 'ទំនិញខ្ញុំ', 'ទំនិញរបស់ខ្ញុំ', 'tumninh khnhom', 'tomninh knhom', 'tumnenh knhom'],
  matches: ['matches', 'match', 'demands', 'demand', 'buyers', 'អ្នកទិញ', 'តម្រូវការ', 'neak tinh', 'nak tinh', 'tamrovka', 'tomrov ka'],
  prices: ['price', 'prices', 'តម្លៃ', 'tamlai', 'tomlai', 'tamlay', 'damlai', 'domlai'],
  offers: ['offers', 'offer', 'orders', 'order', 'ការបញ្ជាទិញ', 'បញ្ជាទិញ', 'banhchea tinh', 'bonhchea tinh'],
  accept: ['accept', 'ទទួលយក', 'ទទួល', 'totuol', 'totuol yok', 'ttuol', 'tetuol', 'totoul'],
  decline: ['decline', 'reject', 'refuse', 'បដិសេធ', 'badeseth', 'bdeseth', 'padeseth', 'bodeseth'],
  trainings: ['trainings', 'training', 'courses', 'វគ្គបណ្តុះបណ្តាល', 'វគ្គ', 'បណ្តុះបណ្តាល', 'vuok', 'voak', 'bandoh bandal', 'bondos bondal'],
  join: ['join', 'book', 'ចូលរួម', 'chol ruam', 'chol roum', 'choul ruam', 'chul ruom'],
  language: ['language', 'lang', 'ភាសា', 'phiesa', 'pheasa', 'phasa'],
  'language-km': ['km', 'kh', 'khmer', 'ខ្មែរ', 'khmae', 'khmai'],
  'language-en': ['en', 'english', 'អង់គ្លេស', 'angkles', 'angkleh'],
  stop: ['stop', 'unsubscribe', 'stop all', 'ឈប់', 'chhup', 'chub', 'chhob', 'chhop', 'chup', 'chhub'],
  start: ['start', 'unstop', 'resume', 'ចាប់ផ្តើម', 'ចាប់ផ្ដើម', 'chab phdaem', 'chap phdaem', 'chab pdaem', 'chapphdaom'],
  yes: ['yes', 'y', 'ok', 'okay', 'បាទ', 'ចាស', 'ចា៎ស', 'ចា', 'យល់ព្រម', 'baat', 'bat', 'bart', 'chas', 'jas', 'cha', 'yol prom', 'yul prom'],
  no: ['no', 'n', 'ទេ', 'អត់ទេ', 'អត់', 'te', 'tei', 'ot te', 'ot tei', 'ort te'],
  more: ['more', 'next', 'បន្ត', 'ទៀត', 'bont', 'bonta', 'bontor', 'tiet', 'tiat'],
  // "PIN 4821": sets (or changes) the PIN that ACCEPT needs.
  pin: ['pin', 'លេខសម្ងាត់', 'lek sombat', 'lekh sam ngat', 'lek samngat'],
  // "AGENT <code>": the producer gives that agent the right to act for them; "AGENT STOP <code>" takes it back.
  'agent-consent': ['agent', 'agent yes', 'agent ok', 'ភ្នាក់ងារ', 'ភ្នាក់ងារយល់ព្រម', 'phneak ngear', 'pheak ngear', 'phneakngea', 'phnak ngea'],
  'agent-withdraw': [
    'agent stop',
    'agent no',
    'stop agent',
    'ភ្នាក់ងារឈប់',
    'ឈប់ភ្នាក់ងារ',
    'phneak ngear chhup',
    'chhup phneak ngear',
    'phnak ngea chhup',
  ],
};

/** Between a price and its unit, ignored: "1200 per kg", "១២០០ ក្នុងមួយគីឡូ". */
export const PER_WORDS: readonly string[] = ['per', 'each', 'ក្នុងមួយ', 'មួយ', 'muoy', 'moy', 'knong muoy'];

/** "AGENT STOP ALL": every agent. */
export const ALL_WORDS: readonly string[] = ['all', 'ទាំងអស់', 'teang os', 'tang ors', 'teang ors'];

/**
 * Unit words written after a quantity or a price ("20000 pcs", "1200/pcs"): the catalog's
 * units (reference-data/units.ts) and the counting words for them.
 */
export const UNIT_WORDS: Readonly<Record<Unit, readonly string[]>> = {
  piece: ['pcs', 'pc', 'piece', 'pieces', 'សន្លឹក', 'គ្រាប់', 'ដុំ', 'sonlek', 'kroab', 'krob', 'dom'],
  kg: ['kg', 'kgs', 'kilo', 'kilos', 'kilogram', 'គីឡូ', 'គីឡូក្រាម', 'គ.ក្រ'],
  tonne: ['t', 'ton', 'tons', 'tonne', 'tonnes', 'តោន'],
  head: ['head', 'heads', 'ក្បាល', 'kbal', 'kbaal'],
  litre: ['l', 'litre', 'litres', 'liter', 'liters', 'លីត្រ', 'lit'],
  m3: ['m3', 'cbm', 'ម៉ែត្រគូប', 'met kub'],
};

/** A word before a grade, ignored: "A" = "grade A" = "ថ្នាក់ A". */
export const GRADE_WORDS: readonly string[] = ['grade', 'class', 'ថ្នាក់', 'thnak', 'thnaak', 'tnak'];

/** The first letters of the Khmer alphabet as grades, as lists are lettered ក ខ គ in Khmer. */
export const KHMER_GRADE_LETTERS: Readonly<Record<string, string>> = { 'ក': 'A', 'ខ': 'B', 'គ': 'C' };

/** Currency words written after (or, for $, before) a price. A price without one is in riel. */
export const CURRENCY_WORDS: Readonly<Record<'KHR' | 'USD', readonly string[]>> = {
  KHR: ['៛', 'r', 'riel', 'riels', 'rial', 'reil', 'khr', 'រៀល'],
  USD: ['$', 'usd', 'us$', 'dollar', 'dollars', 'dolla', 'dola', 'ដុល្លារ', 'ដុល្លា'],
};

/**
 * Words around a province's name, ignored: "Kampong Chhnang" = "Kampong Chhnang province" =
 * "ខេត្តកំពង់ឆ្នាំង" (the catalog's Khmer names carry ខេត្ត / រាជធានី; people often leave it out).
 */
export const PROVINCE_WORDS: readonly string[] = ['province', 'prov', 'khet', 'khaet', 'ខេត្ត', 'រាជធានី', 'ក្រុង', 'city', 'capital'];

/**
 * Common other spellings of the provinces' names, by ISO 3166-2:KH code: romanisations, the
 * abbreviations on buses and signs, the old names. A name's own English and Khmer forms come
 * from the catalog (ParseContext.provinces), so they need not be repeated here.
 */
export const PROVINCE_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  'KH-1': ['banteay mean chey', 'bantey meanchey', 'bmc', 'b. meanchey', 'បន្ទាយមានជ័យ'],
  'KH-2': ['batdambang', 'battambong', 'btb', 'បាត់ដំបង'],
  'KH-3': ['kompong cham', 'kg cham', 'k. cham', 'kampongcham', 'កំពង់ចាម'],
  'KH-4': ['kompong chhnang', 'kampong chnang', 'kompong chnang', 'kg chhnang', 'k. chhnang', 'kampong chhnaing', 'កំពង់ឆ្នាំង'],
  'KH-5': ['kompong speu', 'kampong spue', 'kg speu', 'k. speu', 'កំពង់ស្ពឺ'],
  'KH-6': ['kompong thom', 'kampong thum', 'kg thom', 'k. thom', 'កំពង់ធំ'],
  'KH-7': ['kompot', 'kampout', 'កំពត'],
  'KH-8': ['kandaal', 'kondal', 'កណ្តាល'],
  'KH-9': ['kaoh kong', 'koh kung', 'kohkong', 'កោះកុង'],
  'KH-10': ['kracheh', 'kratié', 'krache', 'ក្រចេះ'],
  'KH-11': ['mondul kiri', 'mondolkiri', 'mondulkiri', 'មណ្ឌលគិរី'],
  'KH-12': ['phnom penh', 'phnum penh', 'pp', 'pnh', 'phnompenh', 'ភ្នំពេញ'],
  'KH-13': ['preah vihea', 'preahvihear', 'ព្រះវិហារ'],
  'KH-14': ['prey veaeng', 'preyveng', 'prey veang', 'ព្រៃវែង'],
  'KH-15': ['pouthisat', 'posat', 'pursat', 'ពោធិ៍សាត់'],
  'KH-16': ['ratanak kiri', 'rotanakiri', 'ratanakkiri', 'រតនគិរី'],
  'KH-17': ['siemreap', 'siem riep', 'siem reab', 'sr', 'សៀមរាប'],
  'KH-18': ['sihanoukville', 'kampong som', 'kompong som', 'preah sihanouk', 'ព្រះសីហនុ'],
  'KH-19': ['stoeng treng', 'steung treng', 'stungtreng', 'ស្ទឹងត្រែង'],
  'KH-20': ['svay rieng', 'svayrieng', 'svay reang', 'ស្វាយរៀង'],
  'KH-21': ['takev', 'takeo', 'ta keo', 'តាកែវ'],
  'KH-22': ['otdar meanchey', 'oddar mean chey', 'udor meanchey', 'ឧត្តរមានជ័យ'],
  'KH-23': ['kaeb', 'kep city', 'កែប'],
  'KH-24': ['pailin', 'pai lin', 'ប៉ៃលិន'],
  'KH-25': ['tboung khmum', 'tbong khmom', 'tbaung khmum', 'ត្បូងឃ្មុំ'],
};
