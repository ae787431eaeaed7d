import type { SmsCommandHandler } from '../conversations/sms-command';
import type { SmsCommandRegistry } from '../conversations/sms-command.registry';
import { type Parsed, smsUserOf } from '../market/market-command-handlers';
import type { TrainingCommandsService } from './training-commands.service';

/** TRAININGS and JOIN. */
export function registerTrainingCommands(registry: SmsCommandRegistry, trainings: TrainingCommandsService): void {
  const list: SmsCommandHandler<Parsed<'trainings'>> = {
    command: 'TRAININGS',
    async handle(command, context) {
      const user = smsUserOf(context);
      return 'text' in user ? user : { text: await trainings.nearMe(user, command.parsed.provinceCode) };
    },
  };
  const join: SmsCommandHandler<Parsed<'join'>> = {
    command: 'JOIN',
    async handle(command, context) {
      const user = smsUserOf(context);
      return 'text' in user ? user : { text: await trainings.join(user, command.parsed.code) };
    },
  };
  registry.register(list);
  registry.register(join);
}
