import type { Pool, PoolClient, QueryResult } from 'pg';

const ADAPTER_NOTIFY = 'SELECT pg_notify($1, $2)';
// unnest returns the rows in array order and pg_notify runs once per row in that order, so
// notifications keep the order in which the adapter published them.
const NOTIFY_MANY = 'SELECT pg_notify(n.channel, n.payload) FROM unnest($1::text[], $2::text[]) AS n (channel, payload)';
const MAX_PER_STATEMENT = 500;

interface Pending {
  channel: string;
  payload: string;
  resolve(result: QueryResult): void;
  reject(error: unknown): void;
}

/**
 * The pool handed to @socket.io/postgres-adapter. The adapter sends one NOTIFY per emit,
 * each its own transaction, and Postgres commits notifying transactions one at a time
 * under a cluster-wide lock: at a thousand emits a second they queue up, and the adapter
 * delivers even to local sockets only after its NOTIFY. Here NOTIFYs waiting while one
 * statement is in flight go together in the next one (one commit for many), in order;
 * the listening side sees the same notifications as before. Other queries pass through.
 */
export class BatchingNotifyPool {
  private readonly waiting: Pending[] = [];
  private sending = false;

  constructor(private readonly pool: Pool) {}

  connect(): Promise<PoolClient> {
    return this.pool.connect();
  }

  query(text: string, values?: unknown[]): Promise<QueryResult> {
    if (text !== ADAPTER_NOTIFY || values?.length !== 2) return this.pool.query(text, values);
    return new Promise((resolve, reject) => {
      this.waiting.push({ channel: String(values[0]), payload: String(values[1]), resolve, reject });
      void this.send();
    });
  }

  /** The adapter's type: it uses only query() and connect(). */
  asPool(): Pool {
    return this as unknown as Pool;
  }

  private async send(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, MAX_PER_STATEMENT);
        try {
          const result = await this.pool.query(NOTIFY_MANY, [batch.map((p) => p.channel), batch.map((p) => p.payload)]);
          for (const pending of batch) pending.resolve(result);
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
