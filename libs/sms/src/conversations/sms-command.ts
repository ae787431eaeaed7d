import type { Locale } from '@psar/identity';
import type { EntityManager } from 'typeorm';
import type { SmsConversationState, SmsNumber } from './sms-number.entity';
import type { SmsTexts } from './sms-texts';

/**
 * A command read from an SMS. `name` keys its handler (HELP, REGISTER, SELL…); a parser may
 * return a richer type for its commands (fields instead of words) as long as it has a name.
 */
export interface SmsCommand {
  name: string;
  /** The words after the keyword, as written (digits made Western). */
  args: string[];
}

/** Reads a command from a message's text; anything it does not understand is HELP. */
export abstract class SmsCommandParser {
  abstract parse(text: string, locale: Locale): SmsCommand;
}

export interface SmsCommandContext {
  /** The transaction of this message's handling: the reply is queued in it, under the number's lock. */
  manager: EntityManager;
  number: SmsNumber;
  inbound: { id: string; text: string; receivedAt: Date };
  /** The texts in the number's language. */
  texts: SmsTexts;
  /** Keeps a pending step (e.g. "reply YES to confirm") for SMS_STATE_TTL_MINUTES; YES or NO ends it. */
  setState(state: SmsConversationState | null): Promise<void>;
}

/** The answer to send (null: none), in the number's language; `bypassStop` only for STOP's confirmation. */
export interface SmsReply {
  text: string;
  bypassStop?: boolean;
}

/**
 * Handles one command. Registered with SmsCommandRegistry under its name (any lib may add
 * one in its onModuleInit). Runs inside the message's transaction: what it changes and the
 * reply commit together, and a redelivered message is never handled twice.
 */
export interface SmsCommandHandler<C extends SmsCommand = SmsCommand> {
  readonly command: string;
  handle(command: C, context: SmsCommandContext): Promise<SmsReply | null>;
  /** The pending step this handler left in the state, on YES (`confirmed`) or NO. */
  resume?(state: SmsConversationState, confirmed: boolean, context: SmsCommandContext): Promise<SmsReply | null>;
}
