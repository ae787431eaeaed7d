import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Socket } from 'node:net';
import { Environment } from '../config/environment';
import { sendProblem } from '../errors/problem-details.filter';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem';
import { toProblem } from '../errors/to-problem';
import { requestId } from '../logging/logger-options';
import { appHelmetOptions, securityHeaders } from './security-headers';

// What Node reports on the socket before any request exists, and the status Fastify gives it.
function clientErrorStatus(error: { code?: string }): number {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (error.code === 'HPE_HEADER_OVERFLOW') return 431;
  return 400;
}

/**
 * Fastify's server options. Two kinds of error never reach Nest's exception filter, so they
 * are rendered as problem+json here: the router's (a path parameter over maxParamLength, a
 * malformed URL) and the socket's (a request that took too long to arrive, oversized
 * headers, bytes that are not HTTP), which Fastify would otherwise answer in a JSON of its own.
 */
export function fastifyOptions(env: Environment): FastifyServerOptions {
  const headers = securityHeaders(appHelmetOptions(env));
  return {
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    genReqId: requestId,
    // Requests that outlive this are cut (408) rather than holding a connection forever.
    requestTimeout: 30_000,
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      // No onRequest hook ran for these requests: set what it would have.
      reply.headers(headers).header('x-request-id', request.id);
      sendProblem(error, request, reply);
    },
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      // A reset connection has nobody left to answer.
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) {
        const status = clientErrorStatus(error);
        const { problem } = toProblem({ statusCode: status, code: error.code });
        const body = JSON.stringify(problem);
        socket.write(
          `HTTP/1.1 ${status} ${problem.title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      socket.destroy(error);
    },
  };
}
