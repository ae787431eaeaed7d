import { Client } from 'pg';
import { freePort, startAppProcess, waitForOutput } from './support/app-process';
import { TEST_PASSWORD } from './support/identity';
import { createTestDatabase, TestDatabase } from './support/test-app';

// Secrets never leave through logs: run the real process at the most verbose level through
// a whole session, then look for every password, token and hash in what it wrote.
jest.setTimeout(120_000);

describe('identity secrets in logs', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.drop());

  it('writes no password, token or hash to the log at trace level', async () => {
    const port = await freePort();
    const app = startAppProcess({ DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: 'trace', MIGRATIONS_RUN: 'false' });
    try {
      await waitForOutput(app, 'listening at');
      const base = `http://127.0.0.1:${port}/api/v1`;
      const post = async (path: string, body: unknown, token?: string) =>
        fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });

      const registered = (await (await post('/auth/register', { name: 'Sok Dara', email: 'dara@logs.psar.example', password: TEST_PASSWORD })).json()) as {
        accessToken: string;
        refreshToken: string;
      };
      const loggedIn = (await (await post('/auth/login', { login: 'dara@logs.psar.example', password: TEST_PASSWORD })).json()) as { refreshToken: string };
      const refreshed = (await (await post('/auth/refresh', { refreshToken: loggedIn.refreshToken })).json()) as { refreshToken: string };
      expect((await post('/auth/refresh', { refreshToken: loggedIn.refreshToken })).status).toBe(401); // a replay
      expect((await post('/auth/login', { login: 'dara@logs.psar.example', password: 'wrong password 99' })).status).toBe(401);
      expect((await fetch(`${base}/me`, { headers: { authorization: `Bearer ${registered.accessToken}` } })).status).toBe(200);
      await post('/auth/logout', { refreshToken: refreshed.refreshToken }, registered.accessToken);

      const client = new Client({ connectionString: db.url });
      await client.connect();
      const hashes = [
        ...(await client.query('SELECT password_hash AS h FROM users')).rows,
        ...(await client.query('SELECT token_hash AS h FROM refresh_tokens')).rows,
      ].map((r: { h: string }) => r.h);
      await client.end();
      expect(hashes.length).toBeGreaterThanOrEqual(4);

      const log = app.output();
      expect(log).toContain('/api/v1/auth/login'); // the requests were logged at all
      const secrets = [TEST_PASSWORD, 'wrong password 99', registered.accessToken, registered.refreshToken, loggedIn.refreshToken, refreshed.refreshToken, ...hashes];
      for (const secret of secrets) expect(log.includes(secret)).toBe(false);
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  });
});
