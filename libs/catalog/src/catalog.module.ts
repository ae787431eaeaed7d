import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { Product } from './products/product.entity';
import { Province } from './provinces/province.entity';
import { ValueChain } from './value-chains/value-chain.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Province, ValueChain, Product])],
  controllers: [CatalogController],
  providers: [CatalogService],
  exports: [CatalogService],
})
export class CatalogModule {}
