import { ApiProperty } from '@nestjs/swagger';
import type { Province } from '../province.entity';

export class CentroidDto {
  @ApiProperty({ example: 11.556 })
  lat: number;

  @ApiProperty({ example: 104.928 })
  lng: number;
}

export class ProvinceDto {
  @ApiProperty({ description: 'ISO 3166-2:KH code', example: 'KH-12' })
  code: string;

  @ApiProperty({ example: 'Phnom Penh' })
  nameEn: string;

  @ApiProperty({ example: 'រាជធានីភ្នំពេញ' })
  nameKm: string;

  @ApiProperty({ type: CentroidDto, description: 'Approximate geographic centre' })
  centroid: CentroidDto;

  static from(province: Province): ProvinceDto {
    return {
      code: province.code,
      nameEn: province.nameEn,
      nameKm: province.nameKm,
      centroid: { lat: province.lat, lng: province.lng },
    };
  }
}

export class ProvinceListDto {
  @ApiProperty({ type: [ProvinceDto] })
  items: ProvinceDto[];
}
