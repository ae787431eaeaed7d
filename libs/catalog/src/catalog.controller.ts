import { Controller, Get, Query } from '@nestjs/common';
import { ApiProblems } from '@psar/platform';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogService } from './catalog.service';
import { ProductDto, ProductListDto } from './products/dto/product.dto';
import { ListProductsQuery } from './products/list-products.query';
import { ProvinceDto, ProvinceListDto } from './provinces/dto/province.dto';
import { ValueChainDto, ValueChainListDto } from './value-chains/dto/value-chain.dto';

@ApiTags('catalog')
@ApiProblems(503)
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('provinces')
  @ApiOperation({ summary: 'The 25 provinces of Cambodia (ISO 3166-2:KH), ordered by English name' })
  @ApiOkResponse({ type: ProvinceListDto })
  async listProvinces(): Promise<ProvinceListDto> {
    const provinces = await this.catalog.listProvinces();
    return { items: provinces.map((p) => ProvinceDto.from(p)) };
  }

  @Get('value-chains')
  @ApiOperation({ summary: 'Value chains: the products traded and the inputs sold into them' })
  @ApiOkResponse({ type: ValueChainListDto })
  async listValueChains(): Promise<ValueChainListDto> {
    const valueChains = await this.catalog.listValueChains();
    return { items: valueChains.map((v) => ValueChainDto.from(v)) };
  }

  @Get('products')
  @ApiOperation({ summary: 'Products with their unit and quality grades, optionally of one value chain' })
  @ApiOkResponse({ type: ProductListDto })
  @ApiProblems(400)
  async listProducts(@Query() query: ListProductsQuery): Promise<ProductListDto> {
    const products = await this.catalog.listProducts(query.valueChain);
    return { items: products.map((p) => ProductDto.from(p)) };
  }
}
