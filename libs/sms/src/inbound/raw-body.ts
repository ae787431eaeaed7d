import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@psar/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';

/** Gateways' webhooks; their bodies are kept as sent, for signatures and charsets. */
export const SMS_WEBHOOK_PREFIX = '/api/v1/sms/';
const MAX_WEBHOOK_BYTES = 256 * 1024;
const RAW_BODY = Symbol('smsRawBody');

/**
 * Keeps the bytes of every request to an SMS webhook before Fastify parses them (a gateway's
 * signature is over the body exactly as sent), then hands the parser the same bytes.
 */
export function keepWebhookRawBodies(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!request.url.startsWith(SMS_WEBHOOK_PREFIX)) return payload;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of payload) {
      size += (chunk as Buffer).length;
      if (size > MAX_WEBHOOK_BYTES) throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, 'payload-too-large', 'The webhook body is too large');
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    (request as unknown as Record<symbol, Buffer>)[RAW_BODY] = raw;
    const replay = Readable.from([raw]) as Readable & { receivedEncodedLength?: number };
    replay.receivedEncodedLength = raw.length;
    return replay;
  });
}

export function rawBodyOf(request: FastifyRequest): Buffer {
  return (request as unknown as Record<symbol, Buffer | undefined>)[RAW_BODY] ?? Buffer.alloc(0);
}
