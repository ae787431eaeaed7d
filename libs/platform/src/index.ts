export { Environment, InvalidEnvironmentError, validateEnvironment } from './config/environment';
export { dataSourceOptions, type DatabaseSettings, type SchemaParts } from './database/data-source-options';
export { EmbeddedPostgres, type EmbeddedPostgresOptions } from './database/embedded-postgres';
export { runMigrations } from './database/migrate';
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
export { configureApp, API_PREFIX } from './http/configure-app';
export { requestId } from './logging/logger-options';
export { CURRENCIES, type Currency, type Money, MONEY_AMOUNT_PATTERN, convertMoney, compareMoney, toCents, fromCents } from './money/money';
export { MoneyDto } from './money/money.dto';
export { decodeCursor, encodeCursor, toPage, type Page } from './pagination/cursor';
export { PageQuery, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination/page.query';
export { OutboxService } from './outbox/outbox.service';
export { JobQueueService } from './jobs/job-queue.service';
export { ScheduledJobsService } from './jobs/scheduled-jobs.service';
export { OutboxEvent } from './outbox/outbox-event.entity';
export type { DomainEvent, DomainEventHandler } from './outbox/domain-event';
export { CreateOutbox1764400000500 } from './outbox/migrations/1764400000500-create-outbox';
export { PlatformModule } from './platform.module';

import { EnableExtensions1764400000000 } from './database/migrations/1764400000000-enable-extensions';
import { CreateSeedRuns1764400000600 } from './database/migrations/1764400000600-create-seed-runs';
import { OutboxEvent } from './outbox/outbox-event.entity';
import { CreateOutbox1764400000500 } from './outbox/migrations/1764400000500-create-outbox';

export const platformEntities = [OutboxEvent];
export const platformMigrations = [EnableExtensions1764400000000, CreateOutbox1764400000500, CreateSeedRuns1764400000600];
export {
  IsCalendarDate,
  isCalendarDate,
  IsDateOrOffsetDateTime,
  IsOffsetDateTime,
  isUuid,
  OptionalNotNull,
  UUID_PATTERN,
} from './validation/validators';
