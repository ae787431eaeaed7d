import type { ParsedCommand } from '../commands/parsed-command';
import type { SmsCommand, SmsCommandContext, SmsCommandHandler, SmsReply } from '../conversations/sms-command';
import type { SmsCommandRegistry } from '../conversations/sms-command.registry';
import { usageText } from '../commands/usage-texts';
import { type PinsService, readPin } from '../pins/pins.service';
import { type MarketCommandsService, type SellDraft, type SmsUser } from './market-commands.service';
import { marketText } from './market-texts';

/** A command as the full parser reads it: the handler's fields in `parsed`. */
export type Parsed<K extends ParsedCommand['kind']> = SmsCommand & { parsed: Extract<ParsedCommand, { kind: K }> };

/** The sender as the market services need them, or the reply that they must register first. */
export function smsUserOf(context: SmsCommandContext): SmsUser | SmsReply {
  const { number } = context;
  if (!number.userId) return { text: marketText(number.locale, 'no-account') };
  return { userId: number.userId, phone: number.phone, locale: number.locale };
}

function isReply(value: SmsUser | SmsReply): value is SmsReply {
  return 'text' in value;
}

/** A handler that needs an account: `run` gets the sender as a user. */
function withUser<C extends SmsCommand>(command: string, run: (user: SmsUser, parsed: C, context: SmsCommandContext) => Promise<string>): SmsCommandHandler<C> {
  return {
    command,
    async handle(parsed, context) {
      const user = smsUserOf(context);
      return isReply(user) ? user : { text: await run(user, parsed, context) };
    },
  };
}

/** SELL, LISTINGS, MATCHES, PRICE, OFFERS, ACCEPT, DECLINE and PIN. */
export function registerMarketCommands(registry: SmsCommandRegistry, market: MarketCommandsService, pins: PinsService): void {
  const sell: SmsCommandHandler<Parsed<'sell'>> = {
    command: 'SELL',
    async handle(command, context) {
      const user = smsUserOf(context);
      if (isReply(user)) return user;
      const { productCode, quantity, grade, price } = command.parsed;
      const answer = await market.sell(user, { productCode, quantity, grade: grade ?? null, price });
      // The draft waits for YES (SMS_STATE_TTL_MINUTES): nothing is published before it.
      if (answer.draft) await context.setState({ command: 'SELL', data: { ...answer.draft } });
      return { text: answer.reply };
    },
    async resume(state, confirmed, context) {
      const user = smsUserOf(context);
      if (isReply(user)) return user;
      if (!confirmed) return { text: marketText(user.locale, 'sell-dropped') };
      return { text: await market.publish(user, state.data as unknown as SellDraft) };
    },
  };

  const pin = withUser<Parsed<'pin'>>('PIN', async (user, command) => {
    const value = readPin(command.parsed.pin);
    if (!value) return marketText(user.locale, 'pin-usage');
    await pins.set(user.userId, value);
    return marketText(user.locale, 'pin-set');
  });

  for (const handler of [
    sell,
    pin,
    withUser('LISTINGS', (user) => market.myListings(user)),
    withUser('MATCHES', (user) => market.matches(user)),
    withUser<Parsed<'prices'>>('PRICE', (user, command) => market.marketPrices(user, command.parsed.productCode, command.parsed.provinceCode)),
    withUser('OFFERS', (user) => market.pendingOffers(user)),
    withUser<Parsed<'accept'>>('ACCEPT', (user, command) => market.accept(user, command.parsed.shortCode, command.parsed.pin)),
    withUser<Parsed<'decline'>>('DECLINE', (user, command) => market.decline(user, command.parsed.shortCode)),
  ] as Array<SmsCommandHandler<any>>) {
    registry.register(handler);
  }
}

/** A command whose keyword was read but not the rest: how to write it (else the menu). */
export function registerUsageCommand(registry: SmsCommandRegistry): void {
  registry.register<Parsed<'unknown'>>({
    command: 'USAGE',
    async handle(command, context) {
      return { text: usageText(context.number.locale, command.parsed) ?? context.texts.menu };
    },
  });
}
