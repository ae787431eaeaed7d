import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '../../users/dto/user.dto';

export class TokenPairDto {
  @ApiProperty({ description: 'JWT for `Authorization: Bearer`; short-lived' })
  accessToken: string;

  @ApiProperty({ description: 'Exchange at POST /auth/refresh for a new pair; works once' })
  refreshToken: string;

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn: number;
}

export class SessionDto extends TokenPairDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;
}
