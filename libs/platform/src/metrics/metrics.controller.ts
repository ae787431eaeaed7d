import { Controller, Get, Headers, HttpStatus, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Environment } from '../config/environment';
import { ProblemException } from '../errors/problem';
import { bearerTokenMatches } from './metrics-token';
import { MetricsService } from './metrics.service';

/**
 * GET /metrics for Prometheus, outside the API prefix and the OpenAPI document. Needs
 * `Authorization: Bearer <METRICS_TOKEN>`; with METRICS_TOKEN unset it does not exist (404).
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly env: Environment,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const token = this.env.METRICS_TOKEN;
    if (token === undefined) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'Cannot GET /metrics');
    if (!bearerTokenMatches(authorization, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Send Authorization: Bearer <METRICS_TOKEN>');
    }
    reply.header('content-type', this.metrics.registry.contentType).header('cache-control', 'no-store');
    return this.metrics.registry.metrics();
  }
}
