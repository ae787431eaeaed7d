import { Injectable, OnModuleInit } from '@nestjs/common';
import { CatalogService } from '@psar/catalog';
import type { Locale } from '@psar/identity';
import { SmsCommand, SmsCommandParser } from '../conversations/sms-command';
import { parseCommand } from './parse-command';
import { buildParseContext, type ParseContext } from './parse-context';
import type { ParsedCommand } from './parsed-command';

/** The handler of each parsed kind (SmsCommandRegistry's names). */
const HANDLER: Record<Exclude<ParsedCommand['kind'], 'menu-choice' | 'unknown'>, string> = {
  help: 'HELP',
  register: 'REGISTER',
  sell: 'SELL',
  'my-listings': 'LISTINGS',
  matches: 'MATCHES',
  prices: 'PRICE',
  offers: 'OFFERS',
  accept: 'ACCEPT',
  decline: 'DECLINE',
  pin: 'PIN',
  trainings: 'TRAININGS',
  join: 'JOIN',
  language: 'LANGUAGE',
  stop: 'STOP',
  start: 'START',
  yes: 'YES',
  no: 'NO',
  more: 'MORE',
  'agent-consent': 'AGENT',
  'agent-withdraw': 'AGENT-STOP',
};

/** The numbered menu's entries (sms-texts' `menu`). */
const MENU: Record<number, SmsCommand> = {
  1: { name: 'REGISTER', args: [] },
  2: { name: 'LANGUAGE', args: ['2'] },
  3: { name: 'STOP', args: [] },
};

/** How often the catalog's names and aliases are read again: added aliases reach the parser within it. */
const RELOAD_MS = 10 * 60_000;

/**
 * The full command parser (commands/parse-command.ts) bound as the channel's parser, with
 * the catalog's products, value chains, aliases and provinces. A command it reads keeps its
 * fields in `parsed`; one it cannot read names its command (USAGE) or none (HELP).
 */
@Injectable()
export class CatalogCommandParser extends SmsCommandParser implements OnModuleInit {
  private context: ParseContext | null = null;
  private loadedAt = 0;

  constructor(private readonly catalog: CatalogService) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  async reload(): Promise<void> {
    const [products, valueChains, aliases, provinces] = await Promise.all([
      this.catalog.listProducts(),
      this.catalog.listValueChains(),
      this.catalog.listAliases(),
      this.catalog.listProvinces(),
    ]);
    this.context = buildParseContext({ products, valueChains, aliases, provinces });
    this.loadedAt = Date.now();
  }

  parse(text: string, _locale: Locale): SmsCommand & { parsed?: ParsedCommand } {
    if (Date.now() - this.loadedAt > RELOAD_MS) void this.reload().catch(() => undefined);
    if (!this.context) return { name: 'HELP', args: [] };
    const parsed = parseCommand(text, this.context);
    const args = text.trim().split(/\s+/).slice(1);
    switch (parsed.kind) {
      case 'menu-choice':
        return MENU[parsed.choice] ?? { name: 'HELP', args: [] };
      case 'unknown':
        return { name: parsed.command ? 'USAGE' : 'HELP', args, parsed };
      case 'yes':
        // "YES 4821": the code an agent's consent request asks the producer to send back.
        if (parsed.code) return { name: 'AGENT', args, parsed: { kind: 'agent-consent', agentCode: parsed.code } };
        return { name: 'YES', args, parsed };
      case 'language':
        return { name: 'LANGUAGE', args: [parsed.locale.toUpperCase()], parsed };
      default:
        return { name: HANDLER[parsed.kind], args, parsed };
    }
  }
}
