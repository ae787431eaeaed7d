import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, ParseUuidPipe, type AuthenticatedUser } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import { ListNotificationsQuery, MarkedReadDto, NotificationDto, NotificationPageDto, UnreadCountDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Authenticated()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    summary: 'Your notifications, newest first',
    description:
      'Live, they also arrive as `notification.created` on the socket, and a digest (`count` > 1: many events of one kind ' +
      'about one thing, e.g. the listings that fit a demand) as `notification.updated` while it is unread. After being offline, ' +
      'GET /sync returns the messages and notifications missed since a cursor in one call.',
  })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems(400)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListNotificationsQuery): Promise<Page<NotificationDto>> {
    return this.notifications.list(user.id, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of your notifications are unread (for a badge)' })
  @ApiOkResponse({ type: UnreadCountDto })
  async unreadCount(@CurrentUser() user: AuthenticatedUser): Promise<UnreadCountDto> {
    return { count: await this.notifications.unreadCount(user.id) };
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark all your notifications read' })
  @ApiOkResponse({ type: MarkedReadDto })
  async markAllRead(@CurrentUser() user: AuthenticatedUser): Promise<MarkedReadDto> {
    return { count: await this.notifications.markAllRead(user.id) };
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark one notification read (again: no change)' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblems(400, 404)
  markRead(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<NotificationDto> {
    return this.notifications.markRead(user.id, id);
  }
}
