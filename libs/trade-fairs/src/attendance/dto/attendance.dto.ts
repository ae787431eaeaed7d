import { ApiProperty } from '@nestjs/swagger';
import { PhotoDto } from '@psar/media';
import { MoneyDto, PageQuery } from '@psar/platform';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { STALL_TYPES, type StallType } from '../../stalls/fair-stall.entity';

export class PutVisitorCountDto {
  @ApiProperty({ example: 12500, minimum: 0, maximum: 10_000_000 })
  @IsDefined({ message: 'count is required' })
  @IsInt({ message: 'count must be a whole number' })
  @Min(0, { message: 'count must not be below zero' })
  @Max(10_000_000)
  count: number;
}

export class VisitorCountDto {
  @ApiProperty({ example: '2025-03-14' })
  date: string;

  @ApiProperty()
  count: number;
}

export class PutSalesReportDto {
  @ApiProperty({ type: MoneyDto, description: 'What the exhibitor sold at the fair, all days together' })
  @IsDefined({ message: 'total is required' })
  @ValidateNested()
  @Type(() => MoneyDto)
  total: MoneyDto;
}

export class SalesReportDto {
  @ApiProperty({ format: 'uuid' })
  fairId: string;

  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty({ type: MoneyDto })
  total: MoneyDto;

  @ApiProperty({ format: 'date-time' })
  reportedAt: string;
}

export class StallsTakenDto {
  @ApiProperty()
  total: number;

  @ApiProperty({ description: 'With an approved booking' })
  taken: number;

  @ApiProperty({ description: 'With a pending request' })
  requested: number;

  @ApiProperty()
  free: number;
}

export class FairStatsDto {
  @ApiProperty({ format: 'uuid' })
  fairId: string;

  @ApiProperty({ type: [VisitorCountDto], description: 'Recorded days, in order' })
  visitorsPerDay: VisitorCountDto[];

  @ApiProperty()
  totalVisitors: number;

  @ApiProperty({ description: 'Organizations with at least one approved stall' })
  exhibitors: number;

  @ApiProperty({ type: StallsTakenDto })
  stalls: StallsTakenDto;

  @ApiProperty({ type: [MoneyDto], description: "Exhibitors' reported sales, summed per currency" })
  reportedSales: MoneyDto[];

  @ApiProperty({ description: 'How many exhibitors reported their sales' })
  exhibitorsReportingSales: number;
}

export class ExhibitorOrganizationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'KH-14' })
  provinceCode: string;

  @ApiProperty({ type: [String] })
  valueChains: string[];

  @ApiProperty({ type: PhotoDto, nullable: true })
  logo: PhotoDto | null;

  @ApiProperty({ type: [PhotoDto], description: 'Of the farm, kiln or shop, in order' })
  photos: PhotoDto[];
}

export class ShowcaseCoverDto {
  @ApiProperty({ format: 'uuid' })
  listingId: string;

  @ApiProperty({ type: PhotoDto, description: "The listing's cover photo" })
  photo: PhotoDto;
}

export class ExhibitorStallDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  code: string;

  @ApiProperty({ type: String, nullable: true })
  zone: string | null;

  @ApiProperty({ enum: STALL_TYPES })
  type: StallType;
}

/** An approved exhibitor as the public sees it: no payment status, no phone numbers. */
export class ExhibitorDto {
  @ApiProperty({ type: ExhibitorOrganizationDto })
  organization: ExhibitorOrganizationDto;

  @ApiProperty({ type: [ExhibitorStallDto] })
  stalls: ExhibitorStallDto[];

  @ApiProperty({ type: [String], description: 'Listing ids shown at its stalls' })
  showcase: string[];

  @ApiProperty({ type: [ShowcaseCoverDto], description: 'The cover photo of each showcased listing that has one' })
  showcaseCovers: ShowcaseCoverDto[];
}

export class ExhibitorPageDto {
  @ApiProperty({ type: [ExhibitorDto] })
  items: ExhibitorDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ListExhibitorsQuery extends PageQuery {}
