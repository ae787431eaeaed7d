import { ApiProperty } from '@nestjs/swagger';

/** Who posted it, as anyone may see. */
export class OrganizationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'Verified by a platform administrator' })
  verified: boolean;
}

export class PointDto {
  @ApiProperty({ example: 11.48 })
  lat: number;

  @ApiProperty({ example: 105.32 })
  lng: number;
}
