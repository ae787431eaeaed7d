import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type AuthenticatedUser } from '@psar/identity';
import { ApiProblems, NumberFromText } from '@psar/platform';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MessageDto } from '../conversations/dto/message.dto';
import { NotificationDto } from '../notifications/dto/notification.dto';
import { MAX_SYNC_CURSOR_LENGTH } from './sync-cursor';
import { SyncPage, SyncService } from './sync.service';

export class SyncQuery {
  @ApiPropertyOptional({ description: 'The cursor of the previous answer; without it, a starting cursor and nothing else' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SYNC_CURSOR_LENGTH)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 200, description: 'At most this many messages and this many notifications' })
  @IsOptional()
  @NumberFromText()
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(500)
  limit: number = 200;
}

export class SyncDto {
  @ApiProperty({ type: [MessageDto], description: 'New messages in your conversations, oldest first (yours too, from other devices)' })
  messages: MessageDto[];

  @ApiProperty({ type: [NotificationDto], description: 'New notifications, oldest first' })
  notifications: NotificationDto[];

  @ApiProperty({ description: 'Keep it; send it on the next call' })
  cursor: string;

  @ApiProperty({ description: 'More is waiting: call again with the new cursor at once' })
  hasMore: boolean;
}

@ApiTags('realtime')
@Authenticated()
@Controller('sync')
export class SyncController {
  constructor(private readonly sync: SyncService) {}

  @Get()
  @ApiOperation({
    summary: 'What you missed: messages and notifications since a cursor, in one call',
    description: [
      'For clients of the realtime socket (socket.io, path /socket.io, namespace /realtime, `auth: {token}`).',
      '1. Before loading anything, call without a cursor: you get a starting cursor.',
      '2. Load what you show (GET /conversations, GET /notifications), connect the socket.',
      '3. After each (re)connect, call with your cursor, and again while `hasMore`; keep the last cursor.',
      'Everything stored after the starting cursor comes back exactly once per cursor, whichever replica stored it; ',
      'what also came live on the socket, or in what you loaded after the start, may come again: replace what you hold by id (a digest notification comes again with its new count and text).',
    ].join('\n'),
  })
  @ApiOkResponse({ type: SyncDto })
  @ApiProblems(400)
  since(@CurrentUser() user: AuthenticatedUser, @Query() query: SyncQuery): Promise<SyncPage> {
    return this.sync.since(user.id, query.cursor, query.limit);
  }
}
