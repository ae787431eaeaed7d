import { Global, Module } from '@nestjs/common';
import { SmsSender } from '@psar/platform';
import { SmsOutbox } from './outbound/sms-outbox.service';

/**
 * The SMS channel: gateway adapters, inbound commands, the per-number state and every
 * message in Postgres. Global so that any lib can send through `SmsSender`.
 */
@Global()
@Module({
  providers: [SmsOutbox, { provide: SmsSender, useExisting: SmsOutbox }],
  exports: [SmsSender],
})
export class SmsModule {}
