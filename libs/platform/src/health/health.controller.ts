import { Controller, Get, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Environment } from '../config/environment';
import { ProblemException } from '../errors/problem';
import { ReadReplicas } from '../database/read-replicas.service';
import { OutboxBacklogService } from '../outbox/outbox-backlog.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly backlog: OutboxBacklogService,
    private readonly env: Environment,
    private readonly replicas: ReadReplicas,
  ) {}

  /** The process is up; says nothing of its dependencies, so a slow database never restarts it. */
  @Get('live')
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({
    description:
      '`status` is `degraded` (still 200: the process serves) when the oldest undelivered outbox event has waited ' +
      'longer than OUTBOX_BACKLOG_DEGRADED_SECONDS; `info.outbox` has the waiting count and the oldest age. ' +
      'With DATABASE_REPLICA_URLS, `info.readReplicas` has each replica\'s state and lag (a replica skipped leaves the process ready).',
  })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  async ready() {
    let degraded = false;
    try {
      const result = await this.health.check([
        () => this.db.pingCheck('database', { timeout: 2000 }),
        async (): Promise<HealthIndicatorResult> => {
          // A backlog slows notifications; it is no reason to take the replica out of the load balancer.
          const backlog = await this.backlog.read().catch(() => null);
          if (!backlog) return { outbox: { status: 'up', state: 'unknown' } };
          degraded = backlog.oldestAgeSeconds > this.env.OUTBOX_BACKLOG_DEGRADED_SECONDS;
          return { outbox: { status: 'up', state: degraded ? 'degraded' : 'ok', ...backlog, boundSeconds: this.env.OUTBOX_BACKLOG_DEGRADED_SECONDS } };
        },
        // Reads go to the primary while no replica is healthy: informative, never "down".
        ...(this.replicas.configured ? [async (): Promise<HealthIndicatorResult> => ({ readReplicas: { status: 'up', replicas: this.replicas.status() } })] : []),
      ]);
      return degraded ? { ...result, status: 'degraded' } : result;
    } catch (error) {
      // Terminus' body names what is down, but the problem filter keeps only the message.
      if (error instanceof ServiceUnavailableException) {
        throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'unavailable', 'Not ready: the database is down');
      }
      throw error;
    }
  }
}
