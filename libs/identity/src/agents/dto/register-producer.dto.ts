import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { LOCALES, type Locale } from '../../users/user.entity';

export class RegisterProducerDto {
  @ApiProperty({ example: '012 345 678', description: "The producer's own mobile number; the consent request is sent to it by SMS" })
  @IsString()
  @MaxLength(32)
  phone: string;

  @ApiProperty({ example: 'Chan Sokha', maxLength: 120, description: "The producer's name (kept as is if the number already has an account)" })
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(120)
  name: string;

  @ApiProperty({ example: 'KH-14', description: "Province of the producer's organization, when one is created for them" })
  @IsString()
  @MaxLength(16)
  provinceCode: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'km', description: 'Language of the SMS, for a number with no account yet' })
  @IsOptional()
  @IsIn(LOCALES as unknown as string[], { message: 'locale must be km or en' })
  locale?: Locale;
}
