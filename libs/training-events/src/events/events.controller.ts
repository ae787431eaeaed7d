import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Idempotent, ParseUuidPipe, Public, type AuthenticatedUser } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import { TrainingPageDto, type TrainingDto, type TrainingSummaryDto } from '../trainings/dto/training.dto';
import { CostReportsService } from './cost-reports.service';
import { EventCostReportDto, OrganizerCostReportDto, OrganizerCostReportQuery } from './dto/cost-report.dto';
import { CreateEventDto, CreateEventSessionDto, ReplaceAgendaDto } from './dto/create-event.dto';
import {
  EventDto,
  EventNotesDto,
  EventParticipantDto,
  EventParticipantPageDto,
  EventSessionDto,
  EventSummaryPageDto,
  FindEventsQuery,
  OrganizationEventsQuery,
  ParticipantsQuery,
  PostEventNotesDto,
} from './dto/event.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@Authenticated()
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly costReports: CostReportsService,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Announce an event: a training, an exposure visit or a business forum (managers of the organizer)',
    description:
      'Any organization may organize a visit or a forum, and name another as its host; a training needs supply_inputs. ' +
      'Registration is at /training-sessions/:id/registrations as for trainings; meeting points give transport seats, ' +
      'and a cost is split between the sponsor (sponsorSharePercent, rounded to the cent or the riel) and each participant.',
  })
  @ApiCreatedResponse({ type: EventDto })
  @ApiProblems(400, 403, 404, 409, 422)
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateEventDto): Promise<EventDto> {
    return this.events.create(user.id, dto);
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Find events of every kind (or ?kind=) by value chain, province, dates and distance',
    description: 'The same directory and filters as GET /trainings, which lists trainings only.',
  })
  @ApiOkResponse({ type: EventSummaryPageDto })
  @ApiProblems(400)
  find(@CurrentUser() user: AuthenticatedUser | undefined, @Query() query: FindEventsQuery): Promise<Page<TrainingSummaryDto>> {
    return this.events.find(query, user);
  }

  @Get('mine')
  @ApiOperation({
    summary: "An organizer's own events of every kind (or ?kind=) and status, newest first, with all their sessions (its people; others 403)",
    description: "Each as GET /trainings/mine lists them; an event's meeting points, agenda and cost are at GET /events/:id.",
  })
  @ApiOkResponse({ type: TrainingPageDto })
  @ApiProblems(400, 403, 404)
  mine(@CurrentUser() user: AuthenticatedUser, @Query() query: OrganizationEventsQuery): Promise<Page<TrainingDto>> {
    return this.events.listOfOrganization(user.id, query);
  }

  @Get('cost-shares')
  @ApiOperation({
    summary: "What participants paid against what sponsors covered, per month and currency, over an organizer's events (its people)",
  })
  @ApiOkResponse({ type: OrganizerCostReportDto })
  @ApiProblems(400, 403, 404)
  organizerCostShares(@CurrentUser() user: AuthenticatedUser, @Query() query: OrganizerCostReportQuery): Promise<OrganizerCostReportDto> {
    return this.costReports.forOrganizer(user.id, query);
  }

  @Get(':id/cost-shares')
  @ApiOperation({ summary: "What this event's participants paid, owe or were let off, against what sponsors covered (the organizer's people)" })
  @ApiOkResponse({ type: EventCostReportDto })
  @ApiProblems(400, 403, 404)
  eventCostShares(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<EventCostReportDto> {
    return this.costReports.forEvent(user.id, id);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: "An event's page: sessions with seats and meeting points, the agenda, the cost and its split" })
  @ApiOkResponse({ type: EventDto })
  @ApiProblems(400, 404)
  get(@Param('id', ParseUuidPipe) id: string): Promise<EventDto> {
    return this.events.get(id);
  }

  @Get(':id/participants')
  @ApiOperation({
    summary: "Who I met: the other participants' organizations that allowed it, and the host (participants and organizer only)",
    description: 'Public profile fields only; start a conversation with POST /conversations {participants: [{organizationId}]}.',
  })
  @ApiOkResponse({ type: EventParticipantPageDto })
  @ApiProblems(400, 403, 404)
  participants(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Query() query: ParticipantsQuery,
  ): Promise<Page<EventParticipantDto>> {
    return this.events.participants(user.id, id, query);
  }

  @Post(':id/sessions')
  @Idempotent()
  @ApiOperation({
    summary: 'Add a date to an event of any kind, with its meeting points for a visit (managers of the organizer)',
    description: 'As POST /trainings/:id/sessions: 409 if it overlaps another date; a meeting point leaves before the date ends.',
  })
  @ApiCreatedResponse({ type: EventSessionDto })
  @ApiProblems(400, 403, 404, 409, 422)
  addSession(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: CreateEventSessionDto): Promise<EventSessionDto> {
    return this.events.addSession(user.id, id, dto);
  }

  @Put(':id/agenda')
  @ApiOperation({ summary: "Replace a forum's agenda with these talks, in order (managers of the organizer)" })
  @ApiOkResponse({ type: EventDto })
  @ApiProblems(400, 403, 404, 422)
  replaceAgenda(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: ReplaceAgendaDto): Promise<EventDto> {
    return this.events.replaceAgenda(user.id, id, dto.agenda);
  }

  @Post(':id/notes')
  @Idempotent()
  @ApiOperation({ summary: "Post the event's notes or outcomes to every confirmed participant, as a notification (managers of the organizer)" })
  @ApiCreatedResponse({ type: EventNotesDto })
  @ApiProblems(400, 403, 404)
  postNotes(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: PostEventNotesDto): Promise<EventNotesDto> {
    return this.events.postNotes(user.id, id, dto.body);
  }
}
