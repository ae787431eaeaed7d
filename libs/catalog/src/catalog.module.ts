import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { CatalogAlias } from './aliases/catalog-alias.entity';
import { Product } from './products/product.entity';
import { Province } from './provinces/province.entity';
import { ValueChain } from './value-chains/value-chain.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Province, ValueChain, Product, CatalogAlias])],
  controllers: [CatalogController],
  providers: [CatalogService],
  exports: [CatalogService],
})
export class CatalogModule {}
