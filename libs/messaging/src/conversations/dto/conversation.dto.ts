import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@psar/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CONTEXT_TYPES, type ContextType } from '../conversation.entity';
import { MessageDto } from './message.dto';

export class ParticipantInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A person' })
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An organization: its owners and managers join' })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId?: string;

  @ApiPropertyOptional({
    description:
      'With organizationId, for its managers: everyone in it joins, and for a cooperative or working group also ' +
      'everyone in its member firms: the group’s forum, which firms approved later join too',
  })
  @IsOptional()
  @IsBoolean({ message: 'everyone must be true or false' })
  everyone?: boolean;
}

export class ContextDto {
  @ApiProperty({ enum: CONTEXT_TYPES })
  @IsIn(CONTEXT_TYPES as unknown as string[], { message: `type must be one of ${CONTEXT_TYPES.join(', ')}` })
  type: ContextType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export const MAX_PARTICIPANT_INPUTS = 20;
export const MAX_PARTICIPANTS = 1000;

export class CreateConversationDto {
  @ApiProperty({ type: [ParticipantInputDto], minItems: 1, maxItems: MAX_PARTICIPANT_INPUTS, description: 'You join in any case' })
  @IsArray({ message: 'participants must be a list' })
  @ArrayMinSize(1, { message: 'participants must name at least one person or organization' })
  @ArrayMaxSize(MAX_PARTICIPANT_INPUTS, { message: `participants must have at most ${MAX_PARTICIPANT_INPUTS} entries` })
  @ValidateNested({ each: true })
  @Type(() => ParticipantInputDto)
  participants: ParticipantInputDto[];

  @ApiPropertyOptional({ maxLength: 200, example: '40,000 grade-A clay roof tiles to Phnom Penh' })
  @IsOptional()
  @IsString({ message: 'subject must be a string' })
  @MaxLength(200, { message: 'subject must be at most 200 characters' })
  @Matches(/\S/, { message: 'subject must not be blank' })
  subject?: string;

  @ApiPropertyOptional({ type: ContextDto, description: 'What it is about, so each side sees it' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContextDto)
  context?: ContextDto;

  @ApiPropertyOptional({
    description:
      'With a context: answer your newest conversation about it that already has each named person and organization ' +
      '(the same one, however often it is asked for), and start one only when there is none',
  })
  @IsOptional()
  @IsBoolean({ message: 'reuse must be true or false' })
  reuse?: boolean;
}

export class OrganizationRefDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class ConversationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true })
  subject: string | null;

  @ApiProperty({ type: ContextDto, nullable: true })
  context: ContextDto | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Set on a cooperative’s or working group’s forum' })
  groupId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdBy: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'The newest message’s time, or the creation time' })
  lastActivityAt: string;

  @ApiProperty({ example: 4 })
  participantCount: number;

  @ApiProperty({ type: [OrganizationRefDto], description: 'The organizations its participants came in through' })
  organizations: OrganizationRefDto[];

  @ApiProperty({ example: 2, description: 'Messages after your read marker' })
  unreadCount: number;

  @ApiProperty({ example: 40 })
  lastReadSeq: number;

  @ApiProperty({ type: MessageDto, nullable: true })
  lastMessage: MessageDto | null;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationDto] })
  items: ConversationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ListConversationsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the forums of this cooperative or working group (those you are in)' })
  @IsOptional()
  @IsUUID('all', { message: 'groupId must be a UUID' })
  groupId?: string;
}

export class ParticipantDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organizationId: string | null;

  @ApiProperty({ description: 'Their read marker (read receipts)' })
  lastReadSeq: number;
}

export class ParticipantListDto {
  @ApiProperty({ type: [ParticipantDto] })
  items: ParticipantDto[];
}

export class ConversationUnreadDto {
  @ApiProperty({ example: 5, description: 'Messages after your read markers, in all your conversations' })
  count: number;

  @ApiProperty({ example: 2, description: 'How many of your conversations have any' })
  conversations: number;
}
