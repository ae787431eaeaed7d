import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { deleteInBatches } from './delete-in-batches';
import { ScheduledJobsService } from './scheduled-jobs.service';

export const JOB_ARCHIVE_PURGE_JOB = 'platform.job-archive.purge';
/**
 * pg-boss moves finished jobs to `pgboss.archive` and drops them itself after 7 days, in
 * one unbounded DELETE. Purging sooner, in batches, leaves its drop nothing to do.
 */
export const JOB_ARCHIVE_RETENTION_DAYS = 3;

@Injectable()
export class JobArchivePurgeService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: ScheduledJobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(JOB_ARCHIVE_PURGE_JOB, '50 * * * *', async () => {
      await this.purge();
    });
  }

  /** pg-boss's archive_i1 index (archived_on). */
  purge(): Promise<number> {
    return deleteInBatches(this.dataSource, {
      table: 'pgboss.archive',
      where: 'archived_on < now() - make_interval(days => $1)',
      params: [JOB_ARCHIVE_RETENTION_DAYS],
    });
  }
}
