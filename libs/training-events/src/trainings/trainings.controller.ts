import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Idempotent, ParseUuidPipe, Public, type AuthenticatedUser } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import { AttendanceService } from '../attendance/attendance.service';
import { TrainingAttendanceDto } from '../attendance/dto/attendance.dto';
import { InvitationDto, InviteGroupDto } from '../invitations/dto/invitation.dto';
import { InvitationsService } from '../invitations/invitations.service';
import { CreateSessionDto, CreateTrainingDto, UpdateTrainingDto } from './dto/create-training.dto';
import { FindTrainingsQuery, OrganizationTrainingsQuery } from './dto/find-trainings.query';
import { TrainingSessionDto, TrainingDto, TrainingPageDto, TrainingSummaryDto, TrainingSummaryPageDto } from './dto/training.dto';
import { TrainingsService } from './trainings.service';

@ApiTags('trainings')
@Authenticated()
@Controller('trainings')
export class TrainingsController {
  constructor(
    private readonly trainings: TrainingsService,
    private readonly attendance: AttendanceService,
    private readonly invitations: InvitationsService,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Announce a training with its sessions (managers of a supplier with supply_inputs)',
    description: 'Sessions of one training never overlap in time: overlapping sessions are refused with 409.',
  })
  @ApiCreatedResponse({ type: TrainingDto })
  @ApiProblems(400, 403, 404, 409, 422)
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateTrainingDto): Promise<TrainingDto> {
    return this.trainings.create(user.id, dto);
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Find trainings by value chain, province, dates and distance',
    description:
      'Only trainings with a scheduled session matching every filter; the one whose next matching session comes first ' +
      'is listed first. Without `from`, sessions not yet started. `near` with `radiusKm` (default 50) measures from the ' +
      "session's location, or its province's centre when it has none.",
  })
  @ApiOkResponse({ type: TrainingSummaryPageDto })
  @ApiProblems(400)
  find(@CurrentUser() user: AuthenticatedUser | undefined, @Query() query: FindTrainingsQuery): Promise<Page<TrainingSummaryDto>> {
    // Exposure visits and forums are found at /events.
    return this.trainings.find({ ...query, kind: 'training' }, user);
  }

  @Get('mine')
  @ApiOperation({
    summary: "A supplier's own trainings in every status, newest first, with all their sessions (its people; others 403)",
  })
  @ApiOkResponse({ type: TrainingPageDto })
  @ApiProblems(400, 403, 404)
  mine(@CurrentUser() user: AuthenticatedUser, @Query() query: OrganizationTrainingsQuery): Promise<Page<TrainingDto>> {
    return this.trainings.listOfOrganization(user.id, query);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: "A training's page: its sessions with seats left" })
  @ApiOkResponse({ type: TrainingDto })
  @ApiProblems(400, 404)
  get(@Param('id', ParseUuidPipe) id: string): Promise<TrainingDto> {
    return this.trainings.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the training (managers of the supplier)' })
  @ApiOkResponse({ type: TrainingDto })
  @ApiProblems(400, 403, 404)
  update(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: UpdateTrainingDto): Promise<TrainingDto> {
    return this.trainings.update(user.id, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel the training and its sessions not yet started; registered people are notified' })
  @ApiOkResponse({ type: TrainingDto })
  @ApiProblems(400, 403, 404, 409)
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<TrainingDto> {
    return this.trainings.cancelTraining(user.id, id);
  }

  @Post(':id/sessions')
  @Idempotent()
  @ApiOperation({ summary: 'Add a session (a stop); 409 if it overlaps another session of the training' })
  @ApiCreatedResponse({ type: TrainingSessionDto })
  @ApiProblems(400, 403, 404, 409, 422)
  addSession(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: CreateSessionDto): Promise<TrainingSessionDto> {
    return this.trainings.addSession(user.id, id, dto);
  }

  @Get(':id/calendar.ics')
  @Public()
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'The sessions as an iCalendar file (one event per session, Asia/Phnom_Penh times)' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar', schema: { type: 'string' } })
  @ApiProblems(400, 404)
  calendar(@Param('id', ParseUuidPipe) id: string): Promise<string> {
    return this.trainings.calendar(id);
  }

  @Get(':id/attendance')
  @ApiOperation({ summary: 'Registered, attended, no-shows and waitlisted per session and in all (managers of the supplier)' })
  @ApiOkResponse({ type: TrainingAttendanceDto })
  @ApiProblems(400, 403, 404)
  attendanceReport(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<TrainingAttendanceDto> {
    return this.attendance.forTraining(user.id, id);
  }

  @Post(':id/invitations')
  @Idempotent()
  @ApiOperation({
    summary: "Invite a cooperative or working group: each member firm's people are told of the session nearest them",
    description: 'Once per group and training (409 the second time).',
  })
  @ApiCreatedResponse({ type: InvitationDto })
  @ApiProblems(400, 403, 404, 409, 422)
  invite(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: InviteGroupDto): Promise<InvitationDto> {
    return this.invitations.invite(user.id, id, dto.organizationId);
  }
}
