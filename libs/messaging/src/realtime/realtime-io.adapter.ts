import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { Environment } from '@psar/platform';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { Server, ServerOptions } from 'socket.io';
import { BatchingNotifyPool } from './batching-notify-pool';
import { RealtimeConnections } from './realtime-connections';

export const SOCKET_PATH = '/socket.io';

/**
 * socket.io on the app's own HTTP server (Fastify's underlying Node server), with the
 * Postgres adapter so an emit reaches sockets on every replica (LISTEN/NOTIFY).
 * createApp installs it: `app.useWebSocketAdapter(new RealtimeIoAdapter(app))`.
 */
export class RealtimeIoAdapter extends IoAdapter {
  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const env = this.app.get(Environment);
    const origins = env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
    const server = super.createIOServer(port, {
      ...options,
      path: SOCKET_PATH,
      serveClient: false,
      maxHttpBufferSize: env.REALTIME_MAX_PAYLOAD_BYTES,
      cors: { origin: origins, credentials: true },
    }) as Server;
    const connections = this.app.get(RealtimeConnections, { strict: false });
    server.adapter(
      createAdapter(new BatchingNotifyPool(connections.pool).asPool(), {
        errorHandler: (error) => connections.reportError(error),
      }),
    );
    return server;
  }
}
