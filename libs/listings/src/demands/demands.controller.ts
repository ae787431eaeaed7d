import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedUser, CurrentUser, Idempotent, ParseUuidPipe, Public } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import { CreateDemandDto } from './dto/create-demand.dto';
import { DemandDto, DemandPageDto } from './dto/demand.dto';
import { SearchDemandsQuery } from './dto/search-demands.query';
import { UpdateDemandDto } from './dto/update-demand.dto';
import { DemandsService } from './demands.service';

@ApiTags('demands')
@Authenticated()
@Controller('demands')
export class DemandsController {
  constructor(private readonly demands: DemandsService) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Post a demand: what you want to buy (owner or manager of an organization that can buy)' })
  @ApiCreatedResponse({ type: DemandDto })
  @ApiProblems(400, 403, 404)
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateDemandDto): Promise<DemandDto> {
    return this.demands.create(user.id, dto);
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Search demands',
    description:
      'Open demands of everyone; with mine=true (and a token) your organizations\' demands in every status ' +
      '(paused, fulfilled, expired, closed), optionally one status. ' +
      'With q, sort=relevance ranks the 500 most recent matches and sort=price the 1,000 most recent. ' +
      'Pages are stable for every sort: pass nextCursor back ' +
      'with the same filters and sort.',
  })
  @ApiOkResponse({ type: DemandPageDto })
  @ApiProblems(400)
  search(@CurrentUser() user: AuthenticatedUser | undefined, @Query() query: SearchDemandsQuery): Promise<Page<DemandDto>> {
    return this.demands.search(user, query);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A demand (paused, expired and closed ones only for its organization)' })
  @ApiOkResponse({ type: DemandDto })
  @ApiProblems(400, 404)
  get(@CurrentUser() user: AuthenticatedUser | undefined, @Param('id', ParseUuidPipe) id: string): Promise<DemandDto> {
    return this.demands.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change, pause or reopen a demand (its organization's owners and managers)" })
  @ApiOkResponse({ type: DemandDto })
  @ApiProblems(400, 403, 404, 409, 422)
  update(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: UpdateDemandDto): Promise<DemandDto> {
    return this.demands.update(user.id, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Close a demand for good' })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404)
  async close(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<void> {
    await this.demands.close(user.id, id);
  }
}
