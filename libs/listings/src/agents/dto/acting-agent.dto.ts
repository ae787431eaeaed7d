import { ApiProperty } from '@nestjs/swagger';

/** The agent who acted for the seller (a village agent, a cooperative), with the producer's consent. */
export class ActingAgentDto {
  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty()
  name: string;
}

/** `agent` of a row from its agent_organization_id and the names looked up for it. */
export function actingAgent(agentOrganizationId: string | null | undefined, names: { get(id: string): { name: string } | string | undefined }): ActingAgentDto | null {
  if (!agentOrganizationId) return null;
  const found = names.get(agentOrganizationId);
  return { organizationId: agentOrganizationId, name: (typeof found === 'string' ? found : found?.name) ?? '' };
}
