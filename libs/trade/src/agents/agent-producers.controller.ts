import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, ListAgentProducersQuery, ParseUuidPipe, type AuthenticatedUser } from '@psar/identity';
import { ApiProblems, Page } from '@psar/platform';
import { AgentProducersService } from './agent-producers.service';
import { AgentProducerTradeDto, AgentProducerTradePageDto } from './dto/agent-producer-trade.dto';

/** Beside identity's POST/DELETE /agents/:agentOrgId/producers: the list, with the deals that only trade knows. */
@ApiTags('agents')
@Authenticated()
@Controller('agents')
export class AgentProducersController {
  constructor(private readonly producers: AgentProducersService) {}

  @Get(':agentOrgId/producers')
  @ApiOperation({
    summary: "The producers an agent serves, newest first: mandate status, consent, and the deals and volumes the agent brought them (the agent's owners and managers)",
  })
  @ApiOkResponse({ type: AgentProducerTradePageDto })
  @ApiProblems(400, 403, 404)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('agentOrgId', ParseUuidPipe) agentOrgId: string,
    @Query() query: ListAgentProducersQuery,
  ): Promise<Page<AgentProducerTradeDto>> {
    return this.producers.list(user.id, agentOrgId, query);
  }
}
