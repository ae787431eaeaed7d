import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationProblem } from '@psar/platform';
import type { GatewayRequest } from './sms-gateway';
import { TwilioGateway, type TwilioGatewaySettings } from './twilio-gateway';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = '12345678901234567890123456789012';
const FROM = '+15017122661';
const WEBHOOK_URL = 'https://psar.example/api/v1/sms/twilio/inbound';
const MESSAGE_SID = 'SM1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c';
const KHMER_SELL = 'លក់ ក្បឿង ២០០០០ A ១២០០';

/** Twilio's documented recipe: the URL, then each POST parameter's name and value, names sorted; HMAC-SHA1, base64. */
function sign(url: string, params: Record<string, string>, token = AUTH_TOKEN): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac('sha1', token).update(data, 'utf8').digest('base64');
}

/** What Twilio posts for an inbound SMS (Messaging webhook parameters). */
function inboundParams(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: MESSAGE_SID,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: MESSAGE_SID,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: KHMER_SELL,
    FromCountry: 'KH',
    To: FROM,
    MessagingServiceSid: 'MG9752274e9e519418a7406176694466fa',
    ToZip: '',
    NumSegments: '1',
    MessageSid: MESSAGE_SID,
    AccountSid: ACCOUNT_SID,
    From: '+85512345678',
    ApiVersion: '2010-04-01',
    ...overrides,
  };
}

/** Form-encoded the way a browser or Twilio does: %XX for UTF-8, either + or %20 for a space. */
function encodeForm(params: Record<string, string>, space: '+' | '%20' = '+'): string {
  return Object.entries(params)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value).replace(/%20/g, space)}`)
    .join('&');
}

function signedRequest(
  params: Record<string, string>,
  options: { url?: string; token?: string; body?: string; headers?: Record<string, string | undefined> } = {},
): GatewayRequest {
  return {
    method: 'POST',
    url: '/api/v1/sms/twilio/inbound',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': sign(options.url ?? WEBHOOK_URL, params, options.token),
      ...options.headers,
    },
    rawBody: Buffer.from(options.body ?? encodeForm(params), 'utf8'),
    remoteAddress: '54.172.60.1',
  };
}

function gateway(overrides: Partial<TwilioGatewaySettings> = {}): TwilioGateway {
  return new TwilioGateway({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, webhookUrl: WEBHOOK_URL, ...overrides });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('TwilioGateway.authenticate', () => {
  const twilio = gateway();

  it('accepts a request signed as Twilio signs it, whichever way spaces are encoded', () => {
    const params = inboundParams();
    expect(twilio.authenticate(signedRequest(params))).toBe(true);
    expect(twilio.authenticate(signedRequest(params, { body: encodeForm(params, '%20') }))).toBe(true);
  });

  it('refuses a signature made with another auth token', () => {
    expect(twilio.authenticate(signedRequest(inboundParams(), { token: 'f'.repeat(32) }))).toBe(false);
  });

  it('refuses a request without X-Twilio-Signature, or with garbage in it', () => {
    expect(twilio.authenticate(signedRequest(inboundParams(), { headers: { 'x-twilio-signature': undefined } }))).toBe(false);
    expect(twilio.authenticate(signedRequest(inboundParams(), { headers: { 'x-twilio-signature': '' } }))).toBe(false);
    expect(twilio.authenticate(signedRequest(inboundParams(), { headers: { 'x-twilio-signature': 'not base64 at all' } }))).toBe(false);
  });

  it('refuses a tampered body: another sender, another text, an added parameter', () => {
    const params = inboundParams();
    const signature = sign(WEBHOOK_URL, params);
    const headers = { 'x-twilio-signature': signature };
    expect(twilio.authenticate(signedRequest(params, { headers, body: encodeForm(inboundParams({ From: '+85512999999' })) }))).toBe(false);
    expect(twilio.authenticate(signedRequest(params, { headers, body: encodeForm(inboundParams({ Body: 'ACCEPT 7KQ 1234' })) }))).toBe(false);
    expect(twilio.authenticate(signedRequest(params, { headers, body: `${encodeForm(params)}&Extra=1` }))).toBe(false);
  });

  it('checks against the configured public URL, not the one the request reached behind a proxy', () => {
    // Signed for the URL the app sees behind the proxy: Twilio never signs that one.
    expect(twilio.authenticate(signedRequest(inboundParams(), { url: 'http://10.0.0.5:3000/api/v1/sms/twilio/inbound' }))).toBe(false);
    expect(twilio.authenticate(signedRequest(inboundParams(), { url: 'https://psar.example/api/v1/sms/twilio/other' }))).toBe(false);
    expect(twilio.authenticate(signedRequest(inboundParams(), { url: WEBHOOK_URL }))).toBe(true);
  });

  it('refuses a GET', () => {
    expect(twilio.authenticate({ ...signedRequest(inboundParams()), method: 'GET' })).toBe(false);
  });

  it('fails at construction on a missing token or a malformed webhook URL', () => {
    expect(() => gateway({ authToken: '' })).toThrow();
    expect(() => gateway({ webhookUrl: '/api/v1/sms/twilio/inbound' })).toThrow(/TWILIO_WEBHOOK_URL/);
  });
});

describe('TwilioGateway.parseInbound', () => {
  const twilio = gateway();

  it('reads the message: Khmer intact, numbers in E.164, MessageSid as the key', () => {
    const before = Date.now();
    const [sms] = twilio.parseInbound(signedRequest(inboundParams()));
    expect(sms).toMatchObject({ gatewayMessageId: MESSAGE_SID, from: '+85512345678', to: FROM, text: KHMER_SELL });
    expect(sms.receivedAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('keeps a body with +, & and = intact', () => {
    const [sms] = twilio.parseInbound(signedRequest(inboundParams({ Body: 'SELL 1+1 & a=b  ' })));
    expect(sms.text).toBe('SELL 1+1 & a=b  ');
  });

  it('carries no SMS for a WhatsApp sender on the same webhook', () => {
    expect(twilio.parseInbound(signedRequest(inboundParams({ From: 'whatsapp:+85512345678' })))).toEqual([]);
  });

  it('answers a body without MessageSid or From with a 400 naming the field', () => {
    for (const [params, field] of [
      [{ From: '+85512345678', Body: 'HELP' }, 'MessageSid'],
      [{ MessageSid: MESSAGE_SID, Body: 'HELP' }, 'From'],
    ] as const) {
      let thrown: unknown;
      try {
        twilio.parseInbound(signedRequest(params));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationProblem);
      expect((thrown as ValidationProblem).fieldErrors?.[0].field).toBe(field);
    }
  });

  it('authenticates the raw form body as it arrives over HTTP', async () => {
    const receiver = createServer(async (req, res) => {
      const request: GatewayRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawBody: await readBody(req),
        remoteAddress: req.socket.remoteAddress ?? '',
      };
      if (!twilio.authenticate(request)) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(twilio.parseInbound(request)));
    });
    const base = await listen(receiver);
    try {
      const params = inboundParams();
      const post = (signature: string) =>
        fetch(`${base}/api/v1/sms/twilio/inbound`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
          body: encodeForm(params),
        });
      const accepted = await post(sign(WEBHOOK_URL, params));
      expect(accepted.status).toBe(200);
      expect(((await accepted.json()) as unknown[])[0]).toMatchObject({ from: '+85512345678', text: KHMER_SELL });
      expect((await post(sign(`${base}/api/v1/sms/twilio/inbound`, params))).status).toBe(401);
    } finally {
      receiver.close();
    }
  });
});

/** Twilio's Messages resource as far as creating one goes. */
class TwilioApiStandIn {
  readonly created: Record<string, string>[] = [];
  url = '';
  private server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    this.url = await listen(this.server);
    return this.url;
  }

  stop(): void {
    this.server.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string) =>
      reply(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
    const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return error(404, 20404, 'The requested resource was not found');
    const [user, password] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8').split(':');
    if (user !== match[1] || user !== ACCOUNT_SID || password !== AUTH_TOKEN) return error(401, 20003, 'Authenticate');
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return error(400, 20001, 'Bad content type');
    const form = Object.fromEntries(new URLSearchParams(raw));
    if (!form.To) return error(400, 21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{6,14}$/.test(form.To)) return error(400, 21211, `Invalid 'To' Phone Number: ${form.To}`);
    if (!form.From && !form.MessagingServiceSid) return error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required");
    if (!form.Body) return error(400, 21602, 'Message body is required.');
    this.created.push(form);
    const sid = `SM${this.created.length.toString(16).padStart(32, '0')}`;
    reply(201, {
      account_sid: ACCOUNT_SID,
      api_version: '2010-04-01',
      body: form.Body,
      direction: 'outbound-api',
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      num_segments: '1',
      sid,
      status: form.MessagingServiceSid ? 'accepted' : 'queued',
      to: form.To,
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}.json`,
    });
  }
}

