import { Controller, Get, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ProblemException } from '../errors/problem';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  /** The process is up; says nothing of its dependencies, so a slow database never restarts it. */
  @Get('live')
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  async ready() {
    try {
      return await this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
    } catch (error) {
      // Terminus' body names what is down, but the problem filter keeps only the message.
      if (error instanceof ServiceUnavailableException) {
        throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'unavailable', 'Not ready: the database is down');
      }
      throw error;
    }
  }
}
