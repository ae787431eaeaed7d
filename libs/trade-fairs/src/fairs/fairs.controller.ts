import { Body, Controller, Delete, Get, Header, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Idempotent, ParseUuidPipe, Public, type AuthenticatedUser } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import { CreateStallDto } from '../stalls/dto/create-stall.dto';
import { MoveStallDto } from '../stalls/dto/move-stall.dto';
import { StallListPipe } from '../stalls/dto/stall-list.pipe';
import { StallsService } from '../stalls/stalls.service';
import {
  CancelTradeFairDto,
  CreateTradeFairDto,
  ListTradeFairsQuery,
  StallDto,
  TradeFairDetailDto,
  TradeFairDto,
  TradeFairPageDto,
  UpdateTradeFairDto,
} from './dto/trade-fair.dto';
import { FairsService } from './fairs.service';

class StallListDto {
  @ApiProperty({ type: [StallDto] })
  items: StallDto[];
}

@ApiTags('trade fairs')
@Authenticated()
@Controller('trade-fairs')
export class FairsController {
  constructor(
    private readonly fairs: FairsService,
    private readonly stalls: StallsService,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Create a fair (draft) for an organization that organizes fairs' })
  @ApiCreatedResponse({ type: TradeFairDto })
  @ApiProblems(400, 403, 404)
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateTradeFairDto): Promise<TradeFairDto> {
    return this.fairs.create(user.id, dto);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'The directory of fairs, soonest first; filter by province and dates' })
  @ApiOkResponse({ type: TradeFairPageDto })
  @ApiProblems(400)
  list(@CurrentUser() user: AuthenticatedUser | undefined, @Query() query: ListTradeFairsQuery): Promise<Page<TradeFairDto>> {
    return this.fairs.list(user?.id, query);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A fair with its stalls and their availability' })
  @ApiOkResponse({ type: TradeFairDetailDto })
  @ApiProblems(400, 404)
  get(@CurrentUser() user: AuthenticatedUser | undefined, @Param('id', ParseUuidPipe) id: string): Promise<TradeFairDetailDto> {
    return this.fairs.get(user?.id, id);
  }

  @Get(':id/floor-plan.svg')
  @Public()
  @Header('content-type', 'image/svg+xml; charset=utf-8')
  @Header('cache-control', 'public, max-age=30')
  @ApiOperation({ summary: 'The floor plan drawn: every stall with its code, coloured free / requested / taken' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'An SVG document', content: { 'image/svg+xml': { schema: { type: 'string' } } } })
  @ApiProblems(400, 404)
  floorPlan(@CurrentUser() user: AuthenticatedUser | undefined, @Param('id', ParseUuidPipe) id: string): Promise<string> {
    return this.fairs.floorPlanSvg(user?.id, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the fair (organizer managers) while draft, open or closed' })
  @ApiOkResponse({ type: TradeFairDto })
  @ApiProblems(400, 403, 404, 409, 422)
  update(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: UpdateTradeFairDto): Promise<TradeFairDto> {
    return this.fairs.update(user.id, id, dto);
  }

  @Post(':id/stalls')
  @Idempotent()
  @ApiOperation({ summary: 'Add stalls to the plan, all or none: codes unique, inside the plan, never overlapping' })
  @ApiBody({ type: [CreateStallDto] })
  @ApiCreatedResponse({ type: StallListDto })
  @ApiProblems(400, 403, 404, 409)
  async addStalls(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Body(StallListPipe) stalls: CreateStallDto[],
  ): Promise<StallListDto> {
    return { items: await this.stalls.add(user.id, id, stalls) };
  }

  @Patch(':id/stalls/:stallId')
  @ApiOperation({ summary: 'Move or resize a stall while no requested or approved booking holds it: inside the plan, never overlapping' })
  @ApiOkResponse({ type: StallDto })
  @ApiProblems(400, 403, 404, 409, 422)
  moveStall(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('stallId', ParseUuidPipe) stallId: string,
    @Body() dto: MoveStallDto,
  ): Promise<StallDto> {
    return this.stalls.move(user.id, id, stallId, dto);
  }

  @Delete(':id/stalls/:stallId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Take a stall off the plan while no requested or approved booking holds it (draft, open or closed fair)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404, 409)
  async removeStall(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('stallId', ParseUuidPipe) stallId: string,
  ): Promise<void> {
    await this.stalls.remove(user.id, id, stallId);
  }

  @Post(':id/open')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Publish the fair and take stall requests (from draft, or reopen a closed fair)' })
  @ApiOkResponse({ type: TradeFairDto })
  @ApiProblems(400, 403, 404, 409, 422)
  open(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<TradeFairDto> {
    return this.fairs.transition(user.id, id, 'open');
  }

  @Post(':id/close')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop taking stall requests' })
  @ApiOkResponse({ type: TradeFairDto })
  @ApiProblems(400, 403, 404, 409)
  close(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<TradeFairDto> {
    return this.fairs.transition(user.id, id, 'closed');
  }

  @Post(':id/complete')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark the fair as held (on its last day or later)' })
  @ApiOkResponse({ type: TradeFairDto })
  @ApiProblems(400, 403, 404, 409, 422)
  complete(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<TradeFairDto> {
    return this.fairs.transition(user.id, id, 'completed');
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel the fair: every live booking ends and its exhibitor is notified' })
  @ApiOkResponse({ type: TradeFairDto })
  @ApiProblems(400, 403, 404, 409)
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: CancelTradeFairDto): Promise<TradeFairDto> {
    return this.fairs.cancel(user.id, id, dto.reason);
  }
}
