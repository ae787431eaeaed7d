import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { eventually } from './support/problem';
import { createTestApp, type TestApp } from './support/test-app';

/** A local stand-in of a gateway's send API: records what Psar asks it to send. */
async function standIn(answer: (path: string, body: string) => { status: number; body: string }): Promise<{ url: string; requests: Array<{ path: string; auth: string | undefined; body: string }>; close(): Promise<void> }> {
  const requests: Array<{ path: string; auth: string | undefined; body: string }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', auth: req.headers.authorization, body });
      const reply = answer(req.url ?? '', body);
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const stored = (db: DataSource, phone: string) => db.query(`SELECT direction, text FROM sms_messages WHERE phone = $1 ORDER BY created_at`, [phone]);

/**
 * The Android SMS gateway app and Twilio, each selected by SMS_GATEWAY: a webhook signed as
 * the gateway signs it is stored and answered through that gateway's send API (a stand-in);
 * a bad signature is a 401 and stores nothing.
 */
describe('sms: the Android gateway app and Twilio, through their webhooks', () => {
  describe('SMS_GATEWAY=android', () => {
    const signingKey = randomBytes(24).toString('hex');
    let t: TestApp;
    let app: Awaited<ReturnType<typeof standIn>>;
    const sign = (body: string, timestamp: string) => createHmac('sha256', signingKey).update(body + timestamp).digest('hex');
    const event = (id: string, from: string, message: string) =>
      JSON.stringify({ deviceId: 'phone-1', event: 'sms:received', id, webhookId: 'psar-inbound', payload: { messageId: 'abc', message, sender: from, phoneNumber: from, simNumber: 1, receivedAt: new Date().toISOString() } });

    beforeAll(async () => {
      app = await standIn((path, body) => ({ status: 202, body: JSON.stringify({ id: JSON.parse(body).id ?? 'x', state: 'Pending', recipients: [] }) }));
      t = await createTestApp({
        SMS_GATEWAY: 'android',
        ANDROID_SMS_GATEWAY_URL: app.url,
        ANDROID_SMS_GATEWAY_USER: 'sms',
        ANDROID_SMS_GATEWAY_PASSWORD: 'app-password',
        ANDROID_SMS_GATEWAY_SIGNING_KEY: signingKey,
      });
    });

    afterAll(async () => {
      await t?.close();
      await app?.close();
    });

    it('a signed sms:received in Khmer is stored once, and the Khmer reply is sent through the app', async () => {
      const body = event('evt-1', '+85512777001', 'ជំនួយ');
      const timestamp = String(Math.floor(Date.now() / 1000));
      for (let i = 0; i < 2; i++) {
        await t
          .http()
          .post('/api/v1/sms/android/inbound')
          .set('content-type', 'application/json')
          .set('x-signature', sign(body, timestamp))
          .set('x-timestamp', timestamp)
          .send(body)
          .expect(200);
      }
      await eventually(async () => expect(app.requests.filter((r) => r.path === '/messages')).toHaveLength(1), 15_000);
      const [sent] = app.requests;
      expect(sent!.auth).toBe(`Basic ${Buffer.from('sms:app-password').toString('base64')}`);
      expect(JSON.parse(sent!.body)).toMatchObject({ phoneNumbers: ['+85512777001'], textMessage: { text: expect.stringContaining('ចុះឈ្មោះ') } });
      const messages = await stored(t.app.get(DataSource), '+85512777001');
      expect(messages.map((m: { direction: string }) => m.direction)).toEqual(['in', 'out']);
      expect(messages[0].text).toBe('ជំនួយ');
    });

    it('a bad signature, a stale timestamp or none at all: 401, nothing stored', async () => {
      const body = event('evt-2', '+85512777002', 'HELP');
      const now = String(Math.floor(Date.now() / 1000));
      const stale = String(Math.floor(Date.now() / 1000) - 3600);
      const attempts: Array<Record<string, string>> = [
        { 'x-signature': sign(body, now).replace(/^./, (c) => (c === 'a' ? 'b' : 'a')), 'x-timestamp': now },
        { 'x-signature': sign(body, stale), 'x-timestamp': stale },
        {},
      ];
      for (const headers of attempts) {
        const res = await t.http().post('/api/v1/sms/android/inbound').set('content-type', 'application/json').set(headers).send(body);
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
      expect(await stored(t.app.get(DataSource), '+85512777002')).toEqual([]);
    });
  });

  describe('SMS_GATEWAY=twilio', () => {
    const authToken = randomBytes(16).toString('hex');
    const accountSid = `AC${randomBytes(16).toString('hex')}`;
    const webhookUrl = 'https://psar.example.org/api/v1/sms/twilio/inbound';
    let t: TestApp;
    let api: Awaited<ReturnType<typeof standIn>>;
    const sign = (params: Record<string, string>) =>
      createHmac('sha1', authToken)
        .update(Object.keys(params).sort().reduce((acc, k) => acc + k + params[k], webhookUrl), 'utf8')
        .digest('base64');
    const inbound = (sid: string, from: string, body: string): Record<string, string> => ({ MessageSid: sid, SmsSid: sid, AccountSid: accountSid, From: from, To: '+15005550006', Body: body, NumMedia: '0', NumSegments: '1' });

    beforeAll(async () => {
      api = await standIn(() => ({ status: 201, body: JSON.stringify({ sid: `SM${randomBytes(16).toString('hex')}`, status: 'queued' }) }));
      t = await createTestApp({
        SMS_GATEWAY: 'twilio',
        TWILIO_ACCOUNT_SID: accountSid,
        TWILIO_AUTH_TOKEN: authToken,
        TWILIO_FROM: '+15005550006',
        TWILIO_WEBHOOK_URL: webhookUrl,
        TWILIO_API_URL: api.url,
      });
    });

    afterAll(async () => {
      await t?.close();
      await api?.close();
    });

    it('a signed webhook is answered with empty TwiML and the reply goes through the Messages resource', async () => {
      const params = inbound('SM00000000000000000000000000000001', '+85512777011', 'EN');
      const res = await t.http().post('/api/v1/sms/twilio/inbound').type('form').set('x-twilio-signature', sign(params)).send(params).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/xml/);
      expect(res.text).toContain('<Response/>');
      await eventually(async () => expect(api.requests).toHaveLength(1), 15_000);
      const [sent] = api.requests;
      expect(sent!.path).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
      const form = new URLSearchParams(sent!.body);
      expect(form.get('To')).toBe('+85512777011');
      expect(form.get('Body')).toContain('English');
    });

    it('a bad signature, or one made for another URL: 401, nothing stored', async () => {
      const params = inbound('SM00000000000000000000000000000002', '+85512777012', 'HELP');
      const wrong = createHmac('sha1', authToken).update(`http://10.0.0.5:3000/api/v1/sms/twilio/inbound${Object.keys(params).sort().map((k) => k + params[k]).join('')}`).digest('base64');
      for (const signature of ['bm90IGEgc2lnbmF0dXJl', wrong]) {
        const res = await t.http().post('/api/v1/sms/twilio/inbound').type('form').set('x-twilio-signature', signature).send(params);
        expect(res.status).toBe(401);
      }
      expect(await stored(t.app.get(DataSource), '+85512777012')).toEqual([]);
    });

    it('the other gateways’ webhooks are closed while Twilio is the one configured', async () => {
      expect((await t.http().post('/api/v1/sms/kannel/inbound').send('x')).status).toBe(404);
      expect((await t.http().post('/api/v1/sms/android/inbound').send('{}')).status).toBe(404);
    });
  });
});
