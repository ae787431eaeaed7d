import { ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalNotNull } from '@psar/platform';
import { MAX_PLAN_METRES } from '../../fairs/dto/trade-fair.dto';
import { IsMetres } from '../../validation';

/** PATCH /trade-fairs/:id/stalls/:stallId: the stall's new place or size; what is left out stays. */
export class MoveStallDto {
  @ApiPropertyOptional({ example: 3, description: 'Metres from the left edge of the plan' })
  @OptionalNotNull()
  @IsMetres(0, MAX_PLAN_METRES)
  x?: number;

  @ApiPropertyOptional({ example: 0, description: 'Metres from the top edge of the plan' })
  @OptionalNotNull()
  @IsMetres(0, MAX_PLAN_METRES)
  y?: number;

  @ApiPropertyOptional({ example: 3, description: 'Metres, greater than 0' })
  @OptionalNotNull()
  @IsMetres(0, MAX_PLAN_METRES, { exclusiveMin: true })
  width?: number;

  @ApiPropertyOptional({ example: 3, description: 'Metres, greater than 0' })
  @OptionalNotNull()
  @IsMetres(0, MAX_PLAN_METRES, { exclusiveMin: true })
  height?: number;
}
