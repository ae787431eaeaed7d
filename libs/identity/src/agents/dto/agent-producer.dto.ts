import { ApiProperty } from '@nestjs/swagger';
import { PageQuery } from '@psar/platform';

export const MANDATE_STATUSES = ['pending', 'active', 'withdrawn', 'ended'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];

/** A producer an agent serves (or asked to serve), as the agent's managers see them. */
export class AgentProducerDto {
  @ApiProperty({ format: 'uuid' })
  mandateId: string;

  @ApiProperty({ format: 'uuid', description: "The producer's organization: act for it with this id" })
  producerOrganizationId: string;

  @ApiProperty({ description: "The producer's organization's name" })
  organizationName: string;

  @ApiProperty({ description: "The producer's own name" })
  name: string;

  @ApiProperty({ example: '+85512345678' })
  phone: string;

  @ApiProperty({ example: 'KH-14' })
  provinceCode: string;

  @ApiProperty({
    enum: MANDATE_STATUSES,
    description: 'pending: waiting for the SMS reply; active: consented; withdrawn: by the producer; ended: by the agent',
  })
  status: MandateStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  registeredAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  consentedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was withdrawn or ended' })
  endedAt: string | null;
}

export class RegisteredProducerDto extends AgentProducerDto {
  @ApiProperty({ description: 'The code the producer replies with (YES <code>)', example: '4821' })
  consentCode: string;

  @ApiProperty({ enum: ['queued', 'unavailable'], description: 'unavailable: no SMS gateway is configured, so no consent request went out' })
  consentSms: 'queued' | 'unavailable';
}

export class ListAgentProducersQuery extends PageQuery {}
