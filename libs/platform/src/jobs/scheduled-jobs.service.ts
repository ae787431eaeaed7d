import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobQueueService } from './job-queue.service';

interface ScheduledJob {
  name: string;
  cron: string;
  run: () => Promise<void>;
}

const NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/**
 * Periodic work (expiring listings, reminders, booking holds) on pg-boss cron: one run per
 * tick across all replicas. A job must be safe to run twice and to run late.
 * Modules call `register` in their onModuleInit.
 */
@Injectable()
export class ScheduledJobsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ScheduledJobsService.name);
  private readonly jobs = new Map<string, ScheduledJob>();

  constructor(private readonly queue: JobQueueService) {}

  register(name: string, cron: string, run: () => Promise<void>): void {
    if (!NAME.test(name)) throw new Error(`scheduled job: bad name "${name}"`);
    if (this.jobs.has(name)) throw new Error(`scheduled job: "${name}" registered twice`);
    this.jobs.set(name, { name, cron, run });
  }

  /** Runs a job at once in this process (tests, operators), outside its schedule. */
  async runNow(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`scheduled job: unknown "${name}"`);
    await job.run();
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = this.queue.boss;
    for (const job of this.jobs.values()) {
      await this.queue.createQueue({ name: job.name, policy: 'singleton', retryLimit: 3, retryDelay: 30, expireInMinutes: 15 });
      await boss.schedule(job.name, job.cron, {}, { tz: 'Asia/Phnom_Penh' });
      if (!this.queue.working) continue;
      await boss.work(job.name, { pollingIntervalSeconds: 5 }, async () => {
        const started = Date.now();
        await job.run();
        this.logger.log({ job: job.name, ms: Date.now() - started }, 'scheduled job done');
      });
    }
  }
}
