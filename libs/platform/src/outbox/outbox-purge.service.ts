import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { deleteInBatches } from '../jobs/delete-in-batches';
import { ScheduledJobsService } from '../jobs/scheduled-jobs.service';

export const OUTBOX_PURGE_JOB = 'platform.outbox.purge';
/** Delivered events are kept this long for operators tracing what happened. */
export const OUTBOX_RETENTION_DAYS = 30;

/** Deletes delivered outbox events older than the retention; undelivered ones always stay. */
@Injectable()
export class OutboxPurgeService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: ScheduledJobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(OUTBOX_PURGE_JOB, '40 3 * * *', async () => {
      await this.purge();
    });
  }

  /** outbox_events_delivered_idx */
  purge(): Promise<number> {
    return deleteInBatches(this.dataSource, {
      table: 'outbox_events',
      where: 'delivered_at IS NOT NULL AND delivered_at < now() - make_interval(days => $1)',
      params: [OUTBOX_RETENTION_DAYS],
    });
  }
}
