import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';

export const PHOTO_KINDS = ['photo', 'logo'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

export class PhotoUrlsDto {
  @ApiProperty({ example: '/api/v1/photos/6f1c…/320.webp', description: '320 px wide: a listing card' })
  '320': string;

  @ApiProperty({
    required: false,
    example: '/api/v1/photos/6f1c…/480.webp',
    description: '480 px wide at low quality (5 to 10 KB): a preview a page can carry inline. Missing on photos uploaded before previews were made',
  })
  '480'?: string;

  @ApiProperty({ example: '/api/v1/photos/6f1c…/800.webp' })
  '800': string;

  @ApiProperty({ example: '/api/v1/photos/6f1c…/1600.webp' })
  '1600': string;
}

/** A photo as clients see it: where to load each width, and what to draw until then. */
export class PhotoDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: PHOTO_KINDS })
  kind: PhotoKind;

  @ApiProperty({ example: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj', description: 'A BlurHash (https://blurha.sh) to draw while the image loads' })
  placeholder: string;

  @ApiProperty({ example: 1600, description: 'Of the largest variant; with height, the aspect ratio to reserve' })
  width: number;

  @ApiProperty({ example: 1200 })
  height: number;

  @ApiProperty({ type: PhotoUrlsDto, description: 'WebP at each width; immutable, cache for good (a new upload has a new URL)' })
  urls: PhotoUrlsDto;
}

export class PhotoListDto {
  @ApiProperty({ type: [PhotoDto], description: 'In order; the first is the cover' })
  photos: PhotoDto[];
}

export class ReorderPhotosDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Every photo of the owner, once each, in the new order' })
  @IsArray()
  @ArrayMaxSize(8)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  photoIds: string[];
}

/** Multipart upload, for the OpenAPI document. */
export class PhotoUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'JPEG, PNG, WebP or AVIF; checked by content' })
  file: unknown;
}
