import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: '012 345 678', description: 'Phone number or email' })
  @IsString()
  @MinLength(1, { message: 'login must not be empty' })
  @MaxLength(254)
  login: string;

  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(512)
  password: string;
}
