import type { Locale } from '@psar/identity';
import { SMS_TEXTS_EN } from './sms-texts.en';
import { SMS_TEXTS_KM } from './sms-texts.km';

/** Every text the SMS channel sends, one file per locale (sms-texts.km.ts, sms-texts.en.ts). Short: two parts at most. */
export interface SmsTexts {
  /** Ends a reply cut to two parts. */
  moreHint: string;
  /** The numbered menu, for HELP and anything not understood. */
  menu: string;
  registerUsage: string;
  unknownProvince: (province: string) => string;
  registered: (name: string, province: string) => string;
  alreadyRegistered: (name: string) => string;
  language: string;
  stopped: string;
  started: string;
  nothingMore: string;
  nothingToConfirm: string;
  cancelled: string;
  failed: string;
}

export function smsTexts(locale: Locale): SmsTexts {
  return locale === 'en' ? SMS_TEXTS_EN : SMS_TEXTS_KM;
}
