import type { Locale } from '../users/user.entity';
import type { CodePurpose } from './one-time-code';

// The code comes first: on a feature phone the preview shows only the start of a text.
// Khmer texts stay within one UCS-2 part (70 code units; code-messages.spec.ts checks).
const SMS: Record<CodePurpose, Record<Locale, (code: string, minutes: number) => string>> = {
  password_reset: {
    km: (code, minutes) => `${code} ជាលេខកូដប្ដូរពាក្យសម្ងាត់ Psar។ ប្រើបាន ${minutes} នាទី។ កុំប្រាប់គេ។`,
    en: (code, minutes) => `${code} is your Psar password reset code. It works for ${minutes} minutes. Do not share it.`,
  },
  phone_verification: {
    km: (code, minutes) => `${code} ជាលេខកូដបញ្ជាក់ទូរស័ព្ទ Psar។ ប្រើបាន ${minutes} នាទី។`,
    en: (code, minutes) => `${code} is your Psar code to confirm this phone. It works for ${minutes} minutes.`,
  },
};

export function codeSms(purpose: CodePurpose, locale: Locale, code: string, minutes: number): string {
  return SMS[purpose][locale](code, minutes);
}

export function passwordResetMail(locale: Locale, code: string, minutes: number): { subject: string; text: string } {
  if (locale === 'km') {
    return {
      subject: `${code} លេខកូដប្ដូរពាក្យសម្ងាត់ Psar`,
      text: `${code}\n\nនេះជាលេខកូដដើម្បីប្ដូរពាក្យសម្ងាត់ Psar របស់អ្នក។ វាប្រើបាន ${minutes} នាទី ហើយតែម្ដងប៉ុណ្ណោះ។\nបើអ្នកមិនបានស្នើសុំទេ សូមកុំខ្វល់ ពាក្យសម្ងាត់របស់អ្នកនៅដដែល។\n`,
    };
  }
  return {
    subject: `${code} is your Psar password reset code`,
    text: `${code}\n\nThis is the code to choose a new Psar password. It works once, for ${minutes} minutes.\nIf you did not ask for it, ignore this email: your password stays as it is.\n`,
  };
}
