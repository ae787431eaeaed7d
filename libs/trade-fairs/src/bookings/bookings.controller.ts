import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Idempotent, ParseUuidPipe, type AuthenticatedUser } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import { BookingsService } from './bookings.service';
import {
  CreateStallBookingDto,
  DecideBookingDto,
  ListFairBookingsQuery,
  ListMyBookingsQuery,
  SetPaymentStatusDto,
  SetShowcaseDto,
  StallBookingDto,
  StallBookingPageDto,
} from './dto/stall-booking.dto';

@ApiTags('trade fairs')
@Authenticated()
@Controller()
export class BookingsController {
  constructor(private readonly bookings: BookingsService) {}

  @Post('trade-fairs/:id/bookings')
  @Idempotent()
  @ApiOperation({ summary: 'Request a stall for your organization (one live booking per stall: the loser of a race gets 409)' })
  @ApiCreatedResponse({ type: StallBookingDto })
  @ApiProblems(400, 403, 404, 409, 422)
  request(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: CreateStallBookingDto): Promise<StallBookingDto> {
    return this.bookings.request(user, id, dto);
  }

  @Get('trade-fairs/:id/bookings')
  @ApiOperation({ summary: "The fair's bookings, by stall code (organizer members)" })
  @ApiOkResponse({ type: StallBookingPageDto })
  @ApiProblems(400, 403, 404)
  listForFair(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Query() query: ListFairBookingsQuery,
  ): Promise<Page<StallBookingDto>> {
    return this.bookings.listForFair(user.id, id, query);
  }

  @Get('stall-bookings')
  @ApiOperation({ summary: "An exhibitor's bookings at every fair, newest first (its members)" })
  @ApiOkResponse({ type: StallBookingPageDto })
  @ApiProblems(400, 404)
  listMine(@CurrentUser() user: AuthenticatedUser, @Query() query: ListMyBookingsQuery): Promise<Page<StallBookingDto>> {
    return this.bookings.listForExhibitor(user.id, query);
  }

  @Get('stall-bookings/:id')
  @ApiOperation({ summary: 'A booking (its exhibitor and the organizer only)' })
  @ApiOkResponse({ type: StallBookingDto })
  @ApiProblems(400, 404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<StallBookingDto> {
    return this.bookings.get(user.id, id);
  }

  @Post('stall-bookings/:id/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Approve a requested booking within its hold (organizer managers)' })
  @ApiOkResponse({ type: StallBookingDto })
  @ApiProblems(400, 403, 404, 409)
  approve(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: DecideBookingDto): Promise<StallBookingDto> {
    return this.bookings.approve(user.id, id, dto.reason);
  }

  @Post('stall-bookings/:id/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reject a requested booking; the stall is free again (organizer managers)' })
  @ApiOkResponse({ type: StallBookingDto })
  @ApiProblems(400, 403, 404, 409)
  reject(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: DecideBookingDto): Promise<StallBookingDto> {
    return this.bookings.reject(user.id, id, dto.reason);
  }

  @Post('stall-bookings/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a requested or approved booking (managers of the exhibitor or of the organizer)' })
  @ApiOkResponse({ type: StallBookingDto })
  @ApiProblems(400, 403, 404, 409)
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: DecideBookingDto): Promise<StallBookingDto> {
    return this.bookings.cancel(user.id, id, dto.reason);
  }

  @Put('stall-bookings/:id/payment')
  @ApiOperation({ summary: 'Record the stall fee as unpaid, paid or waived (organizer managers)' })
  @ApiOkResponse({ type: StallBookingDto })
  @ApiProblems(400, 403, 404, 409)
  setPayment(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: SetPaymentStatusDto): Promise<StallBookingDto> {
    return this.bookings.setPaymentStatus(user.id, id, dto.status);
  }

  @Put('stall-bookings/:id/showcase')
  @ApiOperation({ summary: 'Choose the listings shown at the stall (exhibitor managers)' })
  @ApiOkResponse({ type: StallBookingDto })
  @ApiProblems(400, 403, 404, 409)
  setShowcase(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: SetShowcaseDto): Promise<StallBookingDto> {
    return this.bookings.setShowcase(user, id, dto.listingIds);
  }
}
