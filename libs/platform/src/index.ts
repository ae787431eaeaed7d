export { Clock } from './clock/clock';
export { Environment, InvalidEnvironmentError, validateEnvironment } from './config/environment';
export { dataSourceOptions, type DatabaseSettings, type SchemaParts } from './database/data-source-options';
export { EmbeddedPostgres, EmbeddedPostgresError, type EmbeddedPostgresOptions } from './database/embedded-postgres';
export { runMigrations } from './database/migrate';
export { ReadReplicas, type ReadOptions, type Reader, type ReplicaState, type ReplicaStatus } from './database/read-replicas.service';
export { DatabaseOutageLog } from './database/outage-log';
export { isConnectionLoss } from './errors/connection-loss';
export { seedOnce, type Seeder } from './database/seed';
export { EnableExtensions1764400000000 } from './database/migrations/1764400000000-enable-extensions';
export { CreateSeedRuns1764400000600 } from './database/migrations/1764400000600-create-seed-runs';
export { FieldError, ProblemDetails, ProblemException, ValidationProblem, PROBLEM_CONTENT_TYPE, problemType } from './errors/problem';
export { ProblemDetailsFilter } from './errors/problem-details.filter';
export { ApiProblems } from './errors/api-problems.decorator';
export { createValidationPipe, flattenValidationErrors } from './errors/validation-pipe';
export { toProblem } from './errors/to-problem';
export {
  constraintProblem,
  isSerializationFailure,
  pgErrorOf,
  type PgError,
  retrySerializationFailures,
  type RetryOptions,
  sqlState,
  violatedConstraint,
} from './errors/postgres-errors';
export { configureApp, API_PREFIX } from './http/configure-app';
export { fastifyOptions } from './http/fastify-options';
export { appHelmetOptions, securityHeaders } from './http/security-headers';
export { MAX_JSON_DEPTH } from './http/json-depth';
export { requestId } from './logging/logger-options';
export { CURRENCIES, type Currency, type Money, MONEY_AMOUNT_PATTERN, convertMoney, compareMoney, toCents, fromCents } from './money/money';
export { MoneyDto } from './money/money.dto';
export { decodeCursor, decodeTimeKeyset, encodeCursor, isPgTimestamptzText, toPage, type Page } from './pagination/cursor';
export { PageQuery, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination/page.query';
export { OutboxService, type SubscribeOptions } from './outbox/outbox.service';
export { OutboxBacklogService, type OutboxBacklog } from './outbox/outbox-backlog.service';
export { JobQueueService } from './jobs/job-queue.service';
export { MetricsService, type PoolCounts } from './metrics/metrics.service';
export { ScheduledJobsService } from './jobs/scheduled-jobs.service';
export { deleteInBatches, type BatchedDelete } from './jobs/delete-in-batches';
export { JOB_ARCHIVE_PURGE_JOB, JOB_ARCHIVE_RETENTION_DAYS } from './jobs/job-archive-purge.service';
export { OUTBOX_PURGE_JOB, OUTBOX_RETENTION_DAYS } from './outbox/outbox-purge.service';
export { OutboxEvent } from './outbox/outbox-event.entity';
export type { DomainEvent, DomainEventBatchHandler, DomainEventHandler } from './outbox/domain-event';
export { CreateOutbox1764400000500 } from './outbox/migrations/1764400000500-create-outbox';
export { PlatformModule } from './platform.module';

import { EnableExtensions1764400000000 } from './database/migrations/1764400000000-enable-extensions';
import { CreateSeedRuns1764400000600 } from './database/migrations/1764400000600-create-seed-runs';
import { OutboxEvent } from './outbox/outbox-event.entity';
import { CreateOutbox1764400000500 } from './outbox/migrations/1764400000500-create-outbox';
import { IndexDeliveredOutboxEvents1796143679170 } from './outbox/migrations/1796143679170-index-delivered-outbox-events';

export const platformEntities = [OutboxEvent];
export const platformMigrations = [
  EnableExtensions1764400000000,
  CreateOutbox1764400000500,
  CreateSeedRuns1764400000600,
  IndexDeliveredOutboxEvents1796143679170,
];
export {
  IsCalendarDate,
  isCalendarDate,
  IsDateOrOffsetDateTime,
  IsOffsetDateTime,
  isUuid,
  OptionalNotNull,
  UUID_PATTERN,
} from './validation/validators';
export { NumberFromText, toWesternDigits, WesternDigits } from './validation/khmer-digits';
export { csvCell, csvDocument } from './csv/csv';
export { khmerWords, normalizeKhmer, searchableText, searchableTextOrNull } from './text/khmer-text';
export { SmsSender, type OutgoingSms } from './sms/sms-sender';
export { MailSender, type OutgoingMail } from './mail/mail-sender';
