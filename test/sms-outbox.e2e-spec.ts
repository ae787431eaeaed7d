import { SmsSender } from '@psar/platform';
import { SmsCommand, SmsCommandParser, SmsCommandRegistry, SmsUnavailableError } from '@psar/sms';
import { takeFromWindow } from '@psar/sms/outbound/sms-rate-windows';
import { DataSource } from 'typeorm';
import { eventually } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const INBOUND_PASSWORD = 'inbound-password-for-tests';

describe('sms: the outbox and the webhook without a gateway to reach', () => {
  describe('SMS_GATEWAY unset', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ SMS_GATEWAY: '' });
    });
    afterAll(() => t.close());

    it('is not enabled, refuses to queue rather than drop, and has no webhook', async () => {
      const sender = t.app.get(SmsSender);
      expect(sender.enabled).toBe(false);
      await expect(sender.queue({ to: '+85512345678', text: 'hello', key: 'test:disabled' })).rejects.toBeInstanceOf(SmsUnavailableError);
      const res = await t.http().post('/api/v1/sms/kannel/inbound?id=1&from=%2B85512345678').set('content-type', 'text/plain').send('HELP');
      expect(res.status).toBe(404);
      expect(await t.app.get(DataSource).query('SELECT id FROM sms_messages')).toHaveLength(0);
    });
  });

  describe('SMS_GATEWAY=kannel, Kannel unreachable', () => {
    let t: TestApp;
    let db: DataSource;
    beforeAll(async () => {
      t = await createTestApp({
        SMS_GATEWAY: 'kannel',
        // Nothing listens there: every send fails and is retried.
        KANNEL_SENDSMS_URL: 'http://127.0.0.1:9/cgi-bin/sendsms',
        KANNEL_INBOUND_PASSWORD: INBOUND_PASSWORD,
        KANNEL_INBOUND_ALLOW_IPS: '10.9.9.9',
      });
      db = t.app.get(DataSource);
    });
    afterAll(() => t.close());

    it('queues one message per send key, however many times and however concurrently the step runs', async () => {
      const sender = t.app.get(SmsSender);
      await Promise.all(Array.from({ length: 10 }, () => sender.queue({ to: '012 345 670', text: 'Your reset code is 123456', key: 'test:once' })));
      await sender.queue({ to: '+85512345670', text: 'Your reset code is 123456', key: 'test:once' });
      const rows = await db.query(`SELECT phone, text, encoding, parts FROM sms_messages WHERE send_key = 'test:once'`);
      expect(rows).toEqual([{ phone: '+85512345670', text: 'Your reset code is 123456', encoding: 'GSM-7', parts: 1 }]);
    });

    it("stores the message in the caller's transaction: rolled back, nothing is queued", async () => {
      const sender = t.app.get(SmsSender);
      await expect(
        db.transaction(async (tx) => {
          await sender.queue({ to: '+85512345671', text: 'never', key: 'test:rolled-back' }, tx);
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await db.query(`SELECT id FROM sms_messages WHERE send_key = 'test:rolled-back'`)).toHaveLength(0);
    });

    it('records a failed send and retries it', async () => {
      await t.app.get(SmsSender).queue({ to: '+85512345672', text: 'ជំរាបសួរ', key: 'test:retried' });
      await eventually(async () => {
        const [row] = await db.query(`SELECT status, attempts, last_error, encoding FROM sms_messages WHERE send_key = 'test:retried'`);
        expect(row.status).toBe('retrying');
        expect(row.attempts).toBeGreaterThanOrEqual(1);
        expect(row.last_error).toBeTruthy();
        expect(row.encoding).toBe('UCS-2');
      }, 15_000);
    });

    it('refuses the right credentials from an address outside KANNEL_INBOUND_ALLOW_IPS', async () => {
      const res = await t
        .http()
        .post('/api/v1/sms/kannel/inbound?id=allow-1&from=%2B85512345673')
        .set('authorization', basic('kannel', INBOUND_PASSWORD))
        .set('content-type', 'text/plain')
        .send('HELP');
      expect(res.status).toBe(401);
      expect(await db.query(`SELECT id FROM sms_messages WHERE phone = '+85512345673'`)).toHaveLength(0);
    });
  });

  describe('per-number limits', () => {
    let t: TestApp;
    let db: DataSource;
    beforeAll(async () => {
      t = await createTestApp({
        SMS_GATEWAY: 'kannel',
        KANNEL_SENDSMS_URL: 'http://127.0.0.1:9/cgi-bin/sendsms',
        KANNEL_INBOUND_PASSWORD: INBOUND_PASSWORD,
        SMS_INBOUND_PER_NUMBER_PER_HOUR: '3',
        SMS_OUTBOUND_PER_NUMBER_PER_HOUR: '2',
      });
      db = t.app.get(DataSource);
    });
    afterAll(() => t.close());

    it('answers a number at most SMS_INBOUND_PER_NUMBER_PER_HOUR times and sends it at most SMS_OUTBOUND_PER_NUMBER_PER_HOUR', async () => {
      const phone = '+85512345674';
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          t
            .http()
            .post(`/api/v1/sms/kannel/inbound?id=limit-${i}&from=${encodeURIComponent(phone)}`)
            .set('authorization', basic('kannel', INBOUND_PASSWORD))
            .set('content-type', 'text/plain')
            .send('HELP')
            .expect(200),
        ),
      );
      await eventually(async () => {
        const inbound = await db.query(`SELECT status, last_error FROM sms_messages WHERE phone = $1 AND direction = 'in'`, [phone]);
        expect(inbound.filter((m: { status: string }) => m.status === 'handled')).toHaveLength(3);
        expect(inbound.filter((m: { status: string; last_error: string }) => m.status === 'ignored' && m.last_error === 'rate_limited')).toHaveLength(3);
      }, 15_000);
      // Three replies queued; the third is past the outbound limit and never handed to the gateway.
      await eventually(async () => {
        const out = await db.query(`SELECT status FROM sms_messages WHERE phone = $1 AND direction = 'out'`, [phone]);
        expect(out).toHaveLength(3);
        expect(out.filter((m: { status: string }) => m.status === 'rate_limited')).toHaveLength(1);
      }, 15_000);
    });
  });

  describe('a lib\'s command with a pending step, and the limits\' counters', () => {
    let t: TestApp;
    let db: DataSource;
    const post = (id: string, phone: string, text: string) =>
      t
        .http()
        .post(`/api/v1/sms/kannel/inbound?id=${id}&from=${encodeURIComponent(phone)}`)
        .set('authorization', basic('kannel', INBOUND_PASSWORD))
        .set('content-type', 'text/plain')
        .send(text)
        .expect(200);
    const answers = (phone: string) =>
      db
        .query(
          `SELECT o.text FROM sms_messages i JOIN sms_messages o ON o.send_key = 'sms-reply:' || i.id
           WHERE i.phone = $1 AND i.direction = 'in' ORDER BY i.created_at, i.id`,
          [phone],
        )
        .then((rows: Array<{ text: string }>) => rows.map((r) => r.text));

    beforeAll(async () => {
      t = await createTestApp({ SMS_GATEWAY: 'kannel', KANNEL_SENDSMS_URL: 'http://127.0.0.1:9/cgi-bin/sendsms', KANNEL_INBOUND_PASSWORD: INBOUND_PASSWORD });
      db = t.app.get(DataSource);
      // A lib's own command with a confirmation step (as SELL has), in miniature.
      const parser = t.app.get(SmsCommandParser);
      const parse = parser.parse.bind(parser);
      jest.spyOn(parser, 'parse').mockImplementation((text, locale): SmsCommand => {
        const [first, ...args] = text.trim().split(/\s+/);
        return first?.toUpperCase() === 'PLANT' ? { name: 'PLANT', args } : parse(text, locale);
      });
      t.app.get(SmsCommandRegistry).register({
        command: 'PLANT',
        async handle(command, context) {
          await context.setState({ command: 'PLANT', data: { product: command.args[0] } });
          return { text: `Plant ${command.args[0]}? Reply YES` };
        },
        async resume(state, confirmed) {
          return confirmed ? { text: `Published ${String(state.data.product)}` } : null;
        },
      });
    });
    afterAll(() => t.close());

    it('YES finishes the step the command left, NO cancels it, and an expired step is gone', async () => {
      const phone = '+85512345675';
      await post('step-1', phone, 'PLANT tiles');
      await post('step-2', phone, 'YES');
      await post('step-3', phone, 'yes');
      await post('step-4', phone, 'PLANT bricks');
      await post('step-5', phone, 'NO');
      await eventually(async () => expect(await answers(phone)).toHaveLength(5), 15_000);
      expect(await answers(phone)).toEqual(['Plant tiles? Reply YES', 'Published tiles', 'គ្មានអ្វីត្រូវបញ្ជាក់ទេ។ ផ្ញើ HELP សម្រាប់ម៉ឺនុយ។', 'Plant bricks? Reply YES', 'បានបោះបង់។']);
      await post('step-6', phone, 'PLANT honey');
      await eventually(async () => expect(await answers(phone)).toHaveLength(6), 15_000);
      await db.query(`UPDATE sms_numbers SET state_expires_at = now() - interval '1 second' WHERE phone = $1`, [phone]);
      await post('step-7', phone, 'YES');
      await eventually(async () => expect(await answers(phone)).toHaveLength(7), 15_000);
      expect((await answers(phone))[6]).toContain('គ្មានអ្វីត្រូវបញ្ជាក់');
    });

    it('a full window refuses every hit past its limit, however many come at once', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => db.transaction((tx) => takeFromWindow(tx, 'test:window', 3600, 5))));
      expect(results.filter(Boolean)).toHaveLength(5);
      const [row] = await db.query(`SELECT sum(hits)::int AS hits FROM sms_rate_windows WHERE key = 'test:window'`);
      expect(row.hits).toBeLessThanOrEqual(10); // 5, or 5 + 5 had the hour turned during the test
    });
  });
});
