import { Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { AccessTokenService, SessionsService, type AuthenticatedUser } from '@psar/identity';
import { Environment, flattenValidationErrors, isUuid, MetricsService, ProblemDetails, ProblemException, toProblem, ValidationProblem } from '@psar/platform';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Namespace, Socket } from 'socket.io';
import { SocketSendMessageDto } from '../conversations/dto/message.dto';
import { MessagesService } from '../conversations/messages.service';
import { sessionRoom, userRoom } from './realtime-events';
import { RealtimePublisher } from './realtime.publisher';
import { TokenBucket } from './token-bucket';

export const REALTIME_NAMESPACE = '/realtime';

// Clients send `typing` every few seconds while a person types; more is noise.
const TYPING_PER_SECOND = 1;
const TYPING_BURST = 3;
// Who else is in a conversation, kept per socket so typing does not query on every keystroke.
const PARTICIPANTS_CACHE_MS = 30_000;
// setTimeout's ceiling (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

interface SocketData {
  user: AuthenticatedUser;
  /** When the access token expires (ms since the epoch): the socket is closed then. */
  expiresAt: number;
  sends: TokenBucket;
  typing: TokenBucket;
  participants: Map<string, { others: string[]; until: number }>;
}

type RealtimeSocket = Socket<Record<string, (...args: any[]) => void>, Record<string, (...args: any[]) => void>, Record<string, never>, SocketData>;

/** What `message.send` acknowledges with when it fails: a problem+json body, as REST answers. */
export interface SocketError {
  error: ProblemDetails;
}

/**
 * socket.io at /socket.io, namespace /realtime. A connection needs a valid access token in
 * `auth: {token}`; its socket joins its user's room, so it receives what is emitted to
 * that user on any replica, and nothing else. Handlers never throw at the client: a
 * failed `message.send` is acknowledged with `{error}`.
 */
@WebSocketGateway({ namespace: REALTIME_NAMESPACE })
export class RealtimeGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<RealtimeSocket> {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(
    private readonly tokens: AccessTokenService,
    private readonly messages: MessagesService,
    private readonly publisher: RealtimePublisher,
    private readonly sessions: SessionsService,
    private readonly env: Environment,
    private readonly metrics: MetricsService,
  ) {}

