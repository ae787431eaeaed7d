import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyDto } from '@psar/platform';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { MAX_PLAN_METRES } from '../../fairs/dto/trade-fair.dto';
import { IsMetres, STALL_CODE } from '../../validation';
import { STALL_TYPES, type StallType } from '../fair-stall.entity';

/** One stall of the array POSTed to /trade-fairs/:id/stalls. */
export class CreateStallDto {
  @ApiProperty({ example: 'A-01', description: 'Unique in the fair: letters, digits, dot, dash, underscore (1–20)' })
  @IsString()
  @Matches(STALL_CODE, { message: 'code must be 1 to 20 letters, digits, dots, dashes or underscores, starting with a letter or digit' })
  code: string;

  @ApiPropertyOptional({ example: 'Clay and bricks', maxLength: 60 })
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'zone must not be empty' })
  @MaxLength(60)
  zone?: string;

  @ApiProperty({ example: 0, description: 'Metres from the left edge of the plan' })
  @IsDefinedNumber()
  x: number;

  @ApiProperty({ example: 0, description: 'Metres from the top edge of the plan' })
  @IsDefinedNumber()
  y: number;

  @ApiProperty({ example: 3, description: 'Metres, greater than 0' })
  @IsDefinedNumber({ positive: true })
  width: number;

  @ApiProperty({ example: 3, description: 'Metres, greater than 0' })
  @IsDefinedNumber({ positive: true })
  height: number;

  @ApiPropertyOptional({ enum: STALL_TYPES, default: 'standard' })
  @IsOptional()
  @IsIn(STALL_TYPES as unknown as string[], { message: `type must be one of ${STALL_TYPES.join(', ')}` })
  type?: StallType;

  @ApiProperty({ type: MoneyDto })
  @IsDefined({ message: 'price is required' })
  @ValidateNested()
  @Type(() => MoneyDto)
  price: MoneyDto;
}

function IsDefinedNumber(options: { positive?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    IsDefined({ message: ({ property }) => `${property} is required` }),
    IsMetres(0, MAX_PLAN_METRES, { exclusiveMin: options.positive }),
  );
}
