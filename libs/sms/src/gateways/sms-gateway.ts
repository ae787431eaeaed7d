/** A message a gateway delivered to Psar. */
export interface InboundSms {
  /** The gateway's own id for it: a retried delivery carries the same one. */
  gatewayMessageId: string;
  /** E.164 of the sender, as the gateway reports it. */
  from: string;
  /** Psar's number or short code it was sent to, when the gateway says. */
  to: string | null;
  text: string;
  receivedAt: Date;
}

/** What Psar asks a gateway to send. */
export interface GatewaySend {
  to: string;
  text: string;
  /** Psar's id of the outgoing message, for the gateway's delivery reports. */
  messageId: string;
}

/** The HTTP request of a gateway's webhook, as the adapter needs it to authenticate and read it. */
export interface GatewayRequest {
  method: string;
  /** Path and query as received, e.g. /api/v1/sms/kannel/inbound?from=… */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as sent (signatures are computed over it). */
  rawBody: Buffer;
  remoteAddress: string;
}

/**
 * One SMS gateway (Kannel, the Android SMS gateway app, an HTTP provider). An adapter
 * authenticates a webhook before its sender number is trusted, reads the messages in it,
 * and sends.
 */
export interface SmsGateway {
  /** The value of SMS_GATEWAY that selects it, and the path segment of its webhook. */
  readonly name: string;
  /** false: the request is not from the gateway (answered 401, nothing stored). */
  authenticate(request: GatewayRequest): boolean;
  parseInbound(request: GatewayRequest): InboundSms[];
  /** Resolves with the gateway's id for the message; rejects when it was not accepted (the worker retries). */
  send(message: GatewaySend): Promise<string | null>;
  /** What the webhook answers once the messages are stored, when the gateway expects a body (Twilio: empty TwiML). */
  readonly acknowledgement?: { contentType: string; body: string };
}

/** Every adapter the app knows (Nest token of an SmsGateway[]); SMS_GATEWAY picks one. */
export const SMS_GATEWAYS = Symbol('SMS_GATEWAYS');
