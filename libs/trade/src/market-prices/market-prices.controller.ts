import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@psar/identity';
import { ApiProblems } from '@psar/platform';
import { MarketPricesDto, MarketPricesQuery } from './dto/market-prices.query';
import { MarketPricesService } from './market-prices.service';

@ApiTags('market-prices')
@Controller('market-prices')
export class MarketPricesController {
  constructor(private readonly prices: MarketPricesService) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'public, max-age=30')
  @ApiOperation({
    summary: 'Unit prices of completed deals per product, province and ISO week: median, 25th and 75th percentile',
    description: 'Fresh within a minute of a completed deal.',
  })
  @ApiOkResponse({ type: MarketPricesDto })
  @ApiProblems(400)
  get(@Query() query: MarketPricesQuery): Promise<MarketPricesDto> {
    return this.prices.get(query);
  }
}
