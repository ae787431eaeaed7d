import type { Unit } from '@psar/catalog';
import type { Locale } from '@psar/identity';
import type { Money } from '@psar/platform';

/** A command a reply can explain (the menu, `HELP SELL`, an error's usage line). */
export type CommandKind = Exclude<ParsedCommand['kind'], 'unknown' | 'menu-choice'>;

/** Why a text is not a command, for the reply to say what to fix. */
export type UnknownReason =
  | 'empty'
  | 'too-long'
  | 'unknown-command'
  | 'missing-product'
  | 'unknown-product'
  | 'ambiguous-product'
  | 'value-chain-not-product'
  | 'missing-quantity'
  | 'bad-quantity'
  | 'missing-price'
  | 'bad-price'
  | 'bad-grade'
  | 'number-with-spaces'
  | 'unexpected-words'
  | 'missing-name'
  | 'name-too-long'
  | 'missing-province'
  | 'unknown-province'
  | 'missing-code'
  | 'bad-code'
  | 'missing-pin'
  | 'bad-pin'
  | 'unknown-language';

export interface UnknownCommand {
  kind: 'unknown';
  reason: UnknownReason;
  /** The command recognised by its keyword, when it was (its arguments are what failed). */
  command?: CommandKind;
  /** The words at fault, as written (normalised): an unknown product's name, extra words… */
  words?: string[];
  /** ambiguous-product: the product codes it may mean; value-chain-not-product: the chains. */
  candidates?: string[];
}

export type ParsedCommand =
  | { kind: 'help'; topic?: CommandKind }
  /** A bare number 1–9: a reply to the numbered menu last sent to this number. */
  | { kind: 'menu-choice'; choice: number }
  /** PIN (4–6 digits) optional: the dispatcher may ask for it next. */
  | { kind: 'register'; name: string; provinceCode: string; pin?: string }
  /**
   * quantity: a positive decimal string (≤ 3 decimals, as listings store it); the dispatcher
   * checks it is whole for piece and head units, the unit (when written) and the grade against
   * the product's.
   */
  | { kind: 'sell'; productCode: string; quantity: string; unit?: Unit; grade?: string; price: Money }
  | { kind: 'my-listings' }
  | { kind: 'matches' }
  | { kind: 'prices'; productCode: string; provinceCode?: string }
  | { kind: 'offers' }
  | { kind: 'accept'; shortCode: string; pin: string }
  /** Sets or changes the sender's PIN (4–6 digits). */
  | { kind: 'pin'; pin: string }
  | { kind: 'decline'; shortCode: string }
  | { kind: 'trainings'; provinceCode?: string }
  | { kind: 'join'; code: string }
  | { kind: 'language'; locale: Locale }
  | { kind: 'stop' }
  | { kind: 'start' }
  /** code: what the yes is for, when given (`YES K7Q2`); else the conversation's open question. */
  | { kind: 'yes'; code?: string }
  | { kind: 'no'; code?: string }
  /** The rest of a reply that was cut; code: the one the cut reply gave, if typed. */
  | { kind: 'more'; code?: string }
  /** The producer gives the agent with this code the right to act for them (recorded consent). */
  | { kind: 'agent-consent'; agentCode: string }
  /** The producer takes back an agent's rights: that agent's, or every agent's without a code. */
  | { kind: 'agent-withdraw'; agentCode?: string }
  | UnknownCommand;
