import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../../users/password-policy';
import { LOCALES, type Locale } from '../../users/user.entity';

export class RegisterDto {
  @ApiProperty({ example: 'Sokha Chan', maxLength: 120 })
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({
    example: '012 345 678',
    description: 'Any common spelling; stored as E.164 (Cambodia when no country code). Phone or email is required.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @ApiPropertyOptional({ example: 'sokha@example.com', description: 'Phone or email is required' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiProperty({ minLength: 8, maxLength: PASSWORD_MAX_LENGTH, description: 'At least 8 characters, not a common password' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 4)
  password: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'km' })
  @IsOptional()
  @IsIn(LOCALES as unknown as string[], { message: 'locale must be km or en' })
  locale?: Locale;
}
