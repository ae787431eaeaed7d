import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedUser, CurrentUser, Idempotent, ParseUuidPipe } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import { CreateReviewDto, ReviewDto } from '../reviews/dto/review.dto';
import { ReviewsService } from '../reviews/reviews.service';
import { DealsService } from './deals.service';
import { DealDto, DealPageDto, ListDealsQuery } from './dto/deal.dto';

@ApiTags('deals')
@Authenticated()
@Controller('deals')
export class DealsController {
  constructor(
    private readonly deals: DealsService,
    private readonly reviews: ReviewsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "Your organizations' deals, newest first" })
  @ApiOkResponse({ type: DealPageDto })
  @ApiProblems(400)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListDealsQuery): Promise<Page<DealDto>> {
    return this.deals.list(user.id, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A deal (its two sides only)' })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(400, 404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<DealDto> {
    return this.deals.get(user.id, id);
  }

  @Post(':id/deliver')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The seller marks the goods delivered' })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(400, 403, 404, 409)
  deliver(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<DealDto> {
    return this.deals.deliver(user.id, id);
  }

  @Post(':id/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The buyer confirms delivery: the deal is completed' })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(400, 403, 404, 409)
  confirm(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<DealDto> {
    return this.deals.confirm(user.id, id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Either side cancels before delivery; the reserved quantities go back to the listings' })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(400, 403, 404, 409)
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<DealDto> {
    return this.deals.cancel(user.id, id);
  }

  @Post(':id/reviews')
  @Idempotent()
  @ApiOperation({ summary: 'Review the other side of a completed deal, once per side' })
  @ApiCreatedResponse({ type: ReviewDto })
  @ApiProblems(400, 403, 404, 409, 422)
  review(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: CreateReviewDto): Promise<ReviewDto> {
    return this.reviews.create(user.id, id, dto);
  }
}
