import { Injectable } from '@nestjs/common';
import { toWesternDigits } from '@psar/platform';
import type { Locale } from '@psar/identity';
import { SmsCommand, SmsCommandParser } from './sms-command';

/** Keywords in English, Khmer script and romanised Khmer; the numbers are the menu's. */
const KEYWORDS: Record<string, readonly string[]> = {
  HELP: ['HELP', '?', 'MENU', 'JUOYE', 'CHUOY', 'ជំនួយ', 'ម៉ឺនុយ'],
  REGISTER: ['REGISTER', 'REG', 'CHOL', 'CHUOL', 'ចុះឈ្មោះ', '1'],
  LANGUAGE: ['KM', 'KH', 'KHMER', 'EN', 'ENGLISH', 'ខ្មែរ', 'LANGUAGE', '2'],
  STOP: ['STOP', 'UNSUBSCRIBE', 'CHHOP', 'ឈប់', '3'],
  START: ['START', 'CHAB', 'ចាប់ផ្ដើម'],
  MORE: ['MORE', 'THEM', 'បន្ថែម'],
  YES: ['YES', 'Y', 'OK', 'BAT', 'JA', 'CHA', 'បាទ', 'ចាស', 'យល់ព្រម'],
  NO: ['NO', 'N', 'TE', 'ទេ'],
};
const BY_WORD = new Map(Object.entries(KEYWORDS).flatMap(([name, words]) => words.map((w) => [w, name] as const)));

/**
 * The channel's own keyword reader: the first word names the command. Stands in until the
 * full command parser (libs/sms/src/commands) is bound as SmsCommandParser.
 */
@Injectable()
export class KeywordCommandParser extends SmsCommandParser {
  parse(text: string, _locale: Locale): SmsCommand {
    const words = toWesternDigits(text.normalize('NFC')).trim().split(/\s+/).filter(Boolean);
    const first = words[0]?.toUpperCase() ?? '';
    const name = BY_WORD.get(first) ?? 'HELP';
    // LANGUAGE keeps its keyword (KM or EN, or the menu's 2, which switches).
    const args = name === 'LANGUAGE' ? [first] : words.slice(1);
    return { name, args };
  }
}
