import { Global, Module } from '@nestjs/common';
import { CatalogModule } from '@psar/catalog';
import { IdentityModule } from '@psar/identity';
import { ListingsModule } from '@psar/listings';
import { SmsSender } from '@psar/platform';
import { TrainingEventsModule } from '@psar/training-events';
import { MarketCommandsService } from './market/market-commands.service';
import { SmsOutbox } from './outbound/sms-outbox.service';
import { PinsService } from './pins/pins.service';
import { SmsPushSettingsController } from './pushes/sms-push-settings.controller';
import { SmsPushSettingsService } from './pushes/sms-push-settings.service';
import { SmsPushesService } from './pushes/sms-pushes.service';
import { ShortCodesService } from './short-codes/short-codes.service';
import { TrainingCommandsService } from './trainings/training-commands.service';

/**
 * The SMS channel: gateway adapters, inbound commands, the per-number state and every
 * message in Postgres. Global so that any lib can send through `SmsSender`.
 */
@Global()
@Module({
  imports: [CatalogModule, IdentityModule, ListingsModule, TrainingEventsModule],
  controllers: [SmsPushSettingsController],
  providers: [
    SmsOutbox,
    { provide: SmsSender, useExisting: SmsOutbox },
    ShortCodesService,
    PinsService,
    MarketCommandsService,
    TrainingCommandsService,
    SmsPushSettingsService,
    SmsPushesService,
  ],
  exports: [SmsSender],
})
export class SmsModule {}
