import { Body, Controller, Delete, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Idempotent, ParseUuidPipe, type AuthenticatedUser } from '@psar/identity';
import { ApiProblems } from '@psar/platform';
import { CreateMeetingPointDto } from './dto/create-event.dto';
import { EventSessionDto } from './dto/event.dto';
import { EventsService } from './events.service';

/** A visit's meeting points, changed after it was announced: a date's own resource. */
@ApiTags('events')
@Authenticated()
@Controller('training-sessions/:id/meeting-points')
export class MeetingPointsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Add a meeting point to a date not yet started (managers of the organizer); answers the date with its meeting points',
  })
  @ApiCreatedResponse({ type: EventSessionDto })
  @ApiProblems(400, 403, 404, 422)
  add(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: CreateMeetingPointDto): Promise<EventSessionDto> {
    return this.events.addMeetingPoint(user.id, id, dto);
  }

  @Delete(':meetingPointId')
  @ApiOperation({
    summary: 'Remove a meeting point of a date not yet started (managers of the organizer)',
    description: 'While a confirmed or waitlisted registration leaves from it, 409 naming meetingPointId.',
  })
  @ApiOkResponse({ type: EventSessionDto })
  @ApiProblems(400, 403, 404, 409, 422)
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('meetingPointId', ParseUuidPipe) meetingPointId: string,
  ): Promise<EventSessionDto> {
    return this.events.removeMeetingPoint(user.id, id, meetingPointId);
  }
}
