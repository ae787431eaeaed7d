import { HttpException, HttpStatus } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { isConnectionLoss } from './connection-loss';
import { ProblemDetails, ProblemException, problemType } from './problem';

export interface RenderedProblem {
  problem: ProblemDetails;
  headers: Record<string, string>;
  /** Set for unexpected errors: the caller logs the error under this id. */
  errorId?: string;
}

function problem(status: number, slug: string, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return { type: problemType(slug), title: STATUS_CODES[status] ?? 'Error', status, detail, ...extra };
}

// SQLSTATEs that a constraint or a cast raised: the client's request broke a rule the
// database guards, so the answer is a 4xx, never a 500.
const SQLSTATE_STATUS: Record<string, [number, string, string]> = {
  '23505': [409, 'conflict', 'This conflicts with an existing record'],
  '23P01': [409, 'conflict', 'This conflicts with an existing record'],
  '23503': [422, 'reference', 'A referenced record does not exist or is still in use'],
  '23514': [422, 'rule', 'This breaks a rule of the data'],
  '23502': [400, 'validation', 'A required value is missing'],
  '22P02': [400, 'validation', 'A value has the wrong format'],
  '22003': [400, 'validation', 'A number is out of range'],
  '22007': [400, 'validation', 'A date or time has the wrong format'],
  '22008': [400, 'validation', 'A date or time is out of range'],
  '22001': [400, 'validation', 'A value is too long'],
  '22021': [400, 'validation', 'A value contains characters that are not allowed'],
  '57014': [503, 'busy', 'The request took too long; try again'],
  '40001': [503, 'busy', 'The request collided with another; try again'],
  '40P01': [503, 'busy', 'The request collided with another; try again'],
  '53300': [503, 'busy', 'The service is busy; try again'],
};

function isPoolTimeout(error: unknown): boolean {
  return error instanceof Error && /timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(error.message);
}

export function toProblem(error: unknown): RenderedProblem {
  if (error instanceof ProblemException) {
    return {
      problem: problem(error.getStatus(), error.slug, error.message, error.fieldErrors ? { errors: error.fieldErrors } : {}),
      headers: {},
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    let detail = error.message;
    if (typeof response === 'object' && response !== null && 'message' in response) {
      const message = (response as { message: unknown }).message;
      detail = Array.isArray(message) ? message.join('; ') : String(message);
    }
    // A 429 without a better answer (a throttler sets its own) still says when to retry.
    const headers: Record<string, string> = status === HttpStatus.TOO_MANY_REQUESTS ? { 'retry-after': '60' } : {};
    return { problem: problem(status, slugFor(status), detail), headers };
  }
  if (error instanceof QueryFailedError) {
    const code = (error.driverError as { code?: string } | undefined)?.code ?? '';
    const mapped = SQLSTATE_STATUS[code];
    if (mapped) {
      const [status, slug, detail] = mapped;
      return { problem: problem(status, slug, detail), headers: status === 503 ? { 'retry-after': '1' } : {} };
    }
  }
  if (isPoolTimeout(error)) {
    return { problem: problem(503, 'busy', 'The service is busy; try again'), headers: { 'retry-after': '1' } };
  }
  // The database is restarting, failing over or unreachable: the pools reconnect by themselves.
  if (isConnectionLoss(error)) {
    return { problem: problem(503, 'unavailable', 'The database is unavailable; try again shortly'), headers: { 'retry-after': '2' } };
  }
  // Errors raised by Fastify before a route runs (body parsing, limits) carry a 4xx status.
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { problem: problem(statusCode, slugFor(statusCode), fastifyDetail(statusCode, error)), headers: {} };
  }
  const errorId = randomUUID();
  return {
    problem: problem(500, 'internal', 'Something went wrong on our side', { errorId }),
    headers: {},
    errorId,
  };
}

function fastifyDetail(status: number, error: unknown): string {
  if (status === 413) return 'The request body is too large';
  if (status === 400 && error instanceof SyntaxError) return 'The request body is not valid JSON';
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The request body is empty but the content type is JSON';
  if (status === 400 && typeof code === 'string' && code.startsWith('FST_ERR_CTP')) return 'The request body is not valid JSON';
  if (status === 415) return 'This content type is not supported; send application/json';
  // From the router and the socket (see http/fastify-options.ts): Fastify's own messages echo the path.
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') return 'A path parameter is too long';
  if (code === 'FST_ERR_BAD_URL') return 'The URL is not valid';
  if (status === 408) return 'The request took too long to arrive';
  if (status === 431) return 'The request headers are too large';
  if (typeof code === 'string' && code.startsWith('HPE_')) return 'The request is not valid HTTP';
  return error instanceof Error ? error.message : 'Bad request';
}

function slugFor(status: number): string {
  switch (status) {
    case 400:
      return 'bad-request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 408:
      return 'timeout';
    case 409:
      return 'conflict';
    case 413:
      return 'too-large';
    case 414:
      return 'uri-too-long';
    case 415:
      return 'unsupported-media-type';
    case 422:
      return 'rule';
    case 429:
      return 'rate-limited';
    case 431:
      return 'headers-too-large';
    case 503:
      return 'busy';
    default:
      return `http-${status}`;
  }
}
