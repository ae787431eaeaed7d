import type { SmsCommandContext, SmsCommandHandler } from './sms-command';
import type { SmsCommandRegistry } from './sms-command.registry';
import { smsTexts } from './sms-texts';

/** HELP, and anything no handler understands: the numbered menu. */
const help: SmsCommandHandler = {
  command: 'HELP',
  handle: async (_command, { texts }) => ({ text: texts.menu }),
};

/** KM or EN; the menu's 2 switches to the other language. */
const language: SmsCommandHandler = {
  command: 'LANGUAGE',
  async handle(command, { manager, number }) {
    const word = command.args[0] ?? '';
    const locale = ['EN', 'ENGLISH'].includes(word) ? 'en' : ['KM', 'KH', 'KHMER', 'ខ្មែរ'].includes(word) ? 'km' : number.locale === 'km' ? 'en' : 'km';
    await manager.query('UPDATE sms_numbers SET locale = $2, updated_at = now() WHERE phone = $1', [number.phone, locale]);
    number.locale = locale;
    return { text: smsTexts(locale).language };
  },
};

/** STOP: nothing more is sent to this number, anywhere in Psar, but this confirmation. */
const stop: SmsCommandHandler = {
  command: 'STOP',
  async handle(_command, { manager, number, texts }) {
    await manager.query('UPDATE sms_numbers SET stopped_at = coalesce(stopped_at, now()), updated_at = now() WHERE phone = $1', [number.phone]);
    return { text: texts.stopped, bypassStop: true };
  },
};

const start: SmsCommandHandler = {
  command: 'START',
  async handle(_command, { manager, number, texts }) {
    await manager.query('UPDATE sms_numbers SET stopped_at = NULL, updated_at = now() WHERE phone = $1', [number.phone]);
    number.stoppedAt = null;
    return { text: texts.started };
  },
};

/** The rest of the last reply that was cut to two parts. */
const more: SmsCommandHandler = {
  command: 'MORE',
  async handle(_command, { manager, number, texts }) {
    const rest = number.moreText && number.moreExpiresAt && number.moreExpiresAt > new Date() ? number.moreText : null;
    await manager.query('UPDATE sms_numbers SET more_text = NULL, more_expires_at = NULL, updated_at = now() WHERE phone = $1', [number.phone]);
    // Queued as any reply: cut again if still long, its rest waiting for the next MORE.
    return { text: rest ?? texts.nothingMore };
  },
};

/** YES and NO finish the step a handler left pending (e.g. "reply YES to publish"). */
function answer(command: 'YES' | 'NO', registry: SmsCommandRegistry): SmsCommandHandler {
  return {
    command,
    async handle(_command, context: SmsCommandContext) {
      const { number, texts } = context;
      const state = number.state && number.stateExpiresAt && number.stateExpiresAt > new Date() ? number.state : null;
      const owner = state ? registry.get(state.command) : undefined;
      if (!state || !owner?.resume) return { text: texts.nothingToConfirm };
      await context.setState(null);
      return (await owner.resume(state, command === 'YES', context)) ?? (command === 'NO' ? { text: texts.cancelled } : null);
    },
  };
}

/** The commands of the channel itself; the marketplace's (SELL, OFFERS…) are registered by their libs. */
export function registerChannelCommands(registry: SmsCommandRegistry): void {
  for (const handler of [help, language, stop, start, more, answer('YES', registry), answer('NO', registry)]) registry.register(handler);
}
