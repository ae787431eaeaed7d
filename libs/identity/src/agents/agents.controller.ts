import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@psar/platform';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ParseUuidPipe } from '../http/parse-uuid.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { AgentMandatesService, PENDING_MANDATES_PER_AGENT } from './agent-mandates.service';
import { RegisteredProducerDto } from './dto/agent-producer.dto';
import { RegisterProducerDto } from './dto/register-producer.dto';

/** An agent's producers; the list with their deals is served by listings (GET /agents/:agentOrgId/producers). */
@ApiTags('agents')
@Authenticated()
@Controller('agents')
export class AgentsController {
  constructor(private readonly mandates: AgentMandatesService) {}

  @Post(':agentOrgId/producers')
  @Idempotent()
  @ApiOperation({
    summary: 'Register a producer by phone (owners and managers of a firm or cooperative acting as agent)',
    description:
      'Finds or creates the producer (no password) and their selling organization, and a pending mandate; the producer gets an SMS ' +
      '"<agent> wants to sell for you on Psar. Reply YES <code> to agree." Until they reply, the agent cannot act for them (403 no-consent). At most ' +
      `${PENDING_MANDATES_PER_AGENT} requests of one agent wait for an answer at a time (429 too-many-pending).`,
  })
  @ApiCreatedResponse({ type: RegisteredProducerDto })
  @ApiProblems(400, 403, 404, 422, 429)
  register(
    @CurrentUser() user: AuthenticatedUser,
    @Param('agentOrgId', ParseUuidPipe) agentOrgId: string,
    @Body() dto: RegisterProducerDto,
  ): Promise<RegisteredProducerDto> {
    return this.mandates.register(user.id, agentOrgId, dto);
  }

  @Delete(':agentOrgId/producers/:producerOrgId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "End the agent's mandate over a producer (owners and managers of the agent)" })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404)
  async end(
    @CurrentUser() user: AuthenticatedUser,
    @Param('agentOrgId', ParseUuidPipe) agentOrgId: string,
    @Param('producerOrgId', ParseUuidPipe) producerOrgId: string,
  ): Promise<void> {
    await this.mandates.endByAgent(user.id, agentOrgId, producerOrgId);
  }
}
