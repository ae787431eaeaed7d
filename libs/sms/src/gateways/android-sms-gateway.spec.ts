import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationProblem } from '@psar/platform';
import { AndroidSmsGateway } from './android-sms-gateway';
import type { GatewayRequest } from './sms-gateway';

const SIGNING_KEY = 'k3y-from-the-app-settings';
const USER = 'sms';
const PASSWORD = 'Zk2-pXq_9';
const KHMER_SELL = 'លក់ ក្បឿង ២០០០០ A ១២០០';

/** The app's recipe (PayloadSingingPlugin): hex HMAC-SHA256 of the body text followed by the timestamp. */
function sign(body: string, timestamp: string, key = SIGNING_KEY): string {
  return createHmac('sha256', key).update(body + timestamp, 'utf8').digest('hex');
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function smsReceived(overrides: Record<string, unknown> = {}, payload: Record<string, unknown> = {}): string {
  return JSON.stringify({
    deviceId: 'ffffffffceb0b1db0000018e937c815b',
    event: 'sms:received',
    id: 'Ey6ECgOkVVFjz3CL48B8C',
    payload: {
      messageId: '5f1a2b3c',
      message: KHMER_SELL,
      sender: '012 345 678',
      recipient: '+85597111222',
      phoneNumber: '012 345 678',
      simNumber: 1,
      receivedAt: '2026-12-02T15:46:11.000+07:00',
      ...payload,
    },
    webhookId: 'LreFUt-Z3sSq0JufY9uWB',
    ...overrides,
  });
}

/** A request as the app sends it: JSON body, X-Signature and X-Timestamp (node lowercases header names). */
function signedRequest(body: string, options: { timestamp?: number; key?: string; headers?: Record<string, string | undefined> } = {}): GatewayRequest {
  const timestamp = String(options.timestamp ?? nowSeconds());
  return {
    method: 'POST',
    url: '/api/v1/sms/android/inbound',
    headers: {
      'content-type': 'application/json',
      'x-signature': sign(body, timestamp, options.key),
      'x-timestamp': timestamp,
      ...options.headers,
    },
    rawBody: Buffer.from(body, 'utf8'),
    remoteAddress: '203.0.113.7',
  };
}

function gateway(url = 'http://127.0.0.1:1'): AndroidSmsGateway {
  return new AndroidSmsGateway({ url, user: USER, password: PASSWORD, signingKey: SIGNING_KEY });
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

describe('AndroidSmsGateway.authenticate', () => {
  const android = gateway();

  it('accepts a request signed the way the app signs it', () => {
    expect(android.authenticate(signedRequest(smsReceived()))).toBe(true);
  });

  it('accepts the signature in upper-case hex and a timestamp within the window', () => {
    const body = smsReceived();
    const timestamp = String(nowSeconds() - 240);
    const request = signedRequest(body, { timestamp: Number(timestamp), headers: { 'x-signature': sign(body, timestamp).toUpperCase() } });
    expect(android.authenticate(request)).toBe(true);
  });

  it('refuses a signature made with another key', () => {
    expect(android.authenticate(signedRequest(smsReceived(), { key: 'another-key' }))).toBe(false);
  });

  it('refuses a request without X-Signature or without X-Timestamp', () => {
    expect(android.authenticate(signedRequest(smsReceived(), { headers: { 'x-signature': undefined } }))).toBe(false);
    expect(android.authenticate(signedRequest(smsReceived(), { headers: { 'x-timestamp': undefined } }))).toBe(false);
  });

  it('refuses a correctly signed request whose timestamp is stale or in the future (a replay)', () => {
    expect(android.authenticate(signedRequest(smsReceived(), { timestamp: nowSeconds() - 306 }))).toBe(false);
    expect(android.authenticate(signedRequest(smsReceived(), { timestamp: nowSeconds() - 3600 }))).toBe(false);
    expect(android.authenticate(signedRequest(smsReceived(), { timestamp: nowSeconds() + 600 }))).toBe(false);
  });

  it('refuses a tampered body, and a timestamp changed after signing', () => {
    const signed = signedRequest(smsReceived());
    const tampered = { ...signed, rawBody: Buffer.from(smsReceived({}, { sender: '+85512999999' }), 'utf8') };
    expect(android.authenticate(tampered)).toBe(false);
    const restamped = { ...signed, headers: { ...signed.headers, 'x-timestamp': String(nowSeconds() - 1) } };
    expect(android.authenticate(restamped)).toBe(false);
  });

  it('refuses malformed headers without throwing', () => {
    for (const signature of ['', 'zz', 'a'.repeat(63), 'g'.repeat(64), `${'a'.repeat(64)}00`]) {
      expect(android.authenticate(signedRequest(smsReceived(), { headers: { 'x-signature': signature } }))).toBe(false);
    }
    for (const timestamp of ['', 'now', '-1', '1e9', '17647.5']) {
      expect(android.authenticate(signedRequest(smsReceived(), { headers: { 'x-timestamp': timestamp } }))).toBe(false);
    }
  });

  it('refuses a GET', () => {
    expect(android.authenticate({ ...signedRequest(smsReceived()), method: 'GET' })).toBe(false);
  });

  it('needs a signing key', () => {
    expect(() => new AndroidSmsGateway({ url: 'http://127.0.0.1:1', user: USER, password: PASSWORD, signingKey: '' })).toThrow();
  });
});

describe('AndroidSmsGateway.parseInbound', () => {
  const android = gateway();

  it('reads an sms:received event: Khmer intact, numbers in E.164, the envelope id as the key', () => {
    expect(android.parseInbound(signedRequest(smsReceived()))).toEqual([
      {
        gatewayMessageId: 'Ey6ECgOkVVFjz3CL48B8C',
        from: '+85512345678',
        to: '+85597111222',
        text: KHMER_SELL,
        receivedAt: new Date('2026-12-02T08:46:11.000Z'),
      },
    ]);
  });

  it('reads the older payload that has only phoneNumber, and a missing recipient', () => {
    const body = smsReceived({}, { sender: undefined, recipient: null, phoneNumber: '+85512345678', message: 'SELL TILE 20000 A 1200' });
    const [sms] = android.parseInbound(signedRequest(body));
    expect(sms).toMatchObject({ from: '+85512345678', to: null, text: 'SELL TILE 20000 A 1200' });
  });

  it('gives the same key to every delivery attempt of one event', () => {
    const body = smsReceived();
    const first = signedRequest(body, { timestamp: nowSeconds() - 20 });
    const retry = signedRequest(body);
    expect(android.authenticate(first) && android.authenticate(retry)).toBe(true);
    expect(android.parseInbound(retry)[0].gatewayMessageId).toBe(android.parseInbound(first)[0].gatewayMessageId);
  });

  it('carries no message for other events, nor for an operator named sender', () => {
    expect(android.parseInbound(signedRequest(smsReceived({ event: 'sms:delivered' })))).toEqual([]);
    expect(android.parseInbound(signedRequest(smsReceived({ event: 'system:ping', payload: { health: {} } })))).toEqual([]);
    expect(android.parseInbound(signedRequest(smsReceived({}, { sender: 'Smart', phoneNumber: 'Smart' })))).toEqual([]);
  });

  it('answers a body that is not the documented event with a 400 naming the field', () => {
    const cases: [string, string][] = [
      ['not json', 'body'],
      ['[1,2]', 'body'],
      [smsReceived({ id: '' }), 'id'],
      [smsReceived({ payload: null }), 'payload'],
      [smsReceived({}, { message: 42 }), 'payload.message'],
      [smsReceived({}, { sender: undefined, phoneNumber: undefined }), 'payload.sender'],
      [smsReceived({}, { receivedAt: 'yesterday' }), 'payload.receivedAt'],
    ];
    for (const [body, field] of cases) {
      let thrown: unknown;
      try {
        android.parseInbound(signedRequest(body));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationProblem);
      expect((thrown as ValidationProblem).getStatus()).toBe(400);
      expect((thrown as ValidationProblem).fieldErrors?.[0].field).toBe(field);
    }
  });

  it('authenticates the raw bytes as they arrive over HTTP, Khmer split across chunks', async () => {
    // A receiver shaped like the webhook controller: raw body, node's lowercased headers.
    const receiver = createServer(async (req, res) => {
      const request: GatewayRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawBody: await readBody(req),
        remoteAddress: req.socket.remoteAddress ?? '',
      };
      if (!android.authenticate(request)) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(android.parseInbound(request)));
    });
    const base = await listen(receiver);
    try {
      const body = smsReceived();
      const timestamp = String(nowSeconds());
      const bytes = Buffer.from(body, 'utf8');
      const split = bytes.indexOf(Buffer.from('ក្បឿង', 'utf8')) + 1; // inside a Khmer letter's UTF-8 bytes
      const chunks = [bytes.subarray(0, split), bytes.subarray(split)];
      const post = (signature: string) =>
        fetch(`${base}/api/v1/sms/android/inbound`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Signature': signature, 'X-Timestamp': timestamp },
          body: new ReadableStream({
            start(controller) {
              for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
              controller.close();
            },
          }),
          duplex: 'half',
        } as RequestInit);
      const accepted = await post(sign(body, timestamp));
      expect(accepted.status).toBe(200);
      expect(((await accepted.json()) as unknown[])[0]).toMatchObject({ from: '+85512345678', text: KHMER_SELL });
      const refused = await post(sign(body, timestamp, 'wrong'));
      expect(refused.status).toBe(401);
    } finally {
      receiver.close();
    }
  });
});

