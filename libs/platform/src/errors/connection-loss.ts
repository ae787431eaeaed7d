// The server shut down (a restart, a failover), crashed, or is starting or stopping: SQLSTATE
// 57P01-57P03, and class 08 (connection exception) without 08P01, a protocol violation.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '08007']);
// The socket failed: nothing listens (yet), the peer went away, or the name does not resolve
// while a managed database's address moves.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// What node-postgres says when a connection closed under it or was already dead.
const MESSAGES = /Connection terminated|is not queryable/i;
// TypeORM lets go of a transaction's connection when it dies between two statements; the
// next statement or the COMMIT then fails with one of these. We never use a QueryRunner
// after its release otherwise, so in this code they mean the connection was lost.
const RELEASED_RUNNER = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/**
 * True when an error means the database is unreachable for now (restarting, failing over,
 * down), not that the query was wrong: such errors are answered 503 and retried by clients,
 * and logged once per outage rather than once per failed query. Looks through TypeORM's
 * `driverError`, `cause` and AggregateError's `errors`; also takes pg-boss's plain copies of
 * errors (objects with `code` and `message`).
 */
export function isConnectionLoss(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (SQLSTATES.has(code) || SOCKET_CODES.has(code))) return true;
  if (error instanceof Error && RELEASED_RUNNER.has(error.name)) return true;
  if (typeof message === 'string' && MESSAGES.test(message)) return true;
  if (isConnectionLoss(driverError, depth + 1) || isConnectionLoss(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((inner) => isConnectionLoss(inner, depth + 1));
}
