import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateOrOffsetDateTime, MoneyDto } from '@psar/platform';
import { IsOptional, IsUUID } from 'class-validator';

/** Sums of one currency over confirmed registrations of events with a cost. */
export class CostTotalsDto {
  @ApiProperty({ enum: ['KHR', 'USD'] })
  currency: 'KHR' | 'USD';

  @ApiProperty({ description: 'Confirmed registrations' })
  registrations: number;

  @ApiProperty({ description: 'Their places' })
  seats: number;

  @ApiProperty({ type: MoneyDto, description: 'What the places cost in all' })
  cost: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'What sponsors (or the organizer) covered' })
  sponsored: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: "The participants' shares, whatever their payment status" })
  participantShare: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  paid: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  waived: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  due: MoneyDto;

  @ApiProperty({ type: Number, nullable: true, description: 'paid ÷ (paid + sponsored), in percent to one decimal: the share participants carry' })
  paidPercent: number | null;
}

export class EventCostReportDto {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ type: [CostTotalsDto], description: 'One line per currency' })
  totals: CostTotalsDto[];
}

export class MonthlyCostTotalsDto extends CostTotalsDto {
  @ApiProperty({ example: '2026-03', description: 'The month the sessions started (Cambodia time)' })
  month: string;
}

export class OrganizerCostReportDto {
  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty({ type: [MonthlyCostTotalsDto], description: 'Per month and currency, oldest first' })
  months: MonthlyCostTotalsDto[];
}

export class OrganizerCostReportQuery {
  @ApiProperty({ format: 'uuid', description: 'The organizer; you must be one of its people' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Sessions starting at or after' })
  @IsOptional()
  @IsDateOrOffsetDateTime()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Sessions starting before the end of this day' })
  @IsOptional()
  @IsDateOrOffsetDateTime()
  to?: string;
}