  afterInit(namespace: Namespace): void {
    this.publisher.attach(namespace);
    // Every replica hears a revocation (Postgres NOTIFY) and closes its own sockets of that session.
    this.sessions.onRevoked((sessionId) => namespace.local.in(sessionRoom(sessionId)).disconnectSockets(true));
    this.sessions.onListening(() => void this.closeRevokedSockets(namespace));
    this.metrics.gauge('psar_realtime_sockets_open', `Sockets connected to ${REALTIME_NAMESPACE} on this process`, () => namespace.sockets.size);
    // Refused before the connection exists: the client gets connect_error, never a socket.
    namespace.use((socket, next) => {
      this.authenticate(socket as RealtimeSocket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
  }

  handleConnection(socket: RealtimeSocket): void {
    const { user, expiresAt } = socket.data;
    void socket.join([userRoom(user.id), sessionRoom(user.sessionId)]);
    // A revocation heard after the handshake's check but before the join above missed this
    // socket: ask again (the answer is cached, so normally no query).
    this.sessions.isLive(user.id, user.sessionId).then(
      (live) => live || socket.disconnect(true),
      () => undefined,
    );
    // A socket lives no longer than its token; the client reconnects with a fresh one.
    const expiry = setTimeout(() => socket.disconnect(true), Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - Date.now())));
    socket.once('disconnect', () => clearTimeout(expiry));
    socket.on('message.send', (payload: unknown, ack?: unknown) => void this.onSend(socket, payload, ack));
    socket.on('typing', (payload: unknown) => void this.onTyping(socket, payload));
  }

  /** After a gap in hearing revocations: checks every local socket's session once. */
  private async closeRevokedSockets(namespace: Namespace): Promise<void> {
    const sockets = [...namespace.sockets.values()] as RealtimeSocket[];
    if (sockets.length === 0) return;
    try {
      const gone = new Set(await this.sessions.notLive(sockets.map((s) => s.data.user.sessionId)));
      for (const socket of sockets) if (gone.has(socket.data.user.sessionId)) socket.disconnect(true);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not check the sessions of open sockets');
    }
  }

  private async authenticate(socket: RealtimeSocket): Promise<void> {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      throw unauthorized('Send the access token in the handshake: auth: {token}');
    }
    // The session check reads Postgres: when it is away, say so rather than pass on a driver message.
    const user = await this.tokens.verify(token).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not check a socket session');
      throw refused(503, 'unavailable', 'Cannot check the session right now; retry shortly');
    });
    if (!user) throw unauthorized('The access token is invalid, expired or signed out');
    socket.data.user = user;
    socket.data.expiresAt = expiryOf(token);
    socket.data.sends = new TokenBucket(this.env.REALTIME_EVENTS_PER_SECOND, this.env.REALTIME_EVENTS_BURST);
    socket.data.typing = new TokenBucket(TYPING_PER_SECOND, TYPING_BURST);
    socket.data.participants = new Map();
  }

  private async onSend(socket: RealtimeSocket, payload: unknown, ack: unknown): Promise<void> {
    const reply = typeof ack === 'function' ? (ack as (answer: unknown) => void) : () => undefined;
    try {
      if (!socket.data.sends.take()) {
        reply(socketError(429, 'rate-limited', `At most ${this.env.REALTIME_EVENTS_PER_SECOND} messages a second per connection; slow down`));
        return;
      }
      const dto = await validated(payload);
      const { message } = await this.messages.send(socket.data.user.id, dto.conversationId.toLowerCase(), {
        body: dto.body,
        clientMessageId: dto.clientMessageId,
      });
      reply(message);
    } catch (error) {
      const { problem, errorId } = toProblem(error);
      if (errorId) this.logger.error({ err: error, errorId, userId: socket.data.user.id }, 'message.send failed');
      reply({ error: problem } satisfies SocketError);
    }
  }

  private async onTyping(socket: RealtimeSocket, payload: unknown): Promise<void> {
    const conversationId = (payload as { conversationId?: unknown } | null)?.conversationId;
    if (typeof conversationId !== 'string' || !isUuid(conversationId) || !socket.data.typing.take()) return;
    const id = conversationId.toLowerCase();
    try {
      let cached = socket.data.participants.get(id);
      if (!cached || cached.until < Date.now()) {
        cached = { others: await this.messages.otherParticipants(socket.data.user.id, id), until: Date.now() + PARTICIPANTS_CACHE_MS };
        if (socket.data.participants.size > 100) socket.data.participants.clear();
        socket.data.participants.set(id, cached);
      }
      this.publisher.toUsers(cached.others, 'typing', { conversationId: id, userId: socket.data.user.id });
    } catch {
      // Not a participant, or the database is busy: typing is a hint, dropped silently.
    }
  }
}

async function validated(payload: unknown): Promise<SocketSendMessageDto> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new ValidationProblem([{ field: 'payload', message: 'message.send takes {conversationId, body, clientMessageId}' }]);
  }
  const dto = plainToInstance(SocketSendMessageDto, payload);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length > 0) throw new ValidationProblem(flattenValidationErrors(errors));
  return dto;
}

function socketError(status: number, slug: string, detail: string): SocketError {
  return { error: toProblem(new ProblemException(status, slug, detail)).problem };
}

/** Refuses the connection; socket.io hands `message` and `data` to the client's connect_error. */
function unauthorized(detail: string): Error & { data: ProblemDetails } {
  return refused(401, 'unauthenticated', detail, 'unauthorized');
}

function refused(status: number, slug: string, detail: string, message = slug): Error & { data: ProblemDetails } {
  return Object.assign(new Error(message), { data: toProblem(new ProblemException(status, slug, detail)).problem });
}

/** The token's `exp` (already verified by AccessTokenService), in ms. */
function expiryOf(token: string): number {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + MAX_TIMER_MS;
  } catch {
    return Date.now();
  }
}
