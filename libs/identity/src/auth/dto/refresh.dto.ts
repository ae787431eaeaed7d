import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from register, login or the previous refresh' })
  @IsString()
  @MaxLength(256)
  refreshToken: string;
}