/** The app's local server (or the cloud API) as far as sending goes: POST …/messages with basic auth. */
class AppApiStandIn {
  readonly requests: { path: string; authorization: string | undefined; body: Record<string, unknown> }[] = [];
  readonly accepted = new Map<string, Record<string, unknown>>();
  failWith: number | null = null;
  private server = createServer((req, res) => void this.handle(req, res));
  private counter = 0;

  constructor(private readonly prefix = '') {}

  url = '';

  async start(): Promise<string> {
    this.url = (await listen(this.server)) + this.prefix;
    return this.url;
  }

  stop(): void {
    this.server.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    const reply = (status: number, body?: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
    };
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'POST' || ![`${this.prefix}/messages`, `${this.prefix}/message`].includes(path)) return reply(404, { message: 'Not Found' });
    const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return reply(401, { message: 'Unauthorized' });
    if (!String(req.headers['content-type']).startsWith('application/json')) return reply(415, { message: 'Unsupported Media Type' });
    const body = JSON.parse(raw) as Record<string, unknown>;
    this.requests.push({ path, authorization: req.headers.authorization, body });
    if (this.failWith) return reply(this.failWith, { message: 'Internal error' });
    const kinds = ['textMessage', 'dataMessage', 'message'].filter((kind) => body[kind] !== undefined);
    if (kinds.length !== 1) return reply(400, { message: 'Must specify exactly one of: textMessage, dataMessage, or message' });
    const text = (body.textMessage as { text?: unknown } | undefined)?.text ?? body.message;
    if (typeof text !== 'string' || text.length === 0) return reply(400, { message: 'Text message is empty' });
    const phones = body.phoneNumbers;
    if (!Array.isArray(phones) || phones.length === 0) return reply(400, { message: 'Empty phone numbers list' });
    if (!phones.every((phone) => typeof phone === 'string' && /^\+[1-9]\d{6,14}$/.test(phone))) return reply(400, { message: 'Invalid phone number' });
    const id = typeof body.id === 'string' ? body.id : `gw-${++this.counter}`;
    if (this.accepted.has(id)) return reply(409, { message: 'Conflict' });
    const message = {
      id,
      deviceId: 'ffffffffceb0b1db0000018e937c815b',
      state: 'Pending',
      isHashed: false,
      isEncrypted: false,
      recipients: phones.map((phoneNumber) => ({ phoneNumber, state: 'Pending', error: null })),
      states: {},
    };
    this.accepted.set(id, { ...message, text });
    reply(202, message);
  }
}

