import { ApiProperty } from '@nestjs/swagger';
import { AgentProducerDto } from '@psar/identity';
import { MoneyDto } from '@psar/platform';

/** What an agent's deals for one producer came to, per product and currency. */
export class AgentVolumeDto {
  @ApiProperty({ example: 'clay_roof_tile' })
  productCode: string;

  @ApiProperty({ example: 'piece' })
  unit: string;

  @ApiProperty({ example: '20000', description: 'Sum of the deals’ quantities' })
  quantity: string;

  @ApiProperty({ type: MoneyDto, description: 'Sum of quantity × unit price' })
  value: MoneyDto;

  @ApiProperty({ description: 'Deals behind these figures' })
  deals: number;
}

export class AgentProducerTradeDto extends AgentProducerDto {
  @ApiProperty({ description: 'Deals (not cancelled) this agent brought the producer: quoted, or ordered from a listing it posted' })
  deals: number;

  @ApiProperty({ type: [AgentVolumeDto] })
  volumes: AgentVolumeDto[];
}

export class AgentProducerTradePageDto {
  @ApiProperty({ type: [AgentProducerTradeDto] })
  items: AgentProducerTradeDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
