export interface DomainEvent<P = Record<string, unknown>> {
  id: string;
  type: string;
  payload: P;
  occurredAt: Date;
}

/**
 * Delivered at least once, so it must be idempotent: use `event.id` as the key of
 * whatever it writes (e.g. a unique (event_id, user_id) on notifications).
 */
export type DomainEventHandler<P = Record<string, unknown>> = (event: DomainEvent<P>) => Promise<void>;

/** A handler that takes many events of one type at once (see OutboxService.subscribeBatch); same rules. */
export type DomainEventBatchHandler<P = Record<string, unknown>> = (events: Array<DomainEvent<P>>) => Promise<void>;
