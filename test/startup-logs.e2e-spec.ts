import { freePort, startAppProcess, waitForOutput } from './support/app-process';
import { createTestDatabase, TestDatabase } from './support/test-app';

// What `npm start` prints at the default level: the few lines a newcomer needs, not Nest's
// line per module and route, which stay available at debug.
jest.setTimeout(120_000);

async function startupOutput(db: TestDatabase, logLevel: string): Promise<string> {
  const app = startAppProcess({ DATABASE_URL: db.url, PORT: String(await freePort()), LOG_LEVEL: logLevel, MIGRATIONS_RUN: 'false' });
  try {
    await waitForOutput(app, 'listening at');
    return app.output();
  } finally {
    app.child.kill('SIGTERM');
    await app.exited;
  }
}

describe('start-up logs', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.drop());

  it('prints a few lines at info, without route mapping', async () => {
    const output = await startupOutput(db, 'info');
    const lines = output.trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(output).toContain('psar: listening at http://localhost:');
    expect(output).not.toMatch(/Mapped \{|RoutesResolver|RouterExplorer|InstanceLoader|NestFactory|NestApplication/);
  });

  it('logs API requests, not health probes or metrics scrapes', async () => {
    const port = await freePort();
    const app = startAppProcess({ DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: 'info', MIGRATIONS_RUN: 'false', METRICS_TOKEN: 'm'.repeat(40) });
    try {
      await waitForOutput(app, 'listening at');
      for (const path of ['/health/live', '/health/ready', '/metrics', '/api/v1/provinces']) await fetch(`http://127.0.0.1:${port}${path}`);
      await waitForOutput(app, '"url":"/api/v1/provinces"');
      const logged = [...app.output().matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]);
      expect(logged).toEqual(['/api/v1/provinces']);
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  });

  it('keeps route mapping at debug', async () => {
    const output = await startupOutput(db, 'debug');
    expect(output).toMatch(/Mapped \{\/api\/v1\/auth\/login, POST\} route/);
    expect(output).toContain('"level":20');
  });
});
