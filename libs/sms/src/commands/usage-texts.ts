import type { Locale } from '@psar/identity';
import type { CommandKind, UnknownCommand } from './parsed-command';

/** How to write each command, for a message whose keyword was read but not the rest. */
const USAGE: Record<Locale, Partial<Record<CommandKind, string>>> = {
  en: {
    register: 'Send REG <your name> <province>, e.g. REG Sok Dara Kampong Chhnang',
    sell: 'Send SELL <product> <quantity> <grade> <price>, e.g. SELL TILE 20000 A 1200',
    prices: 'Send PRICE <product> [province], e.g. PRICE TILE',
    accept: 'Send ACCEPT <code> <PIN>, e.g. ACCEPT K7Q2 4821',
    decline: 'Send DECLINE <code>, e.g. DECLINE K7Q2',
    pin: 'Send PIN and 4 to 6 digits, e.g. PIN 4821',
    trainings: 'Send TRAININGS, or TRAININGS <province>',
    join: 'Send JOIN <code> from the TRAININGS list',
    language: 'Send KM for Khmer or EN for English',
    'agent-consent': 'Send AGENT <code> to let that agent sell for you',
    'agent-withdraw': 'Send AGENT STOP <code> to end an agent’s rights',
  },
  km: {
    register: 'ផ្ញើ REG ឈ្មោះ ខេត្ត ឧ. REG សុខ ដារា កំពង់ឆ្នាំង',
    sell: 'ផ្ញើ SELL ផលិតផល ចំនួន ថ្នាក់ តម្លៃ ឧ. SELL ក្បឿង 20000 A 1200',
    prices: 'ផ្ញើ PRICE ផលិតផល ឧ. PRICE ក្បឿង',
    accept: 'ផ្ញើ ACCEPT លេខកូដ PIN ឧ. ACCEPT K7Q2 4821',
    decline: 'ផ្ញើ DECLINE លេខកូដ',
    pin: 'ផ្ញើ PIN និងលេខ ៤-៦ ខ្ទង់ ឧ. PIN 4821',
    trainings: 'ផ្ញើ TRAININGS ឬ TRAININGS ខេត្ត',
    join: 'ផ្ញើ JOIN លេខកូដ',
    language: 'ផ្ញើ KM សម្រាប់ខ្មែរ ឬ EN សម្រាប់អង់គ្លេស',
    'agent-consent': 'ផ្ញើ AGENT លេខកូដ ដើម្បីយល់ព្រម',
    'agent-withdraw': 'ផ្ញើ AGENT STOP លេខកូដ ដើម្បីបញ្ឈប់',
  },
};

const UNKNOWN_PRODUCT: Record<Locale, (word: string) => string> = {
  en: (word) => `Psar does not know "${word}". `,
  km: (word) => `Psar មិនស្គាល់ "${word}"។ `,
};

/** The answer to a command read by its keyword only: what was wrong, when it is a name, then how to write it. */
export function usageText(locale: Locale, unknown: UnknownCommand): string | null {
  const usage = unknown.command ? USAGE[locale][unknown.command] : undefined;
  if (!usage) return null;
  const word = unknown.reason === 'unknown-product' || unknown.reason === 'unknown-province' ? unknown.words?.[0] : undefined;
  return `${word ? UNKNOWN_PRODUCT[locale](word) : ''}${usage}`;
}
