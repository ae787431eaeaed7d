import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { bearer, registerUser, RegisteredUser, TEST_PASSWORD } from './support/identity';
import { connectSocket, listen, quietFor, refusedConnection } from './support/messaging';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Logout (and a replayed refresh token) ends a session everywhere: two apps on one
 * database, as two replicas, hear the revocation through Postgres NOTIFY.
 */
describe('identity: a revoked session is refused on every replica', () => {
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;
  const sockets: Socket[] = [];
  const connect = async (url: string, token: string) => {
    const socket = await connectSocket(url, token);
    sockets.push(socket);
    return socket;
  };
  const closed = (socket: Socket) => new Promise<number>((resolve) => socket.once('disconnect', () => resolve(Date.now())));
  const me = (t: TestApp, token: string) => t.http().get('/api/v1/me').set(...bearer(token));
  const login = async (t: TestApp, user: RegisteredUser) =>
    (await t.http().post('/api/v1/auth/login').send({ login: user.email, password: TEST_PASSWORD }).expect(200)).body as {
      accessToken: string;
      refreshToken: string;
    };

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ OUTBOX_WORKER: 'false' }, { database: a.db });
    [urlA, urlB] = [await listen(a.app), await listen(b.app)];
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await b.close({ keepDatabase: true });
    await a.close();
  });

  it('after logout on B, the access token gets 401 on A and B and its sockets on both close; other sessions live on', async () => {
    const user = await registerUser(a.http);
    const other = await login(a, user);
    // Both replicas have seen the session live (and cached it).
    await me(a, user.accessToken).expect(200);
    await me(b, user.accessToken).expect(200);
    const [onA, onB, otherOnA] = await Promise.all([connect(urlA, user.accessToken), connect(urlB, user.accessToken), connect(urlA, other.accessToken)]);
    const [closedA, closedB] = [closed(onA), closed(onB)];
    await quietFor(200);

    const loggedOut = Date.now();
    await b.http().post('/api/v1/auth/logout').set(...bearer(user.accessToken)).expect(204);
    // On the replica that logged out: the very next request.
    expectProblem(await me(b, user.accessToken), 401);
    // On the other: as soon as its NOTIFY arrives (milliseconds; polled every 20 ms).
    await eventually(async () => expectProblem(await me(a, user.accessToken), 401), 2000, 20);
    for (const at of await Promise.all([closedA, closedB])) expect(at - loggedOut).toBeLessThan(3000);
    expect(onA.connected || onB.connected).toBe(false);

    expect((await refusedConnection(urlA, user.accessToken)).message).toBe('unauthorized');
    expectProblem(await a.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }), 401);
    // The user's other session (another phone) is untouched.
    await me(a, other.accessToken).expect(200);
    await me(b, other.accessToken).expect(200);
    expect(otherOnA.connected).toBe(true);
  });

  it('a replayed refresh token on A revokes the session: its newest access token gets 401 on B and its socket on B closes', async () => {
    const user = await registerUser(b.http);
    const rotated = (await a.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200)).body;
    await me(b, rotated.accessToken).expect(200);
    const onB = await connect(urlB, rotated.accessToken);
    const closedB = closed(onB);

    expectProblem(await a.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }), 401);
    await eventually(async () => expectProblem(await me(b, rotated.accessToken), 401), 2000, 20);
    await closedB;
    expectProblem(await me(a, user.accessToken), 401);
  });

  it('a replica that stopped hearing revocations checks every request, and closes the sockets it missed once it hears again', async () => {
    const user = await registerUser(a.http);
    await me(a, user.accessToken).expect(200);
    const onA = await connect(urlA, user.accessToken);
    const closedA = closed(onA);

    // Cut every listening connection of this database (both replicas'): A misses the NOTIFY.
    const db = a.app.get(DataSource);
    const [cut] = await db.query(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'psar-sessions'`,
    );
    expect(cut.n).toBe(2);
    await quietFor(100);
    await b.http().post('/api/v1/auth/logout').set(...bearer(user.accessToken)).expect(204);

    // Nothing is trusted from the cache meanwhile.
    expectProblem(await me(a, user.accessToken), 401);
    // A reconnects within a second and checks the sessions of its open sockets.
    await closedA;
    await eventually(async () => {
      const [row] = await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'psar-sessions'`,
      );
      expect(row.n).toBe(2);
    }, 5000);
    const again = await registerUser(a.http);
    await me(b, again.accessToken).expect(200);
  });
});
