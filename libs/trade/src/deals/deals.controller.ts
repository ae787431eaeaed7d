import { Body, Controller, Get, HttpCode, HttpStatus, Injectable, Param, Post, type PipeTransform, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedUser, CurrentUser, Idempotent, ParseUuidPipe } from '@psar/identity';
import { ApiProblems, Page, ValidationProblem } from '@psar/platform';
import { MAX_OFFER_LINES } from '../offers/dto/create-offer.dto';
import { CreateReviewDto, ReviewDto } from '../reviews/dto/review.dto';
import { ReviewsService } from '../reviews/reviews.service';
import { DealsService } from './deals.service';
import { DealDto, DealPageDto, ListDealsQuery } from './dto/deal.dto';
import { DeliverDealDto, MarkLineDeliveredDto } from './dto/deliver-deal.dto';
import { DisputeDealDto, ResolveDealDto } from './dto/dispute-deal.dto';

/** A deal's line number in the path: a whole number from 1, else a 400 naming lineNo (never a 500 from a cast). */
@Injectable()
class LineNoPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (/^[1-9][0-9]{0,3}$/.test(value) && Number(value) <= MAX_OFFER_LINES) return Number(value);
    throw new ValidationProblem([{ field: 'lineNo', message: `lineNo must be a whole number from 1 to ${MAX_OFFER_LINES}` }]);
  }
}

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
  @ApiOperation({ summary: "A deal (its two sides; a cooperative's member firm sees its own lines only, the others omitted)" })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(400, 404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<DealDto> {
    return this.deals.get(user.id, id);
  }

  @Post(':id/deliver')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'The seller marks the goods delivered (agreed → delivered), with the quantity delivered per line',
    description:
      'Lines omitted were delivered as agreed. Each delivered quantity must be within DEAL_DELIVERY_TOLERANCE_PERCENT of the agreed one; the totals are recomputed from the unit prices ' +
      'and what was reserved but not delivered goes back to its listing, once. The buyer then confirms or disputes; unanswered, the delivery is confirmed after DEAL_AUTO_CONFIRM_DAYS.',
  })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(400, 403, 404, 409)
  deliver(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: DeliverDealDto): Promise<DealDto> {
    return this.deals.deliver(user.id, id, dto ?? {});
  }

  @Post(':id/lines/:lineNo/deliver')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "A cooperative's member firm marks its own line of the deal delivered",
    description:
      'By a manager of the firm supplying the line (deal.lines[].organizationId), while the deal is agreed; deliveredQuantity omitted: as agreed, else within DEAL_DELIVERY_TOLERANCE_PERCENT. ' +
      "Another firm's line is 404, a side not supplying it 403, a line already marked 409. The cooperative is notified; when every line is marked, the deal becomes delivered " +
      '(agreed → delivered) with the marked quantities, as if the cooperative delivered it. A member firm reading the deal sees only its own lines (role supplier).',
  })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(400, 403, 404, 409)
  markLine(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('lineNo', LineNoPipe) lineNo: number,
    @Body() dto: MarkLineDeliveredDto,
  ): Promise<DealDto> {
    return this.deals.markLine(user.id, id, lineNo, dto?.deliveredQuantity);
  }

  @Post(':id/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The buyer confirms the delivered quantities (delivered → completed)' })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(400, 403, 404, 409)
  confirm(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<DealDto> {
    return this.deals.confirm(user.id, id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Either side cancels before delivery (agreed → cancelled); the reserved quantities go back to the listings' })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(400, 403, 404, 409)
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<DealDto> {
    return this.deals.cancel(user.id, id);
  }

  @Post(':id/dispute')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'The buyer disputes a delivery (delivered → disputed)',
    description: "Posted in the deal's conversation for both sides. An open dispute stops the automatic confirmation; it ends with POST /deals/:id/resolve.",
  })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(400, 403, 404, 409)
  dispute(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: DisputeDealDto): Promise<DealDto> {
    return this.deals.dispute(user.id, id, dto);
  }

  @Post(':id/resolve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Settle a dispute (disputed → completed | cancelled)',
    description:
      'A side proposes terms (the deal stays disputed, dispute.proposal shows them); the other side resolving with the same terms settles it by agreement. ' +
      'A platform admin who is neither side decides at once. The side the settlement goes against has a dispute lost in its reputation.',
  })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(400, 403, 404, 409)
  resolve(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: ResolveDealDto): Promise<DealDto> {
    return this.deals.resolve(user.id, id, dto);
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
