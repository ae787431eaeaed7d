import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export class CreateReviewDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 })
  @IsInt({ message: 'rating must be a whole number from 1 to 5' })
  @Min(1, { message: 'rating must be from 1 to 5' })
  @Max(5, { message: 'rating must be from 1 to 5' })
  rating: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The reviewing side, only needed when you belong to both' })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId?: string;
}

export class ReviewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  dealId: string;

  @ApiProperty({ enum: ['buyer', 'seller'], description: 'The reviewing side' })
  side: 'buyer' | 'seller';

  @ApiProperty({ format: 'uuid' })
  reviewerOrganizationId: string;

  @ApiProperty()
  reviewerName: string;

  @ApiProperty({ format: 'uuid' })
  revieweeOrganizationId: string;

  @ApiProperty({ minimum: 1, maximum: 5 })
  rating: number;

  @ApiProperty({ type: String, nullable: true })
  comment: string | null;

  @ApiProperty({ description: 'The product traded' })
  productCode: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'Blind reviews: null once the review shows to everyone (both sides reviewed, or 14 days since the deal completed); ' +
      'until then only its author sees it, and this is when it shows even if the other side never reviews',
  })
  hiddenUntil: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class ReviewPageDto {
  @ApiProperty({ type: [ReviewDto] })
  items: ReviewDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
