import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { io, Socket } from 'socket.io-client';
import TestAgent from 'supertest/lib/agent';
import { bearer } from './identity';

type Http = () => TestAgent;

/** Starts the app on a free port of 127.0.0.1 (sockets need a real listener); returns its base URL. */
export async function listen(app: NestFastifyApplication): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

export interface SocketOptions {
  transports?: Array<'websocket' | 'polling'>;
}

function open(baseUrl: string, token: string | undefined, options: SocketOptions = {}): Socket {
  return io(`${baseUrl}/realtime`, {
    path: '/socket.io',
    auth: token === undefined ? {} : { token },
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5000,
  });
}

/** A connected socket of the token's user on the /realtime namespace. */
export async function connectSocket(baseUrl: string, token: string, options?: SocketOptions): Promise<Socket> {
  const socket = open(baseUrl, token, options);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/** The connect_error of a socket that must be refused (throws if it connects). */
export async function refusedConnection(baseUrl: string, token: string | undefined): Promise<Error & { data?: Record<string, unknown> }> {
  const socket = open(baseUrl, token);
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('the socket connected')));
      socket.once('connect_error', (error) => resolve(error as Error & { data?: Record<string, unknown> }));
    });
  } finally {
    socket.close();
  }
}

/** Every `event` the socket receives from now on. */
export function record<T = any>(socket: Socket, event: string): T[] {
  const received: T[] = [];
  socket.on(event, (payload: T) => received.push(payload));
  return received;
}

/** The next `event` matching `match`, or a rejection after `timeoutMs`. */
export function nextEvent<T = any>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Emits with an acknowledgement and returns it. */
export function emitWithAck<T = any>(socket: Socket, event: string, payload: unknown, timeoutMs = 5000): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

export async function startConversation(http: Http, token: string, body: Record<string, unknown>): Promise<{ id: string } & Record<string, any>> {
  const res = await http().post('/api/v1/conversations').set(...bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`start conversation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

let counter = 0;
export function clientMessageId(): string {
  counter += 1;
  return `cm-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export async function sendMessage(http: Http, token: string, conversationId: string, body: string): Promise<Record<string, any>> {
  const res = await http()
    .post(`/api/v1/conversations/${conversationId}/messages`)
    .set(...bearer(token))
    .send({ body, clientMessageId: clientMessageId() });
  if (res.status !== 201) throw new Error(`send failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Sends a message through `http` and waits up to 1.5 s for `to` to get it: that a message
 * sent through one API process reaches a socket on another (the socket.io adapter's LISTEN).
 */
export async function messageReaches(http: Http, token: string, conversationId: string, to: Socket): Promise<void> {
  const body = `crossing ${clientMessageId()}`;
  const received = nextEvent(to, 'message.created', (m: { body: string }) => m.body === body, 1500);
  await sendMessage(http, token, conversationId, body);
  await received;
}

/** Resolves after `ms`: to show that something did not arrive. */
export function quietFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
