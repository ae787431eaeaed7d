import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@psar/platform';
import { IsOptional, IsString, IsUUID, Matches, ValidateBy } from 'class-validator';
import { bodyProblem, CLIENT_MESSAGE_ID_PATTERN } from '../message-body';

/** 1..4000 characters, counted as Postgres counts them (see message-body.ts). */
function IsMessageBody(): PropertyDecorator {
  return ValidateBy({
    name: 'isMessageBody',
    validator: {
      validate: (value: unknown) => bodyProblem(value) === null,
      defaultMessage: (args) => bodyProblem(args?.value) ?? 'body is invalid',
    },
  });
}

export class SendMessageDto {
  @ApiProperty({ minLength: 1, maxLength: 4000, example: 'សួស្តី! Can you deliver 40,000 grade-A tiles by 1 March?' })
  @IsMessageBody()
  body: string;

  @ApiProperty({
    example: '01J9Z4T6X8B3K2M5N7P9Q1R3S5',
    description: 'Made by the client for each message and kept across retries: a retried send stores nothing new and returns the same message',
  })
  @IsString({ message: 'clientMessageId must be a string' })
  @Matches(CLIENT_MESSAGE_ID_PATTERN, { message: 'clientMessageId must be 1 to 100 printable characters without spaces' })
  clientMessageId: string;
}

/** The socket's `message.send`: the REST body plus the conversation. */
export class SocketSendMessageDto extends SendMessageDto {
  @IsUUID('all', { message: 'conversationId must be a UUID' })
  conversationId: string;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ example: 42, description: 'Position in the conversation (1, 2, 3…), in the order messages were stored; never changes' })
  seq: number;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null once the sender’s account is deleted' })
  senderId: string | null;

  @ApiProperty()
  body: string;

  @ApiProperty()
  clientMessageId: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({
    description:
      'Only on socket events: the body is a preview of a long message; fetch it whole with GET /conversations/{id}/messages/{messageId}',
  })
  truncated?: boolean;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto], description: 'Newest first' })
  items: MessageDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Older messages: pass as cursor' })
  nextCursor: string | null;
}

export class ListMessagesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Messages older than this one (a message of this conversation)' })
  @IsOptional()
  @IsUUID('all', { message: 'before must be a message id (UUID)' })
  before?: string;
}

export class MarkReadDto {
  @ApiProperty({ format: 'uuid', description: 'The newest message the user has seen; markers never move back' })
  @IsUUID('all', { message: 'upToMessageId must be a UUID' })
  upToMessageId: string;
}

/** A participant's read marker, as `conversation.read` carries it. */
export class ReadMarkerDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ example: 42, description: 'Messages up to this seq are read' })
  lastReadSeq: number;
}

export class ReadStateDto extends ReadMarkerDto {
  @ApiProperty({ example: 0 })
  unreadCount: number;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: string;
  sender_id: string | null;
  body: string;
  client_message_id: string;
  created_at: Date;
}

export const MESSAGE_COLUMNS = 'id, conversation_id, seq, sender_id, body, client_message_id, created_at';

export function toMessageDto(row: MessageRow): MessageDto {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    senderId: row.sender_id,
    body: row.body,
    clientMessageId: row.client_message_id,
    createdAt: row.created_at.toISOString(),
  };
}
