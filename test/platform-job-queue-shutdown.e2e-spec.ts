import { JobQueueService } from '@psar/platform';
import { randomUUID } from 'node:crypto';
import { createTestApp } from './support/test-app';

/**
 * pg-boss 10 completes and fails a worked job without awaiting it, so those queries can come
 * after the app has closed the job pool. They must settle quietly: a rejection there has no
 * handler and fails whatever process it happens in (it failed a CI run in listings-matching).
 */
describe('the job queue after shutdown', () => {
  it('answers a late complete, fail or fetch with nothing done instead of throwing', async () => {
    const t = await createTestApp();
    const boss = t.app.get(JobQueueService).boss;
    await t.close();

    const id = randomUUID();
    await expect(boss.complete('late-queue', id)).resolves.toEqual({ jobs: [id], requested: 1, affected: 0 });
    await expect(boss.fail('late-queue', id, new Error('handler failed after shutdown'))).resolves.toEqual({ jobs: [id], requested: 1, affected: 0 });
    await expect(boss.fetch('late-queue')).resolves.toEqual([]);
  });
});