describe('AndroidSmsGateway.send', () => {
  let standIn: AppApiStandIn;
  let android: AndroidSmsGateway;

  beforeEach(async () => {
    standIn = new AppApiStandIn();
    android = gateway(await standIn.start());
  });

  afterEach(() => standIn.stop());

  it('posts the documented request and resolves with the id the app gave', async () => {
    const id = await android.send({ to: '+85512345678', text: KHMER_SELL, messageId: '0d9f3c1e-7a4b-4c2d-9e8f-1a2b3c4d5e6f' });
    expect(id).toBe('0d9f3c1e-7a4b-4c2d-9e8f-1a2b3c4d5e6f');
    expect(standIn.requests).toHaveLength(1);
    expect(standIn.requests[0]).toMatchObject({
      path: '/messages',
      body: { id: '0d9f3c1e-7a4b-4c2d-9e8f-1a2b3c4d5e6f', textMessage: { text: KHMER_SELL }, phoneNumbers: ['+85512345678'] },
    });
    expect(standIn.accepted.get(id!)).toMatchObject({ text: KHMER_SELL });
  });

  it('lets the app name a message whose Psar id is too long for it', async () => {
    const id = await android.send({ to: '+85512345678', text: 'OK', messageId: `password-reset:${'x'.repeat(40)}` });
    expect(id).toBe('gw-1');
    expect(standIn.requests[0].body.id).toBeUndefined();
  });

  it('sends a retried message once: the app answers 409 and send still resolves', async () => {
    const message = { to: '+85512345678', text: 'OK', messageId: 'a4c0e1d2-0000-4000-8000-000000000001' };
    const results = [await android.send(message), await android.send(message)];
    expect(results).toEqual([message.messageId, message.messageId]);
    expect(standIn.accepted.size).toBe(1);
  });

  it('works against the cloud API path too', async () => {
    const cloud = new AppApiStandIn('/3rdparty/v1');
    try {
      const viaCloud = gateway(`${await cloud.start()}/`);
      await expect(viaCloud.send({ to: '+85512345678', text: 'OK', messageId: 'm-1' })).resolves.toBe('m-1');
      expect(cloud.requests[0].path).toBe('/3rdparty/v1/messages');
    } finally {
      cloud.stop();
    }
  });

  it('rejects when the app does not accept the message', async () => {
    standIn.failWith = 500;
    await expect(android.send({ to: '+85512345678', text: 'OK', messageId: 'm-2' })).rejects.toThrow(/HTTP 500/);
    standIn.failWith = null;
    await expect(android.send({ to: '012345678', text: 'OK', messageId: 'm-3' })).rejects.toThrow(/HTTP 400/);
  });

  it('rejects with the wrong credentials, and when the phone is unreachable', async () => {
    const wrong = new AndroidSmsGateway({ url: standIn.url, user: USER, password: 'wrong', signingKey: SIGNING_KEY });
    await expect(wrong.send({ to: '+85512345678', text: 'OK', messageId: 'm-4' })).rejects.toThrow(/HTTP 401/);
    const closed = createServer();
    const url = await listen(closed);
    closed.close();
    await expect(gateway(url).send({ to: '+85512345678', text: 'OK', messageId: 'm-5' })).rejects.toThrow();
  });
});
