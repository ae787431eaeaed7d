/**
 * One server under load, in its own process forked by bench/messaging.bench.ts:
 * - `app`: the real Psar app from createApp() (socket.io with the Postgres adapter, the
 *   gateway, MessagesService storing each message), on a database it seeds with the
 *   benchmark's users and conversations;
 * - `bare`: a bare socket.io server (same version, in-memory adapter) that acknowledges
 *   `message.send` and fans `message.created` out to the conversation's user rooms,
 *   storing nothing: the baseline.
 */
import 'reflect-metadata';
import { AccessTokenService } from '@psar/identity';
import { validateEnvironment } from '@psar/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/create-app';

export type MessagingServerRole = 'app' | 'bare';

export interface Plan {
  /** Conversations as lists of user indexes (0..users-1). */
  conversations: number[][];
  users: number;
}

export type ToMessagingServer = { type: 'setup'; plan: Plan } | { type: 'cpu' } | { type: 'count' } | { type: 'stop' };
export type FromMessagingServer =
  | { type: 'ready'; port: number }
  | { type: 'setup'; tokens: string[]; conversationIds: string[]; userIds: string[] }
  | { type: 'cpu'; usage: NodeJS.CpuUsage; elu: { idle: number; active: number } }
  | { type: 'count'; messages: number }
  | { type: 'failed'; message: string };

function send(message: FromMessagingServer): void {
  process.send?.(message);
}

interface Running {
  port: number;
  setup(plan: Plan): Promise<{ tokens: string[]; conversationIds: string[]; userIds: string[] }>;
  storedMessages(): Promise<number>;
  close(): Promise<void>;
}

async function startApp(): Promise<Running> {
  const env = validateEnvironment({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    NODE_ENV: 'production',
    OUTBOX_WORKER: 'false',
    LOG_PRETTY: 'false',
    JWT_SECRET: process.env.JWT_SECRET || randomBytes(32).toString('hex'),
    JWT_ACCESS_TTL_SECONDS: '3600',
    // The benchmark measures the server, not the per-socket limiter.
    REALTIME_EVENTS_PER_SECOND: '100000',
    REALTIME_EVENTS_BURST: '100000',
  });
  const app = await createApp(env);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const db = app.get(DataSource);
  return {
    port: (app.getHttpServer().address() as AddressInfo).port,
    async setup(plan) {
      const run = randomBytes(4).toString('hex');
      // Straight into the tables: 500 sign-ups would spend minutes hashing passwords.
      const users = (await db.query(
        `INSERT INTO users (name, email, password_hash)
         SELECT 'Bench user ' || i, 'bench-' || $2 || '-' || i || '@bench.psar.example', '$argon2id$bench-no-login'
         FROM generate_series(1, $1) AS i ORDER BY i RETURNING id`,
        [plan.users, run],
      )) as Array<{ id: string }>;
      const userIds = users.map((u) => u.id);
      const conversationIds: string[] = [];
      for (const members of plan.conversations) {
        const [row] = (await db.query("INSERT INTO conversations (subject) VALUES ('bench') RETURNING id")) as Array<{ id: string }>;
        await db.query('INSERT INTO conversation_participants (conversation_id, user_id) SELECT $1, unnest($2::uuid[])', [
          row!.id,
          members.map((i) => userIds[i]),
        ]);
        conversationIds.push(row!.id);
      }
      // One live session per user (its current refresh token), as a sign-in leaves: sockets check it.
      const sessions = (await db.query(
        `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
         SELECT u.id, gen_random_uuid(), md5(random()::text || u.id::text), now() + interval '1 day' FROM unnest($1::uuid[]) AS u (id)
         RETURNING user_id, family_id`,
        [userIds],
      )) as Array<{ user_id: string; family_id: string }>;
      const sessionOf = new Map(sessions.map((r) => [r.user_id, r.family_id]));
      const tokens = app.get(AccessTokenService);
      return { tokens: await Promise.all(userIds.map((id) => tokens.sign({ id, sessionId: sessionOf.get(id)! }))), conversationIds, userIds };
    },
    async storedMessages() {
      const [row] = (await db.query('SELECT count(*)::int AS n FROM messages')) as Array<{ n: number }>;
      return row!.n;
    },
    close: () => app.close(),
  };
}

async function startBare(): Promise<Running> {
  const http = createServer();
  const io = new Server(http, { path: '/socket.io', serveClient: false });
  const members = new Map<string, string[]>();
  let stored = 0;
  const nsp = io.of('/realtime');
  // The bare server's "token" is the user id itself: no verification, no database.
  nsp.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    if (typeof token !== 'string') return next(new Error('unauthorized'));
    socket.data.userId = token;
    next();
  });
  nsp.on('connection', (socket) => {
    void socket.join(`user:${socket.data.userId as string}`);
    socket.on('message.send', (payload: { conversationId: string; body: string; clientMessageId: string }, ack?: (m: unknown) => void) => {
      const rooms = (members.get(payload?.conversationId) ?? []).map((id) => `user:${id}`);
      if (rooms.length === 0) return ack?.({ error: { status: 404 } });
      stored += 1;
      const message = {
        id: randomUUID(),
        conversationId: payload.conversationId,
        seq: stored,
        senderId: socket.data.userId as string,
        body: payload.body,
        clientMessageId: payload.clientMessageId,
        createdAt: new Date().toISOString(),
      };
      ack?.(message);
      nsp.to(rooms).emit('message.created', { ...message, truncated: false });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    async setup(plan) {
      const userIds = Array.from({ length: plan.users }, () => randomUUID());
      const conversationIds = plan.conversations.map((list) => {
        const id = randomUUID();
        members.set(
          id,
          list.map((i) => userIds[i]!),
        );
        return id;
      });
      return { tokens: userIds, conversationIds, userIds };
    },
    storedMessages: async () => stored,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const role = process.argv[2] as MessagingServerRole;
  if (!process.send || (role !== 'app' && role !== 'bare')) throw new Error('run by bench/messaging.bench.ts, not directly');
  const server = role === 'app' ? await startApp() : await startBare();
  process.on('message', (message: ToMessagingServer) => {
    const fail = (error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    if (message.type === 'setup') {
      server.setup(message.plan).then((result) => send({ type: 'setup', ...result }), fail);
    } else if (message.type === 'cpu') {
      const { idle, active } = performance.eventLoopUtilization();
      send({ type: 'cpu', usage: process.cpuUsage(), elu: { idle, active } });
    } else if (message.type === 'count') {
      server.storedMessages().then((messages) => send({ type: 'count', messages }), fail);
    } else if (message.type === 'stop') {
      void server.close().then(
        () => process.disconnect(),
        (error: unknown) => {
          process.stderr.write(`bench ${role} server: close failed: ${String(error)}\n`);
          process.exitCode = 1;
          process.disconnect();
        },
      );
    }
  });
  send({ type: 'ready', port: server.port });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.stderr.write(`bench messaging server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
  process.disconnect?.();
});
