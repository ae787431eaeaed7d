import { Body, Controller, Delete, Get, Header, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentUser, Idempotent, ParseUuidPipe, Public, type AuthenticatedUser } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import { AttendanceService } from '../attendance/attendance.service';
import { CheckInBatchDto, CheckInBatchResultDto, CheckInListDto, MAX_SCANS_PER_BATCH } from '../check-ins/dto/check-in-batch.dto';
import { OfflineCheckInsService } from '../check-ins/offline-check-ins.service';
import { SessionAttendanceDto } from '../attendance/dto/attendance.dto';
import { UpdateSessionDto, WAITLIST_RULE_DESCRIPTION } from '../trainings/dto/create-training.dto';
import { TrainingSessionDto } from '../trainings/dto/training.dto';
import { TrainingsService } from '../trainings/trainings.service';
import { checkInQrPng, checkInQrSvg } from './check-in-qr';
import {
  CheckInDto,
  ListRegistrationsQuery,
  RegistrationDto,
  SetPaymentDto,
  StaffRegistrationDto,
  StaffRegistrationPageDto,
} from './dto/registration.dto';
import { RegisterForSessionDto } from './dto/register-for-session.dto';
import { RegistrationsService } from './registrations.service';

@ApiTags('trainings')
@Authenticated()
@Controller('training-sessions')
export class TrainingSessionsController {
  constructor(
    private readonly trainings: TrainingsService,
    private readonly registrations: RegistrationsService,
    private readonly attendance: AttendanceService,
    private readonly offlineCheckIns: OfflineCheckInsService,
  ) {}

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A session with its seats left' })
  @ApiOkResponse({ type: TrainingSessionDto })
  @ApiProblems(400, 404)
  get(@Param('id', ParseUuidPipe) id: string): Promise<TrainingSessionDto> {
    return this.trainings.getSession(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Move or resize a session (managers of the supplier); more capacity promotes the waitlist' })
  @ApiOkResponse({ type: TrainingSessionDto })
  @ApiProblems(400, 403, 404, 409, 422)
  update(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: UpdateSessionDto): Promise<TrainingSessionDto> {
    return this.trainings.updateSession(user.id, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a session that has not started; registered people are notified' })
  @ApiOkResponse({ type: TrainingSessionDto })
  @ApiProblems(400, 403, 404, 409, 422)
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<TrainingSessionDto> {
    return this.trainings.cancelSession(user.id, id);
  }

  @Post(':id/registrations')
  @Idempotent()
  @ApiOperation({
    summary: 'Register for a session: confirmed while seats remain, else waitlisted with a position',
    description:
      'For yourself, or for your organization (organizationId; needed for more than one seat). With attendeeName and ' +
      "attendeePhone it is a walk-in entered by the supplier's staff: allowed until the session ends, and once it has " +
      'started only into a free seat (checked in at once, else 409). Everyone else registers before the session starts ' +
      '(422 after). One live registration per person per session (409). ' +
      'Nobody overtakes the waitlist: while anyone waits, a new registration joins the end of the line. ' +
      "With meetingPointId (an exposure visit's) it needs a transport seat there too: while that meeting point is full it " +
      'waits, and a full meeting point holds back only its own line. An event with a cost shows amountDue (your share) ' +
      'and paymentStatus. ' +
      WAITLIST_RULE_DESCRIPTION,
  })
  @ApiCreatedResponse({ type: RegistrationDto })
  @ApiProblems(400, 403, 404, 409, 422)
  register(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: RegisterForSessionDto,
  ): Promise<RegistrationDto> {
    return this.registrations.register(user.id, id, dto);
  }

  @Get(':id/registrations')
  @ApiOperation({ summary: "The session's registrations with names and phone numbers (managers of the supplier; others 404)" })
  @ApiOkResponse({ type: StaffRegistrationPageDto })
  @ApiProblems(400, 403, 404)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Query() query: ListRegistrationsQuery,
  ): Promise<Page<StaffRegistrationDto>> {
    return this.registrations.list(user.id, id, query);
  }

  @Get(':id/registrations/:registrationId')
  @ApiOperation({ summary: "A registration (its registrant or the supplier's staff)" })
  @ApiOkResponse({ type: RegistrationDto })
  @ApiProblems(400, 404)
  getRegistration(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('registrationId', ParseUuidPipe) registrationId: string,
  ): Promise<RegistrationDto> {
    return this.registrations.get(user.id, id, registrationId);
  }

  @Delete(':id/registrations/:registrationId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Cancel a registration (its registrant or a manager of the supplier) before the session starts',
    description: 'Frees its seats and promotes the waitlist in order. ' + WAITLIST_RULE_DESCRIPTION,
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 404, 422)
  async cancelRegistration(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('registrationId', ParseUuidPipe) registrationId: string,
  ): Promise<void> {
    await this.registrations.cancel(user.id, id, registrationId);
  }

  @Put(':id/registrations/:registrationId/payment')
  @ApiOperation({
    summary: "Mark what a participant owes as paid, waived or due (the organizer's staff)",
    description: 'Only for an event with a cost (else 422); the registrant gets 403, anyone else 404.',
  })
  @ApiOkResponse({ type: StaffRegistrationDto })
  @ApiProblems(400, 403, 404, 422)
  setPayment(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('registrationId', ParseUuidPipe) registrationId: string,
    @Body() dto: SetPaymentDto,
  ): Promise<StaffRegistrationDto> {
    return this.registrations.setPayment(user.id, id, registrationId, dto.status);
  }

  @Get(':id/registrations/:registrationId/qr.png')
  @Header('content-type', 'image/png')
  @Header('cache-control', 'private, max-age=3600')
  @ApiOperation({ summary: 'The check-in code as a QR image (PNG)' })
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'image/png', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 404, 409)
  async qrPng(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('registrationId', ParseUuidPipe) registrationId: string,
  ): Promise<Buffer> {
    return checkInQrPng(await this.registrations.checkInCodeOf(user.id, id, registrationId));
  }

  @Get(':id/registrations/:registrationId/qr.svg')
  @Header('content-type', 'image/svg+xml')
  @Header('cache-control', 'private, max-age=3600')
  @ApiOperation({ summary: 'The check-in code as a QR image (SVG)' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'image/svg+xml', schema: { type: 'string' } })
  @ApiProblems(400, 404, 409)
  async qrSvg(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('registrationId', ParseUuidPipe) registrationId: string,
  ): Promise<string> {
    return checkInQrSvg(await this.registrations.checkInCodeOf(user.id, id, registrationId));
  }

  @Post(':id/check-ins')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Check someone in by their code (the supplier's staff)",
    description:
      'Unknown code 404; a code of another session of the training or of a cancelled registration 422; ' +
      'a code already checked in 409 (with the time it was).',
  })
  @ApiOkResponse({ type: StaffRegistrationDto })
  @ApiProblems(400, 403, 404, 409, 422)
  checkIn(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: CheckInDto): Promise<StaffRegistrationDto> {
    return this.registrations.checkIn(user.id, id, dto.code);
  }

  @Get(':id/check-in-list')
  @ApiOperation({
    summary: "Every registration of the session with its code, for checking in offline (the supplier's staff; others 404)",
    description:
      'Waitlisted and cancelled registrations are on it with their status, so the phone can say so at the door. ' +
      '`version` changes whenever anything on the list changes (a registration, a cancellation, a promotion, a check-in): ' +
      'a phone that holds another version holds a stale list.',
  })
  @ApiOkResponse({ type: CheckInListDto })
  @ApiProblems(400, 404)
  checkInList(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<CheckInListDto> {
    return this.offlineCheckIns.checkInList(user.id, id);
  }

  @Post(':id/check-ins/batch')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Upload scans made offline (the supplier's staff), at most " + MAX_SCANS_PER_BATCH + ' a batch',
    description:
      'One answer per scan: accepted (this scan checked the person in), duplicate (already checked in, by another scan, ' +
      'phone or upload) or unknown (no confirmed registration of this session has the code; reason says why). ' +
      'Instead of a code a scan may carry a walk-in {name, phone, seats?}: registered and checked in at scannedAt into a ' +
      'free seat, in the order they were made, else refused (reason session-full); not after the session ended. ' +
      'A scan is known by its scanId: uploading it again records nothing and gets the same answer. ' +
      'The attendance time is the earliest scannedAt of the code, not the upload time. ' +
      "A scannedAt more than 5 minutes ahead of the server's clock, or before the session's day, is refused (400 naming it). " +
      'A cancelled session 422.',
  })
  @ApiOkResponse({ type: CheckInBatchResultDto })
  @ApiProblems(400, 403, 404, 413, 422)
  checkInBatch(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: CheckInBatchDto,
  ): Promise<CheckInBatchResultDto> {
    return this.offlineCheckIns.uploadBatch(user.id, id, dto);
  }

  @Get(':id/attendance.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('cache-control', 'private, no-store')
  @ApiOperation({
    summary: 'The attendance sheet as CSV (managers of the supplier): a row per registration, then the totals',
    description: 'UTF-8 with a byte order mark, so that Excel shows Khmer names. The totals are those of GET .../attendance.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv', schema: { type: 'string' } })
  @ApiProblems(400, 403, 404)
  async attendanceCsv(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { filename, body } = await this.attendance.csvForSession(user.id, id);
    reply.header('content-disposition', `attachment; filename="${filename}"`);
    return body;
  }

  @Get(':id/attendance')
  @ApiOperation({ summary: 'Registered, attended, no-shows and waitlisted (managers of the supplier)' })
  @ApiOkResponse({ type: SessionAttendanceDto })
  @ApiProblems(400, 403, 404)
  attendanceReport(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<SessionAttendanceDto> {
    return this.attendance.forSession(user.id, id);
  }
}
