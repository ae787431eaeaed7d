import { CatalogModule } from '@psar/catalog';
import { IdentityModule } from '@psar/identity';
import { Environment, PlatformModule } from '@psar/platform';
import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { schema } from './schema';

@Module({})
export class AppModule {
  static register(env: Environment, extraImports: ModuleMetadata['imports'] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(env, schema), CatalogModule, IdentityModule, ...extraImports],
    };
  }
}
