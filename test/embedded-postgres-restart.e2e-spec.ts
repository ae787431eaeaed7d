import { freePort, pidsMatching as pids, startAppProcess as start, tempFolder, waitForOutput as waitFor } from './support/app-process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

// The embedded Postgres after the app was killed: `npm start` on the same folder serves again.
jest.setTimeout(600_000);

async function eventually(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function status(url: string): Promise<number> {
  return (await fetch(url)).status;
}

function kill(list: number[]): void {
  for (const pid of list) process.kill(pid, 'SIGKILL');
}


describe('an app that was killed', () => {
  let parent: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    parent = await tempFolder('psar-kill-');
    env = {
      EMBEDDED_PG_DIR: join(parent, 'postgres'),
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
      SEED_DEMO: 'false',
    };
  });

  afterAll(() => rm(parent, { recursive: true, force: true }));

  it('leaves no Postgres behind after kill -9, and the next start takes over one that was left anyway', async () => {
    const serverOf = () => pids(`bin/postgres -D ${env.EMBEDDED_PG_DIR} `);
    const first = start(env);
    await waitFor(first, 'listening at');
    expect(serverOf()).toHaveLength(1);

    // The watchdog stops the server once the app is gone.
    first.child.kill('SIGKILL');
    await first.exited;
    await eventually(() => serverOf().length === 0);

    const second = start(env);
    await waitFor(second, 'listening at');
    expect(await status(`http://127.0.0.1:${env.PORT}/health/ready`)).toBe(200);

    // Kill the watchdog too (as the OOM killer might take both): the server stays orphaned...
    kill(pids(`psar-postgres-watchdog [0-9]+ ${env.EMBEDDED_PG_DIR}$`));
    second.child.kill('SIGKILL');
    await second.exited;
    await new Promise((r) => setTimeout(r, 1000));
    const orphan = serverOf();
    expect(orphan).toHaveLength(1);

    // ...and the next start stops it, says so, and serves.
    const third = start(env);
    await waitFor(third, 'listening at');
    expect(third.output()).toContain(`stopping an embedded Postgres (pid ${orphan[0]}) left running on ${env.EMBEDDED_PG_DIR}`);
    expect(await status(`http://127.0.0.1:${env.PORT}/health/ready`)).toBe(200);

    // A second app on the same folder refuses in one line rather than stop the live one.
    const rival = start({ ...env, PORT: String(await freePort()) });
    expect(await rival.exited).toBe(1);
    // (In a folder the postgres user cannot reach, a line about the copied binaries comes first.)
    const lastLine = rival.output().trim().split('\n').at(-1);
    expect(lastLine).toMatch(/^psar: failed to start: The embedded Postgres in .* is in use by another Psar process \(pid \d+\)/);
    expect(rival.output()).not.toMatch(/^\s+at /m); // no stack trace

    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(serverOf()).toHaveLength(0);
  });
});

