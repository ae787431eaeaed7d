import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CATALOG_CODE_PATTERN, IsProvinceCode } from '@psar/catalog';
import { OptionalNotNull, PageQuery } from '@psar/platform';
import { CAPABILITIES, type Capability, ORGANIZATION_KINDS, type Organization, type OrganizationKind } from '../organization.entity';
import { type OwnerPhotos, PhotoDto } from '@psar/media';


export class LocationDto {
  @ApiProperty({ example: 11.48, minimum: -90, maximum: 90 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat: number;

  @ApiProperty({ example: 105.32, minimum: -180, maximum: 180 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng: number;
}

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Prey Veng Clay Tiles', maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS as unknown as string[], { message: `kind must be one of ${ORGANIZATION_KINDS.join(', ')}` })
  kind: OrganizationKind;

  @ApiProperty({ enum: CAPABILITIES, isArray: true, example: ['sell'] })
  @IsArray()
  @ArrayMaxSize(CAPABILITIES.length)
  @ArrayUnique({ message: 'capabilities must not repeat' })
  @IsIn(CAPABILITIES as unknown as string[], { each: true, message: `each capability must be one of ${CAPABILITIES.join(', ')}` })
  capabilities: Capability[];

  @ApiProperty({ example: 'KH-14', description: 'ISO 3166-2:KH code (GET /provinces)' })
  @IsString()
  @IsProvinceCode()
  provinceCode: string;

  @ApiPropertyOptional({ example: 'Kampong Leav', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  district?: string;

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional({ type: [String], example: ['clay_tiles_bricks'], description: 'Value chain codes (GET /value-chains)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique({ message: 'valueChains must not repeat' })
  @Matches(CATALOG_CODE_PATTERN, { each: true, message: 'each value chain must be a code like clay_tiles_bricks' })
  valueChains?: string[];

  @ApiPropertyOptional({ example: '012 345 678', description: 'Public contact number of the organization' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}

/** Kind is fixed at creation: a firm does not turn into a group with members. null clears an optional field. */
export class UpdateOrganizationDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: CAPABILITIES, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(CAPABILITIES.length)
  @ArrayUnique({ message: 'capabilities must not repeat' })
  @IsIn(CAPABILITIES as unknown as string[], { each: true, message: `each capability must be one of ${CAPABILITIES.join(', ')}` })
  capabilities?: Capability[];

  @ApiPropertyOptional({ example: 'KH-14' })
  @OptionalNotNull()
  @IsString()
  @IsProvinceCode()
  provinceCode?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  district?: string | null;

  @ApiPropertyOptional({ type: LocationDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto | null;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique({ message: 'valueChains must not repeat' })
  @Matches(CATALOG_CODE_PATTERN, { each: true, message: 'each value chain must be a code like clay_tiles_bricks' })
  valueChains?: string[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;
}

export class ListOrganizationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS })
  @IsOptional()
  @IsIn(ORGANIZATION_KINDS as unknown as string[], { message: `kind must be one of ${ORGANIZATION_KINDS.join(', ')}` })
  kind?: OrganizationKind;

  @ApiPropertyOptional({ enum: CAPABILITIES })
  @IsOptional()
  @IsIn(CAPABILITIES as unknown as string[], { message: `capability must be one of ${CAPABILITIES.join(', ')}` })
  capability?: Capability;

  @ApiPropertyOptional({ example: 'KH-14' })
  @IsOptional()
  @IsString()
  @IsProvinceCode()
  province?: string;

  @ApiPropertyOptional({ example: 'aquaculture' })
  @IsOptional()
  @IsString()
  @Matches(CATALOG_CODE_PATTERN, { message: 'valueChain must be a value chain code' })
  valueChain?: string;

  @ApiPropertyOptional({ description: 'Part of the name', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** Trade record, kept from the figures the trade part of listings publishes. */
export class OrganizationReputationDto {
  @ApiProperty({ description: 'Deals completed, as buyer or seller' })
  completedDeals: number;

  @ApiProperty({ description: 'Reviews received' })
  ratedDeals: number;

  @ApiProperty({ type: Number, nullable: true, example: 4.5, description: 'Average rating received, 1 to 5; null until rated' })
  averageRating: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 0.9, description: 'Share of its sales delivered by the agreed date, 0 to 1 (a deal cancelled by the timer for want of delivery counts as late)' })
  onTimeShare: number | null;

  @ApiProperty({ example: 0, description: 'Disputes settled against it: as seller, a delivery cancelled or lowered; as buyer, a disputed delivery that stood' })
  disputesLost: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.92,
    description: 'Share of the offers, quotes and first messages asked of it in the last 90 days that it answered, 0 to 1; null with fewer than 3',
  })
  responseRate: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 95, description: 'Median minutes to its first answer over the same requests; null likewise, or when it answered none' })
  medianResponseMinutes: number | null;

  @ApiProperty({ example: '/api/v1/organizations/3f0c.../reviews', description: 'Its latest reviews' })
  reviewsUrl: string;
}

/** The public profile: what anyone may see. No member names, phone numbers or emails. */
export class OrganizationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  kind: OrganizationKind;

  @ApiProperty({ enum: CAPABILITIES, isArray: true })
  capabilities: Capability[];

  @ApiProperty({ example: 'KH-14' })
  provinceCode: string;

  @ApiProperty({ type: String, nullable: true })
  district: string | null;

  @ApiProperty({ type: LocationDto, nullable: true })
  location: LocationDto | null;

  @ApiProperty({ type: [String] })
  valueChains: string[];

  @ApiProperty({ type: String, nullable: true, description: "The organization's public contact number" })
  phone: string | null;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ description: 'Verified by a platform administrator (a trust badge)' })
  verified: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  verifiedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: PhotoDto, nullable: true })
  logo: PhotoDto | null;

  @ApiProperty({ type: [PhotoDto], description: 'Of the farm, kiln or shop, in order (at most 8)' })
  photos: PhotoDto[];

  @ApiPropertyOptional({ type: OrganizationReputationDto, description: 'On GET /organizations/:id' })
  reputation?: OrganizationReputationDto;

  static from(o: Organization, photos: OwnerPhotos = { logo: null, photos: [] }): OrganizationDto {
    return {
      id: o.id,
      name: o.name,
      kind: o.kind,
      capabilities: o.capabilities,
      provinceCode: o.provinceCode,
      district: o.district,
      location: o.lat === null || o.lng === null ? null : { lat: o.lat, lng: o.lng },
      valueChains: o.valueChains,
      phone: o.phone,
      description: o.description,
      verified: o.verifiedAt !== null,
      verifiedAt: o.verifiedAt?.toISOString() ?? null,
      logo: photos.logo,
      photos: photos.photos,
      createdAt: o.createdAt.toISOString(),
    };
  }
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationDto] })
  items: OrganizationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
