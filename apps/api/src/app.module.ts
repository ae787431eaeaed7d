import { CatalogModule } from '@psar/catalog';
import { IdentityModule } from '@psar/identity';
import { ListingsModule } from '@psar/listings';
import { MediaModule } from '@psar/media';
import { MessagingModule } from '@psar/messaging';
import { Environment, PlatformModule } from '@psar/platform';
import { SmsModule } from '@psar/sms';
import { TradeModule } from '@psar/trade';
import { TradeFairsModule } from '@psar/trade-fairs';
import { TrainingEventsModule } from '@psar/training-events';
import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { schema } from './schema';

@Module({})
export class AppModule {
  static register(env: Environment, extraImports: ModuleMetadata['imports'] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(env, schema), CatalogModule, MediaModule, IdentityModule, MessagingModule, SmsModule, ListingsModule, TradeModule, TradeFairsModule, TrainingEventsModule, ...extraImports],
    };
  }
}
