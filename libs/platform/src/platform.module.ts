import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { Clock } from './clock/clock';
import { Environment } from './config/environment';
import { ApiPoolWatch } from './database/api-pool-watch';
import { ReadReplicas } from './database/read-replicas.service';
import { RecentWritesInterceptor } from './database/recent-writes.interceptor';
import { dataSourceOptions, SchemaParts } from './database/data-source-options';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { HealthController } from './health/health.controller';
import { loggerOptions } from './logging/logger-options';
import { MailSender } from './mail/mail-sender';
import { DatabaseMetrics } from './metrics/database-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { JobQueueService } from './jobs/job-queue.service';
import { ScheduledJobsService } from './jobs/scheduled-jobs.service';
import { JobArchivePurgeService } from './jobs/job-archive-purge.service';
import { OutboxPurgeService } from './outbox/outbox-purge.service';
import { OutboxBacklogService } from './outbox/outbox-backlog.service';
import { OutboxService } from './outbox/outbox.service';

/**
 * Config, logging, the database, errors, health, metrics and the outbox: what every module uses.
 * `env` is validated before the app is built (see main.ts) so a bad variable never gets
 * as far as Nest.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(env: Environment, schema: SchemaParts): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ ...env })] }),
        LoggerModule.forRoot(loggerOptions(env)),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(
            {
              url: env.DATABASE_URL!,
              poolSize: env.DB_POOL_SIZE,
              connectionTimeoutMs: env.DB_CONNECTION_TIMEOUT_MS,
              statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
            },
            schema,
          ),
          // Migrations run before the app is built (main.ts), so replicas never race here.
          migrationsRun: false,
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: Environment, useValue: env },
        Clock,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Only with replicas: with none there is nothing to route, and an interceptor on every request costs.
        ...(env.DATABASE_REPLICA_URLS ? [{ provide: APP_INTERCEPTOR, useClass: RecentWritesInterceptor }] : []),
        ApiPoolWatch,
        ReadReplicas,
        JobQueueService,
        OutboxService,
        OutboxBacklogService,
        ScheduledJobsService,
        OutboxPurgeService,
        JobArchivePurgeService,
        MetricsService,
        DatabaseMetrics,
        MailSender,
      ],
      exports: [Environment, Clock, ReadReplicas, MailSender, JobQueueService, OutboxService, OutboxBacklogService, ScheduledJobsService, MetricsService],
    };
  }
}