describe('TwilioGateway.send', () => {
  let standIn: TwilioApiStandIn;

  beforeEach(async () => {
    standIn = new TwilioApiStandIn();
    await standIn.start();
  });

  afterEach(() => standIn.stop());

  it('creates a message from the configured number and resolves with its sid', async () => {
    const sid = await gateway({ apiUrl: standIn.url }).send({ to: '+85512345678', text: KHMER_SELL, messageId: 'm-1' });
    expect(sid).toBe(`SM${'1'.padStart(32, '0')}`);
    expect(standIn.created).toEqual([{ To: '+85512345678', From: FROM, Body: KHMER_SELL }]);
  });

  it('sends through a Messaging Service when TWILIO_FROM is its MG sid', async () => {
    const service = 'MG9752274e9e519418a7406176694466fa';
    await gateway({ apiUrl: `${standIn.url}/`, from: service }).send({ to: '+85512345678', text: 'OK', messageId: 'm-2' });
    expect(standIn.created).toEqual([{ To: '+85512345678', MessagingServiceSid: service, Body: 'OK' }]);
  });

  it("rejects with Twilio's error code when the message is refused", async () => {
    await expect(gateway({ apiUrl: standIn.url }).send({ to: '012345678', text: 'OK', messageId: 'm-3' })).rejects.toThrow(/HTTP 400 21211/);
    await expect(gateway({ apiUrl: standIn.url, authToken: 'x'.repeat(32) }).send({ to: '+85512345678', text: 'OK', messageId: 'm-4' })).rejects.toThrow(
      /HTTP 401 20003/,
    );
    expect(standIn.created).toHaveLength(0);
  });

  it('rejects when Twilio is unreachable', async () => {
    const closed = createServer();
    const url = await listen(closed);
    closed.close();
    await expect(gateway({ apiUrl: url }).send({ to: '+85512345678', text: 'OK', messageId: 'm-5' })).rejects.toThrow();
  });
});
