import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@psar/platform';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'group.join_requested', description: 'What happened; clients may localize by kind and data' })
  kind: string;

  @ApiProperty({ example: 'Peam Ro Pond Farm asks to join Prey Veng Fish Farmers Working Group' })
  title: string;

  @ApiProperty({ type: String, nullable: true })
  body: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { groupId: '…', organizationId: '…' } })
  data: Record<string, unknown>;

  @ApiProperty({ example: 1, description: 'A digest: how many events it gathers (it is updated while unread); otherwise 1' })
  count: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readAt: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items: NotificationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only unread ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}

export class UnreadCountDto {
  @ApiProperty({ example: 3 })
  count: number;
}

export class MarkedReadDto {
  @ApiProperty({ example: 3, description: 'How many notifications were marked read' })
  count: number;
}

export interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  data: Record<string, unknown>;
  item_count: number;
  created_at: Date;
  read_at: Date | null;
}

export function toNotificationDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    data: row.data,
    count: row.item_count,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}
