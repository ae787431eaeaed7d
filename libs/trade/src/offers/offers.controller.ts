import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedUser, CurrentUser, Idempotent, ParseUuidPipe } from '@psar/identity';
import { ApiProblems, Page, PageQuery } from '@psar/platform';
import { IsIn, IsOptional } from 'class-validator';
import { CounterOfferDto } from './dto/counter-offer.dto';
import { CreateOfferDto } from './dto/create-offer.dto';
import { OFFER_STATUSES, OfferDto, OfferPageDto, type OfferStatus } from './dto/offer.dto';
import { OffersService } from './offers.service';

export class ListOffersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OFFER_STATUSES })
  @IsOptional()
  @IsIn(OFFER_STATUSES as unknown as string[], { message: `status must be one of ${OFFER_STATUSES.join(', ')}` })
  status?: OfferStatus;
}

export class AcceptedOfferDto {
  @ApiProperty({ type: OfferDto })
  offer: OfferDto;

  @ApiProperty({ format: 'uuid' })
  dealId: string;
}

@ApiTags('offers')
@Authenticated()
@Controller('offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Make an offer: a quote on a demand (seller, or a cooperative for its member firms) or an order on a listing (buyer)',
    description: 'Pending offers expire after OFFER_TTL_HOURS.',
  })
  @ApiCreatedResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409, 422)
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateOfferDto): Promise<OfferDto> {
    return this.offers.create(user.id, dto);
  }

  @Get()
  @ApiOperation({ summary: "Offers made or received by your organizations, newest first" })
  @ApiOkResponse({ type: OfferPageDto })
  @ApiProblems(400)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListOffersQuery): Promise<Page<OfferDto>> {
    return this.offers.list(user.id, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An offer (its two sides only)' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(400, 404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<OfferDto> {
    return this.offers.getVisible(user.id, id);
  }

  @Post(':id/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Accept (the buyer a quote, the seller an order): creates the deal and reserves the quantities',
    description: '409 when a listing no longer has enough; nothing changes then. 422 when the offer has expired.',
  })
  @ApiOkResponse({ type: AcceptedOfferDto })
  @ApiProblems(400, 403, 404, 409, 422)
  accept(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<{ offer: OfferDto; dealId: string }> {
    return this.offers.accept(user.id, id);
  }

  @Post(':id/counter')
  @HttpCode(HttpStatus.CREATED)
  @Idempotent()
  @ApiOperation({
    summary: 'Counter (the receiving side): answer a pending offer with other terms; the offer becomes countered and the counter-offer goes to the other side',
    description:
      'Terms left out stay as they were. The other side may accept, reject or counter the counter-offer in turn; only the latest offer of a thread can be ' +
      'accepted (accepting a countered one is 409). Nothing is reserved until acceptance. 409 once the offer is no longer pending, 422 once it expired.',
  })
  @ApiCreatedResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409, 422)
  counter(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: CounterOfferDto): Promise<OfferDto> {
    return this.offers.counter(user.id, id, dto);
  }

  @Post(':id/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reject (the receiving side)' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409)
  reject(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<OfferDto> {
    return this.offers.reject(user.id, id);
  }

  @Post(':id/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Withdraw (the side that made it), while pending' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409)
  withdraw(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<OfferDto> {
    return this.offers.withdraw(user.id, id);
  }
}
