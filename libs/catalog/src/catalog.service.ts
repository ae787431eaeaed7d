import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Product } from './products/product.entity';
import { Province } from './provinces/province.entity';
import { ValueChain } from './value-chains/value-chain.entity';

@Injectable()
export class CatalogService {
  constructor(
    @InjectRepository(Province) private readonly provinces: Repository<Province>,
    @InjectRepository(ValueChain) private readonly valueChains: Repository<ValueChain>,
    @InjectRepository(Product) private readonly products: Repository<Product>,
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
