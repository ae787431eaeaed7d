import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedUser, CurrentUser, Idempotent, ParseUuidPipe } from '@psar/identity';
import { ApiProblems } from '@psar/platform';
import { AddOfferGroupLineDto, CreateOfferGroupDto } from './dto/create-offer-group.dto';
import { OfferGroupDto } from './dto/offer-group.dto';
import { OfferGroupsService } from './offer-groups.service';

@ApiTags('offers')
@Authenticated()
@Controller('offer-groups')
export class OfferGroupsController {
  constructor(private readonly groups: OfferGroupsService) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Order a pooled match in one step (buyer): one order offer per producer, grouped',
    description:
      'Each producer receives, sees (GET /offers/:id) and accepts, counters or rejects only its own offer; accepting reserves from its listing as any order. ' +
      'Lines: 1 to 20 distinct active listings of other organizations, of one product (the demand\'s when demandId is given). All or nothing: one bad line and no offer is made.',
  })
  @ApiCreatedResponse({ type: OfferGroupDto })
  @ApiProblems(400, 403, 404, 409)
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateOfferGroupDto): Promise<OfferGroupDto> {
    return this.groups.create(user.id, dto);
  }

  @Get(':id')
  @ApiOperation({
    summary: "A pooled order's progress (the buyer's members only): each producer's offer and status, and what is accepted, pending, declined and still uncovered",
    description: '404 for anyone else, the producers included: each sees its own offer only.',
  })
  @ApiOkResponse({ type: OfferGroupDto })
  @ApiProblems(400, 404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<OfferGroupDto> {
    return this.groups.get(user.id, id);
  }

  @Post(':id/lines')
  @HttpCode(HttpStatus.CREATED)
  @Idempotent()
  @ApiOperation({
    summary: "Add a line to a pooled order (buyer): an order to one more producer, e.g. the match's next-best listing when a producer declined",
    description:
      "The listing must be active, another organization's, of the group's product, and not already pending or accepted in the group. " +
      'Use progress.quantityUncovered for the quantity. 409 once the group is cancelled.',
  })
  @ApiCreatedResponse({ type: OfferGroupDto })
  @ApiProblems(400, 403, 404, 409)
  addLine(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: AddOfferGroupLineDto): Promise<OfferGroupDto> {
    return this.groups.addLine(user.id, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Cancel the rest of a pooled order (buyer): every still-pending offer of the group is withdrawn',
    description: 'Accepted offers are deals and stay. The group becomes cancelled and takes no more lines; cancelling again changes nothing.',
  })
  @ApiOkResponse({ type: OfferGroupDto })
  @ApiProblems(400, 403, 404)
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<OfferGroupDto> {
    return this.groups.cancel(user.id, id);
  }
}
