import { Injectable, Logger } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { ServerToClientEvents, userRoom } from './realtime-events';

// Room names travel in the NOTIFY payload that carries a packet to the other replicas
// (8,000 bytes at most): 50 rooms of ~41 bytes leave room for the event itself.
const ROOMS_PER_PACKET = 50;

/**
 * Emits to users' rooms on every replica (the namespace's adapter is the Postgres one).
 * Call it only after the transaction that stored what is emitted has committed.
 */
@Injectable()
export class RealtimePublisher {
  private readonly logger = new Logger(RealtimePublisher.name);
  private namespace?: Namespace;

  /** Called by the gateway once socket.io is up. */
  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  toUsers<E extends keyof ServerToClientEvents>(userIds: readonly string[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    if (!this.namespace || userIds.length === 0) return;
    const rooms = [...new Set(userIds)].map(userRoom);
    for (let i = 0; i < rooms.length; i += ROOMS_PER_PACKET) {
      try {
        this.namespace.to(rooms.slice(i, i + ROOMS_PER_PACKET)).emit(event, ...(args as unknown[]));
      } catch (error) {
        // Live delivery is best effort: what was emitted is stored and fetched on reconnect.
        this.logger.warn({ err: error, event }, 'could not emit a realtime event');
      }
    }
  }
}
