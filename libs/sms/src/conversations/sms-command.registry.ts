import { Injectable } from '@nestjs/common';
import type { SmsCommand, SmsCommandHandler } from './sms-command';

export const FALLBACK_COMMAND = 'HELP';

/** The handlers of SMS commands, by command name. */
@Injectable()
export class SmsCommandRegistry {
  private readonly handlers = new Map<string, SmsCommandHandler<any>>();

  register<C extends SmsCommand>(handler: SmsCommandHandler<C>): void {
    const name = handler.command.toUpperCase();
    if (this.handlers.has(name)) throw new Error(`sms command ${name}: registered twice`);
    this.handlers.set(name, handler);
  }

  get(name: string): SmsCommandHandler<any> | undefined {
    return this.handlers.get(name.toUpperCase());
  }

  /** The handler of a command, or the menu's for one nobody handles. */
  resolve(name: string): SmsCommandHandler<any> {
    const handler = this.get(name) ?? this.get(FALLBACK_COMMAND);
    if (!handler) throw new Error(`sms commands: no ${FALLBACK_COMMAND} handler registered`);
    return handler;
  }
}
