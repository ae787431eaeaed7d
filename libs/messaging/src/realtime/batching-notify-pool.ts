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
  private listening?: PoolClient;

  constructor(private readonly pool: Pool) {}

  /**
   * The adapter takes one client, for LISTEN, and when its connection ends (a database
   * restart) takes a new one without giving the dead one back, which would cost the pool a
   * slot per restart: here a client that ends goes back to the pool, which drops it. If the
   * connection dies while the adapter is still issuing LISTEN, it schedules two reconnections;
   * a client still held when it asks for another is dropped, so two LISTENs never run.
   */
  async connect(): Promise<PoolClient> {
    const previous = this.listening;
    if (previous) {
      previous.removeAllListeners('end');
      previous.removeAllListeners('notification');
      previous.release(new Error('LISTEN connection replaced'));
    }
    const client = await this.pool.connect();
    const poolRelease = client.release;
    let released = false;
    // Idempotent: the pool throws on a second release, and the adapter releases on close.
    client.release = (error?: Error | boolean) => {
      if (released) return;
      released = true;
      if (this.listening === client) this.listening = undefined;
      poolRelease(error);
    };
    client.once('end', () => client.release(new Error('LISTEN connection ended')));
    this.listening = client;
    return client;
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
        // Emits made while the app shuts down, after this pool was closed: nobody is left to
        // tell (other replicas' clients catch up through GET /sync), so not an error.
        if (this.pool.ending) {
          for (const pending of batch) pending.resolve({ command: 'NOTIFY', rowCount: 0, oid: 0, fields: [], rows: [] });
          continue;
        }
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
