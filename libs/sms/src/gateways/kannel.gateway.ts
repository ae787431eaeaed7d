import { HttpStatus, Injectable } from '@nestjs/common';
import { Environment, ProblemException, ValidationProblem } from '@psar/platform';
import { createHash, timingSafeEqual } from 'node:crypto';
import { measureSms } from '../segments/sms-segments';
import type { GatewayRequest, GatewaySend, InboundSms, SmsGateway } from './sms-gateway';

/** The passwords of deploy/kannel's development configuration, used when the variables are unset (never in production). */
export const KANNEL_DEV_SENDSMS_PASSWORD = 'psar-dev-sendsms';
export const KANNEL_DEV_INBOUND_PASSWORD = 'psar-dev-inbound-secret';

/** Kannel's sendsms answers in this time or the send is retried. */
const SEND_TIMEOUT_MS = 10_000;

/**
 * Kannel (bearerbox + smsbox). Inbound: an sms-service whose post-url carries the message's
 * id and sender in the query (see deploy/kannel/kannel.conf.template) and basic-auth
 * credentials; with `mo-recode` the body is the text in UTF-8 whatever the SMS's coding.
 * Outbound: smsbox's sendsms HTTP interface, Khmer as UCS-2 (coding=2, text sent in UTF-8).
 */
@Injectable()
export class KannelGateway implements SmsGateway {
  readonly name = 'kannel';
  private readonly allowIps: Set<string> | null;
  private readonly expectedAuth: Buffer;

  constructor(private readonly env: Environment) {
    const ips = env.KANNEL_INBOUND_ALLOW_IPS?.split(',').map((ip) => ip.trim()).filter(Boolean);
    this.allowIps = ips && ips.length > 0 ? new Set(ips) : null;
    const password = env.KANNEL_INBOUND_PASSWORD ?? KANNEL_DEV_INBOUND_PASSWORD;
    this.expectedAuth = sha256(`Basic ${Buffer.from(`${env.KANNEL_INBOUND_USER}:${password}`).toString('base64')}`);
  }

  authenticate(request: GatewayRequest): boolean {
    if (this.allowIps && !this.allowIps.has(stripIpv4Mapping(request.remoteAddress))) return false;
    const header = request.headers.authorization;
    if (typeof header !== 'string') return false;
    // Compared as hashes: equal lengths, and no timing to learn the password from.
    return timingSafeEqual(sha256(header.trim()), this.expectedAuth);
  }

  parseInbound(request: GatewayRequest): InboundSms[] {
    const query = new URL(request.url, 'http://kannel.invalid').searchParams;
    const id = query.get('id')?.trim();
    const from = query.get('from')?.trim();
    const missing = [
      ...(id ? [] : [{ field: 'id', message: 'id (the message id, %I in the post-url) is required' }]),
      ...(from ? [] : [{ field: 'from', message: 'from (the sender, %p in the post-url) is required' }]),
    ];
    if (missing.length > 0) throw new ValidationProblem(missing);
    const time = Number(query.get('ts'));
    return [
      {
        gatewayMessageId: id!,
        from: from!,
        to: query.get('to') || null,
        text: decodeBody(request),
        receivedAt: Number.isFinite(time) && time > 0 ? new Date(time * 1000) : new Date(),
      },
    ];
  }

  async send(message: GatewaySend): Promise<string | null> {
    const url = new URL(this.env.KANNEL_SENDSMS_URL);
    const ucs2 = measureSms(message.text).encoding === 'UCS-2';
    url.searchParams.set('username', this.env.KANNEL_SENDSMS_USER);
    url.searchParams.set('password', this.env.KANNEL_SENDSMS_PASSWORD ?? KANNEL_DEV_SENDSMS_PASSWORD);
    url.searchParams.set('to', message.to);
    url.searchParams.set('text', message.text);
    url.searchParams.set('charset', 'UTF-8');
    url.searchParams.set('coding', ucs2 ? '2' : '0');
    if (this.env.KANNEL_FROM) url.searchParams.set('from', this.env.KANNEL_FROM);
    const response = await fetch(url, { signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
    const body = (await response.text()).trim();
    // 202 "0: Accepted for delivery" (or "3: Queued for later delivery"); 4xx/5xx with the reason.
    if (!response.ok) throw new Error(`kannel sendsms ${response.status}: ${body.slice(0, 200)}`);
    return null;
  }
}

function decodeBody(request: GatewayRequest): string {
  const type = String(request.headers['content-type'] ?? '');
  const charset = /charset="?([^";\s]+)"?/i.exec(type)?.[1]?.toLowerCase() ?? 'utf-8';
  const raw = request.rawBody;
  if (charset === 'utf-16be' || charset === 'ucs-2' || charset === 'ucs2') return Buffer.from(raw).swap16().toString('utf16le');
  if (charset === 'utf-8' || charset === 'utf8') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      throw new ValidationProblem([{ field: 'body', message: 'the text is not valid UTF-8' }]);
    }
  }
  if (charset === 'iso-8859-1' || charset === 'latin1' || charset === 'windows-1252') return new TextDecoder('windows-1252').decode(raw);
  throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported-media-type', `Unsupported charset ${charset}: set mo-recode = true in smsbox`);
}

function stripIpv4Mapping(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
