import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Idempotent, ParseUuidPipe, type AuthenticatedUser } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import type { FastifyReply } from 'fastify';
import { ConversationsService } from './conversations.service';
import {
  ConversationDto,
  ConversationPageDto,
  ConversationUnreadDto,
  CreateConversationDto,
  ListConversationsQuery,
  ParticipantListDto,
} from './dto/conversation.dto';
import { ListMessagesQuery, MarkReadDto, MessageDto, MessagePageDto, ReadStateDto, SendMessageDto } from './dto/message.dto';
import { MessagesService } from './messages.service';

@ApiTags('messaging')
@Authenticated()
@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Start a conversation',
    description:
      'With an organization: its owners and managers join. With `everyone: true` (for the organization’s managers): all its ' +
      'people, and for a cooperative or working group all its member firms’ people too (the group’s forum). You join in any case. ' +
      'With `reuse: true` and a context (a “message the seller” button): your existing conversation about it with them, if any.',
  })
  @ApiCreatedResponse({ type: ConversationDto })
  @ApiProblems(400, 403, 422)
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateConversationDto): Promise<ConversationDto> {
    return this.conversations.create(user.id, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Your conversations, newest activity first, with unread counts and the last message' })
  @ApiOkResponse({ type: ConversationPageDto })
  @ApiProblems(400)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListConversationsQuery): Promise<Page<ConversationDto>> {
    return this.conversations.list(user.id, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many messages you have not read, in all your conversations (for a badge)' })
  @ApiOkResponse({ type: ConversationUnreadDto })
  unreadCount(@CurrentUser() user: AuthenticatedUser): Promise<ConversationUnreadDto> {
    return this.conversations.unreadCount(user.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your conversations' })
  @ApiOkResponse({ type: ConversationDto })
  @ApiProblems(400, 404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<ConversationDto> {
    return this.conversations.get(user.id, id);
  }

  @Get(':id/participants')
  @ApiOperation({ summary: 'Who is in it, with their read markers' })
  @ApiOkResponse({ type: ParticipantListDto })
  @ApiProblems(400, 404)
  async participants(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string): Promise<ParticipantListDto> {
    return { items: await this.conversations.participants(user.id, id) };
  }

  @Get(':id/messages')
  @ApiOperation({
    summary: 'History, newest first, paged backwards',
    description:
      'Live, new messages arrive as `message.created` on the socket. After being offline, GET /sync returns what was missed ' +
      'in all your conversations (and your notifications) since a cursor, in one call.',
  })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiProblems(400, 404)
  history(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Query() query: ListMessagesQuery,
  ): Promise<Page<MessageDto>> {
    return this.messages.history(user.id, id, query);
  }

  @Post(':id/messages')
  @ApiOperation({
    summary: 'Send a message',
    description: 'Retrying with the same clientMessageId stores nothing new and answers the same message (header idempotent-replayed: true).',
  })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiProblems(400, 404, 422)
  async send(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: SendMessageDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MessageDto> {
    const { message, replayed } = await this.messages.send(user.id, id, dto);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return message;
  }

  @Get(':id/messages/:messageId')
  @ApiOperation({ summary: 'One message, whole (socket events cut long ones: `truncated: true`)' })
  @ApiOkResponse({ type: MessageDto })
  @ApiProblems(400, 404)
  message(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
    @Param('messageId', ParseUuidPipe) messageId: string,
  ): Promise<MessageDto> {
    return this.messages.get(user.id, id, messageId);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Move your read marker up to a message (never back); participants get conversation.read' })
  @ApiOkResponse({ type: ReadStateDto })
  @ApiProblems(400, 404)
  read(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUuidPipe) id: string, @Body() dto: MarkReadDto): Promise<ReadStateDto> {
    return this.messages.markRead(user.id, id, dto.upToMessageId);
  }
}
