import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CatalogAlias } from './aliases/catalog-alias.entity';
import { Product } from './products/product.entity';
import { Province } from './provinces/province.entity';
import { ValueChain } from './value-chains/value-chain.entity';

@Injectable()
export class CatalogService {
  constructor(
    @InjectRepository(Province) private readonly provinces: Repository<Province>,
    @InjectRepository(ValueChain) private readonly valueChains: Repository<ValueChain>,
    @InjectRepository(Product) private readonly products: Repository<Product>,
    @InjectRepository(CatalogAlias) private readonly aliases: Repository<CatalogAlias>,
  ) {}

  listProvinces(): Promise<Province[]> {
    return this.provinces.find({ order: { nameEn: 'ASC' } });
  }

  listValueChains(): Promise<ValueChain[]> {
    return this.valueChains.find({ order: { nameEn: 'ASC' } });
  }

  listProducts(valueChain?: string): Promise<Product[]> {
    return this.products.find({
      where: valueChain === undefined ? {} : { valueChainCode: valueChain },
      order: { valueChainCode: 'ASC', nameEn: 'ASC' },
    });
  }

  /** Every alias of products and value chains (AliasIndex turns them into a matcher). */
  listAliases(): Promise<CatalogAlias[]> {
    return this.aliases.find({ order: { id: 'ASC' } });
  }

  findProvince(code: string): Promise<Province | null> {
    return this.provinces.findOneBy({ code });
  }

  findProduct(code: string): Promise<Product | null> {
    return this.products.findOneBy({ code });
  }

  isKnownProvince(code: string): Promise<boolean> {
    return this.provinces.existsBy({ code });
  }
}
