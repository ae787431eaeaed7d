import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, ParseUuidPipe, Public, type AuthenticatedUser } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import { AttendanceService } from './attendance.service';
import {
  ExhibitorDto,
  ExhibitorPageDto,
  FairStatsDto,
  ListExhibitorsQuery,
  PutSalesReportDto,
  PutVisitorCountDto,
  SalesReportDto,
  VisitorCountDto,
} from './dto/attendance.dto';

@ApiTags('trade fairs')
@Authenticated()
@Controller('trade-fairs/:id')
export class AttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  @Put('visitor-counts/:date')
  @ApiOperation({ summary: "Record a day's visitors (organizer managers); repeating it replaces the count" })
  @ApiOkResponse({ type: VisitorCountDto })
  @ApiProblems(400, 403, 404, 409, 422)
  putVisitorCount(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('date') date: string,
    @Body() dto: PutVisitorCountDto,
  ): Promise<VisitorCountDto> {
    return this.attendance.putVisitorCount(user.id, id, date, dto.count);
  }

  @Put('sales-reports/:organizationId')
  @ApiOperation({ summary: 'Report what your organization sold at the fair (exhibitors with an approved stall)' })
  @ApiOkResponse({ type: SalesReportDto })
  @ApiProblems(400, 403, 404, 422)
  putSalesReport(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('organizationId', ParseUuidPipe) organizationId: string,
    @Body() dto: PutSalesReportDto,
  ): Promise<SalesReportDto> {
    return this.attendance.putSalesReport(user.id, id, organizationId, dto.total);
  }

  @Get('stats')
  @Public()
  @ApiOperation({ summary: 'Visitors per day, exhibitors, stalls taken and reported sales per currency' })
  @ApiOkResponse({ type: FairStatsDto })
  @ApiProblems(400, 404)
  stats(@CurrentUser() user: AuthenticatedUser | undefined, @Param('id', ParseUuidPipe) id: string): Promise<FairStatsDto> {
    return this.attendance.stats(user?.id, id);
  }

  @Get('exhibitors')
  @Public()
  @ApiOperation({ summary: 'Approved exhibitors with their stalls and showcased listings' })
  @ApiOkResponse({ type: ExhibitorPageDto })
  @ApiProblems(400, 404)
  exhibitors(
    @CurrentUser() user: AuthenticatedUser | undefined,
    @Param('id', ParseUuidPipe) id: string,
    @Query() query: ListExhibitorsQuery,
  ): Promise<Page<ExhibitorDto>> {
    return this.attendance.exhibitors(user?.id, id, query);
  }
}
