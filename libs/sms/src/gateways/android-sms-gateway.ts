import { createHmac, timingSafeEqual } from 'node:crypto';
import { normalizePhone } from '@psar/identity';
import { ValidationProblem } from '@psar/platform';
import type { GatewayRequest, GatewaySend, InboundSms, SmsGateway } from './sms-gateway';

export interface AndroidSmsGatewaySettings {
  /**
   * Base URL of the app's API, without a trailing /messages: the phone's local server
   * (`http://192.168.1.10:8080`) or the cloud (`https://api.sms-gate.app/3rdparty/v1`).
   */
  url: string;
  /** The app's API credentials (Home tab of the app). */
  user: string;
  password: string;
  /** The app's Settings → Webhooks → Signing Key. */
  signingKey: string;
  /** How far X-Timestamp may be from this server's clock, in seconds (default 300). */
  replayWindowSeconds?: number;
  /** How long send() waits for the app's answer (default 10 s). */
  timeoutMs?: number;
}

/** The envelope the app POSTs to a webhook (docs.sms-gate.app, features/webhooks). */
interface WebhookEvent {
  id: string;
  event: string;
  deviceId?: string;
  webhookId?: string;
  payload: {
    messageId?: string;
    message?: string;
    /** Since early 2026; `phoneNumber` is the older name of the same number. */
    sender?: string | null;
    phoneNumber?: string;
    recipient?: string | null;
    simNumber?: number | null;
    receivedAt?: string;
  };
}

const SEND_ID_MAX_LENGTH = 36;

/**
 * The SMS Gateway for Android app (capcom6/android-sms-gateway): a phone with a local SIM
 * that forwards what it receives to a webhook and sends through its own API.
 */
export class AndroidSmsGateway implements SmsGateway {
  readonly name = 'android';
  private readonly replayWindowSeconds: number;
  private readonly timeoutMs: number;

  constructor(private readonly settings: AndroidSmsGatewaySettings) {
    if (settings.signingKey.length === 0) throw new Error('The Android SMS gateway needs its webhook signing key');
    this.replayWindowSeconds = settings.replayWindowSeconds ?? 300;
    this.timeoutMs = settings.timeoutMs ?? 10_000;
  }

  /**
   * X-Signature is hex HMAC-SHA256 over the raw body followed by X-Timestamp (Unix seconds),
   * computed afresh on every delivery attempt; a timestamp outside the window is a replay.
   */
  authenticate(request: GatewayRequest): boolean {
    if (request.method.toUpperCase() !== 'POST') return false;
    const signature = header(request, 'x-signature')?.trim().toLowerCase();
    const timestamp = header(request, 'x-timestamp')?.trim();
    if (!signature || !timestamp || !/^[0-9a-f]{64}$/.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > this.replayWindowSeconds) return false;
    const expected = createHmac('sha256', this.settings.signingKey)
      .update(Buffer.concat([request.rawBody, Buffer.from(timestamp, 'ascii')]))
      .digest();
    return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
  }

  /**
   * One message per `sms:received` event; other events (sent, delivered, ping) carry none.
   * The envelope's `id` is the key for retries: the app keeps it across attempts, while its
   * `messageId` is a 32-bit hash of the content that the docs say is not unique.
   */
  parseInbound(request: GatewayRequest): InboundSms[] {
    const event = readEvent(request.rawBody);
    if (event.event !== 'sms:received') return [];
    const { payload } = event;
    if (typeof payload.message !== 'string') throw invalid('payload.message', 'payload.message must be a string');
    const sender = payload.sender ?? payload.phoneNumber;
    if (typeof sender !== 'string') throw invalid('payload.sender', 'payload.sender must be a phone number');
    const receivedAt = typeof payload.receivedAt === 'string' ? new Date(payload.receivedAt) : null;
    if (!receivedAt || Number.isNaN(receivedAt.getTime())) {
      throw invalid('payload.receivedAt', 'payload.receivedAt must be an ISO 8601 time');
    }
    const from = toE164(sender);
    // An operator's promotion or balance notice comes from a name ("Smart", "Cellcard"), not a number: nobody to answer.
    if (!from) return [];
    const to = typeof payload.recipient === 'string' ? toE164(payload.recipient) : null;
    return [{ gatewayMessageId: event.id, from, to, text: payload.message, receivedAt }];
  }

  /**
   * POST {url}/messages (the local server also answers /message, the cloud only /messages).
   * Psar's message id goes along as the app's id, so a retry after a lost answer gets 409
   * from the app instead of a second SMS.
   */
  async send(message: GatewaySend): Promise<string | null> {
    const body: Record<string, unknown> = { textMessage: { text: message.text }, phoneNumbers: [message.to] };
    const ownId = message.messageId.length <= SEND_ID_MAX_LENGTH ? message.messageId : null;
    if (ownId) body.id = ownId;
    const credentials = Buffer.from(`${this.settings.user}:${this.settings.password}`, 'utf8').toString('base64');
    const response = await fetch(`${this.settings.url.replace(/\/+$/, '')}/messages`, {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (response.status === 409 && ownId) return ownId;
    if (!response.ok) {
      throw new Error(`Android SMS gateway refused the message: HTTP ${response.status} ${text.slice(0, 200)}`);
    }
    const accepted = parseJsonObject(text);
    return typeof accepted?.id === 'string' ? accepted.id : ownId;
  }
}

function readEvent(rawBody: Buffer): WebhookEvent {
  const event = parseJsonObject(rawBody.toString('utf8'));
  if (!event) throw invalid('body', 'The body must be a JSON object');
  if (typeof event.id !== 'string' || event.id.length === 0) throw invalid('id', 'id must be a non-empty string');
  if (typeof event.event !== 'string') throw invalid('event', 'event must be a string');
  if (typeof event.payload !== 'object' || event.payload === null) throw invalid('payload', 'payload must be an object');
  return event as unknown as WebhookEvent;
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The phone reports numbers as the network gave them; a national one is Cambodian, like its SIM. */
function toE164(raw: string): string | null {
  const normalized = normalizePhone(raw);
  if (normalized) return normalized;
  const compact = raw.replace(/[\s-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
}

function header(request: GatewayRequest, name: string): string | undefined {
  const value = request.headers[name] ?? Object.entries(request.headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}

function invalid(field: string, message: string): ValidationProblem {
  return new ValidationProblem([{ field, message }]);
}
