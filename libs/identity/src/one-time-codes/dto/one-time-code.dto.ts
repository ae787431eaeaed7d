import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../../users/password-policy';

export class RequestPasswordResetDto {
  @ApiPropertyOptional({ example: '012 345 678', description: 'The phone number of the account (a verified one gets the code by SMS). Phone or email is required.' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @ApiPropertyOptional({ example: 'sokha@example.com', description: 'The email of the account (gets the code by email)' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;
}

export class PasswordResetRequestedDto {
  @ApiProperty({ example: 10, description: 'How long a code works. The same answer whether or not an account has this phone or email.' })
  expiresInMinutes: number;
}

export class ConfirmPasswordResetDto extends RequestPasswordResetDto {
  @ApiProperty({ example: '042917', description: 'The 6-digit code received (Khmer digits accepted)' })
  @IsString()
  @MinLength(1, { message: 'code must not be empty' })
  @MaxLength(32)
  code: string;

  @ApiProperty({ minLength: 8, maxLength: PASSWORD_MAX_LENGTH, description: 'At least 8 characters, not a common password (as at sign-up)' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 4)
  newPassword: string;
}

export class ConfirmCodeDto {
  @ApiProperty({ example: '042917', description: 'The 6-digit code received by SMS (Khmer digits accepted)' })
  @IsString()
  @MinLength(1, { message: 'code must not be empty' })
  @MaxLength(32)
  code: string;
}

export class CodeSentDto {
  @ApiProperty({ example: 10, description: 'How long the code works' })
  expiresInMinutes: number;
}
