import { ApiProperty } from '@nestjs/swagger';
import { SESSION_STATUSES, type SessionStatus } from '../../trainings/training-session.entity';

/** Counts are of people (seats): a group of 3 checked in with its one code counts 3. */
export class AttendanceCountsDto {
  @ApiProperty({ description: 'Confirmed seats' })
  registered: number;

  @ApiProperty({ description: 'Confirmed seats checked in' })
  attended: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Confirmed seats not checked in, once the session has ended (null before)' })
  noShows: number | null;

  @ApiProperty({ description: 'Seats still waiting on the waitlist' })
  waitlisted: number;

  @ApiProperty({ description: 'Seats registered at the door by staff (part of registered)' })
  walkIns: number;
}

export class SessionAttendanceDto extends AttendanceCountsDto {
  @ApiProperty({ format: 'uuid' })
  sessionId: string;

  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty()
  provinceCode: string;

  @ApiProperty()
  venue: string;

  @ApiProperty({ enum: SESSION_STATUSES })
  status: SessionStatus;

  @ApiProperty()
  capacity: number;

  @ApiProperty()
  ended: boolean;
}

export class TrainingAttendanceDto {
  @ApiProperty({ format: 'uuid' })
  trainingId: string;

  @ApiProperty({ type: AttendanceCountsDto, description: 'Over the sessions that were not cancelled' })
  totals: AttendanceCountsDto;

  @ApiProperty({ type: [SessionAttendanceDto] })
  sessions: SessionAttendanceDto[];
}
