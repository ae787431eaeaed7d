import type { SmsTexts } from './sms-texts';

export const SMS_TEXTS_EN: SmsTexts = {
  moreHint: ' …reply MORE',
  menu: 'Psar: reply with a number\n1 Register\n2 ភាសាខ្មែរ (Khmer)\n3 STOP messages',
  registerUsage: 'To register send: REGISTER your name province\ne.g. REGISTER Sok Dara Prey Veng',
  unknownProvince: (province) => `Psar does not know the province "${province}". Send e.g. REGISTER Sok Dara Prey Veng`,
  registered: (name, province) => `Welcome to Psar, ${name} (${province}). Send HELP for the menu.`,
  alreadyRegistered: (name) => `This number is already registered to ${name}. Send HELP for the menu.`,
  language: 'Psar will write to you in English. ផ្ញើ KM សម្រាប់ភាសាខ្មែរ',
  stopped: 'Psar will send you no more messages. Send START to receive them again.',
  started: 'Welcome back to Psar. Send HELP for the menu.',
  nothingMore: 'There is nothing more. Send HELP for the menu.',
  nothingToConfirm: 'There is nothing to confirm. Send HELP for the menu.',
  cancelled: 'Cancelled.',
  failed: 'Psar could not do that just now. Please try again later.',
};
