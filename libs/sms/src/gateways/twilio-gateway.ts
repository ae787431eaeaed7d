import { normalizePhone } from '@psar/identity';
import { ValidationProblem } from '@psar/platform';
import { validateRequest } from 'twilio';
import type { GatewayRequest, GatewaySend, InboundSms, SmsGateway } from './sms-gateway';

export interface TwilioGatewaySettings {
  accountSid: string;
  authToken: string;
  /** Psar's Twilio number (E.164), or a Messaging Service SID (MG…) to send through. */
  from: string;
  /**
   * The public URL configured as the number's "A message comes in" webhook, exactly as
   * entered in Twilio: Twilio signs that URL, and behind a proxy the Host header is not it.
   */
  webhookUrl: string;
  /** Default https://api.twilio.com; tests point it at a stand-in. */
  apiUrl?: string;
  /** How long send() waits for Twilio's answer (default 10 s). */
  timeoutMs?: number;
}

/** Twilio Programmable Messaging: form-encoded webhooks signed with the auth token, a REST API to send. */
export class TwilioGateway implements SmsGateway {
  readonly name = 'twilio';
  // The reply goes out through the outbox, so the webhook answers with empty TwiML: no message in it.
  readonly acknowledgement = { contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' };
  private readonly apiUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly settings: TwilioGatewaySettings) {
    if (settings.authToken.length === 0) throw new Error('The Twilio gateway needs its auth token');
    // Fail at boot on a malformed URL rather than rejecting every webhook.
    if (!URL.canParse(settings.webhookUrl)) throw new Error('TWILIO_WEBHOOK_URL must be the full public URL of the webhook');
    this.apiUrl = (settings.apiUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
    this.timeoutMs = settings.timeoutMs ?? 10_000;
  }

  /**
   * X-Twilio-Signature is base64 HMAC-SHA1 of the URL followed by every POST parameter
   * (name then value, names sorted), keyed with the auth token; twilio's own validateRequest
   * checks it, over the parameters decoded from the raw body.
   */
  authenticate(request: GatewayRequest): boolean {
    if (request.method.toUpperCase() !== 'POST') return false;
    const signature = header(request, 'x-twilio-signature');
    if (!signature) return false;
    return validateRequest(this.settings.authToken, signature, this.settings.webhookUrl, formParams(request.rawBody));
  }

  /** MessageSid is the key for retries: Twilio sends the same one when it delivers again. */
  parseInbound(request: GatewayRequest): InboundSms[] {
    const params = new URLSearchParams(request.rawBody.toString('utf8'));
    const sid = params.get('MessageSid') ?? params.get('SmsSid');
    if (!sid) throw invalid('MessageSid', 'MessageSid is required');
    const rawFrom = params.get('From');
    if (rawFrom === null) throw invalid('From', 'From is required');
    const from = toE164(rawFrom);
    // A sender that is not a phone number (a WhatsApp or Messenger address on the same webhook) has no SMS conversation.
    if (!from) return [];
    const rawTo = params.get('To');
    return [
      {
        gatewayMessageId: sid,
        from,
        to: rawTo === null ? null : (toE164(rawTo) ?? rawTo),
        text: params.get('Body') ?? '',
        // Twilio's webhook carries no time of its own; it calls as the message arrives.
        receivedAt: new Date(),
      },
    ];
  }

  /** POST /2010-04-01/Accounts/{sid}/Messages.json; resolves with the message's SM… sid. */
  async send(message: GatewaySend): Promise<string | null> {
    const form = new URLSearchParams({ To: message.to, Body: message.text });
    if (/^MG[0-9a-f]{32}$/i.test(this.settings.from)) form.set('MessagingServiceSid', this.settings.from);
    else form.set('From', this.settings.from);
    const credentials = Buffer.from(`${this.settings.accountSid}:${this.settings.authToken}`, 'utf8').toString('base64');
    const url = `${this.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(this.settings.accountSid)}/Messages.json`;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${credentials}`,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        accept: 'application/json',
      },
      body: form.toString(),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    const answer = parseJsonObject(text);
    if (!response.ok) {
      const detail = answer ? `${String(answer.code ?? '')} ${String(answer.message ?? '')}`.trim() : text.slice(0, 200);
      throw new Error(`Twilio refused the message: HTTP ${response.status} ${detail}`);
    }
    return typeof answer?.sid === 'string' ? answer.sid : null;
  }
}

/** The POST parameters as Twilio signed them: decoded, a repeated name as a list. */
function formParams(rawBody: Buffer): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const seen = params[name];
    if (seen === undefined) params[name] = value;
    else params[name] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Twilio gives E.164; normalizePhone agrees with it, and keeps Psar's one form of a number. */
function toE164(raw: string): string | null {
  const normalized = normalizePhone(raw);
  if (normalized) return normalized;
  return /^\+[1-9]\d{6,14}$/.test(raw) ? raw : null;
}

function header(request: GatewayRequest, name: string): string | undefined {
  const value = request.headers[name] ?? Object.entries(request.headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}

function invalid(field: string, message: string): ValidationProblem {
  return new ValidationProblem([{ field, message }]);
}
