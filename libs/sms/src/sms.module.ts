import { Global, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CatalogModule, CatalogService } from '@psar/catalog';
import { AgentMandatesService, IdentityModule } from '@psar/identity';
import { ListingsModule } from '@psar/listings';
import { TradeModule } from '@psar/trade';
import { TrainingEventsModule } from '@psar/training-events';
import { InjectDataSource } from '@nestjs/typeorm';
import { deleteInBatches, Environment, ScheduledJobsService, SmsSender } from '@psar/platform';
import type { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import { registerAgentCommands } from './agents/agent-command-handlers';
import { CatalogCommandParser } from './commands/catalog-command.parser';
import { registerChannelCommands } from './conversations/channel-commands';
import { SmsCommandParser } from './conversations/sms-command';
import { SmsCommandRegistry } from './conversations/sms-command.registry';
import { SmsDispatcher } from './conversations/sms-dispatcher.service';
import { KannelGateway } from './gateways/kannel.gateway';
import { configuredGateways } from './gateways/configured-gateways';
import { SMS_GATEWAYS } from './gateways/sms-gateway';
import { keepWebhookRawBodies } from './inbound/raw-body';
import { SmsInboundController } from './inbound/sms-inbound.controller';
import { SmsInboundService } from './inbound/sms-inbound.service';
import { SmsOutbox } from './outbound/sms-outbox.service';
import { SmsSendWorker } from './outbound/sms-send.worker';
import { registerMarketCommands, registerUsageCommand } from './market/market-command-handlers';
import { MarketCommandsService } from './market/market-commands.service';
import { PinsService } from './pins/pins.service';
import { registerCommand } from './registration/register-command';
import { SmsPushSettingsController } from './pushes/sms-push-settings.controller';
import { SmsPushSettingsService } from './pushes/sms-push-settings.service';
import { SmsPushesService } from './pushes/sms-pushes.service';
import { ShortCodesService } from './short-codes/short-codes.service';
import { registerTrainingCommands } from './trainings/training-command-handlers';
import { TrainingCommandsService } from './trainings/training-commands.service';

export const SMS_RATE_WINDOWS_PURGE_JOB = 'sms.rate-windows.purge';

/**
 * The SMS channel: gateway adapters, inbound commands, the per-number state and every
 * message in Postgres. Global so that any lib can send through `SmsSender` and add its
 * commands to `SmsCommandRegistry`.
 */
@Global()
@Module({
  imports: [CatalogModule, IdentityModule, ListingsModule, TradeModule, TrainingEventsModule],
  controllers: [SmsInboundController, SmsPushSettingsController],
  providers: [
    KannelGateway,
    { provide: SMS_GATEWAYS, inject: [Environment, KannelGateway], useFactory: configuredGateways },
    SmsOutbox,
    { provide: SmsSender, useExisting: SmsOutbox },
    SmsSendWorker,
    SmsInboundService,
    SmsDispatcher,
    ShortCodesService,
    PinsService,
    MarketCommandsService,
    TrainingCommandsService,
    SmsPushSettingsService,
    SmsPushesService,
    { provide: SmsCommandParser, useClass: CatalogCommandParser },
    {
      provide: SmsCommandRegistry,
      inject: [CatalogService, MarketCommandsService, PinsService, TrainingCommandsService, SmsPushSettingsService, AgentMandatesService],
      useFactory: (
        catalog: CatalogService,
        market: MarketCommandsService,
        pins: PinsService,
        trainings: TrainingCommandsService,
        pushes: SmsPushSettingsService,
        mandates: AgentMandatesService,
      ) => {
        const registry = new SmsCommandRegistry();
        registerChannelCommands(registry);
        registry.register(registerCommand(catalog, pins, pushes));
        registerUsageCommand(registry);
        registerMarketCommands(registry, market, pins);
        registerTrainingCommands(registry, trainings);
        registerAgentCommands(registry, mandates);
        return registry;
      },
    },
  ],
  exports: [SmsSender, SmsOutbox, SmsCommandRegistry],
})
export class SmsModule implements OnModuleInit {
  constructor(
    private readonly http: HttpAdapterHost,
    private readonly jobs: ScheduledJobsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // Before Fastify is ready (app.init), so the hook applies to every webhook request.
    keepWebhookRawBodies(this.http.httpAdapter.getInstance<FastifyInstance>());
    this.jobs.register(SMS_RATE_WINDOWS_PURGE_JOB, '17 * * * *', async () => {
      await deleteInBatches(this.dataSource, { table: 'sms_rate_windows', where: `window_start < now() - interval '1 day'` });
    });
  }
}
