import { SmsSender } from '@psar/platform';
import { measureSms } from '@psar/sms';
import { DataSource } from 'typeorm';
import { createKannelTestApp, describeWithKannel, KannelTestApp, PSAR_NUMBER } from './support/kannel';
import { eventually } from './support/problem';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
let phoneSeq = 0;
/** A fresh Cambodian mobile number per test, so tests do not see each other's messages. */
const newPhone = () => `+8551${String(2000000 + process.pid * 10 + phoneSeq++).slice(-7).padStart(7, '0')}`;

describeWithKannel('sms: the channel through a real Kannel', () => {
  let k: KannelTestApp;
  let db: DataSource;

  beforeAll(async () => {
    k = await createKannelTestApp();
    db = k.t.app.get(DataSource);
  }, 60_000);

  afterAll(() => k?.close());

  const stored = (phone: string, direction: 'in' | 'out') =>
    db.query(`SELECT id, text, status, encoding, parts, send_key FROM sms_messages WHERE phone = $1 AND direction = $2 ORDER BY created_at, id`, [phone, direction]);

  it('a Khmer-script message reaches the app intact, and the Khmer reply leaves Kannel as UCS-2 in at most 2 parts', async () => {
    const phone = newPhone();
    k.smsc.send(phone, PSAR_NUMBER, 'ជំនួយ');
    const [reply] = await k.smsc.waitFor(phone, 1, 15_000);
    const inbound = await stored(phone, 'in');
    expect(inbound).toHaveLength(1);
    expect(inbound[0].text).toBe('ជំនួយ');
    expect(inbound[0].status).toBe('handled');
    expect(reply!.coding).toBe('UCS-2');
    expect(reply!.parts).toBeLessThanOrEqual(2);
    expect(reply!.text).toContain('ចុះឈ្មោះ');
    await eventually(async () => {
      const [out] = await stored(phone, 'out');
      expect(out).toMatchObject({ text: reply!.text, status: 'sent', encoding: 'UCS-2', send_key: `sms-reply:${inbound[0].id}` });
    });
  });

  it('REGISTER in Khmer creates the account of the number, in its province', async () => {
    const phone = newPhone();
    k.smsc.send(phone, PSAR_NUMBER, 'ចុះឈ្មោះ សុខ ដារា ព្រៃវែង');
    const [reply] = await k.smsc.waitFor(phone, 1, 15_000);
    expect(reply!.text).toContain('សុខ ដារា');
    const [user] = await db.query('SELECT id, name, locale FROM users WHERE phone = $1', [phone]);
    expect(user).toMatchObject({ name: 'សុខ ដារា', locale: 'km' });
    const [number] = await db.query('SELECT user_id, province_code FROM sms_numbers WHERE phone = $1', [phone]);
    expect(number).toEqual({ user_id: user.id, province_code: 'KH-14' });
    // Again: the same account, no second one.
    k.smsc.send(phone, PSAR_NUMBER, 'REGISTER Sok Dara Prey Veng');
    const replies = await k.smsc.waitFor(phone, 2, 15_000);
    expect(replies[1]!.text).toContain('សុខ ដារា');
    expect(await db.query('SELECT id FROM users WHERE phone = $1', [phone])).toHaveLength(1);
  });

  it('EN switches the language; a long push is cut to two parts and MORE sends the rest', async () => {
    const phone = newPhone();
    k.smsc.send(phone, PSAR_NUMBER, 'EN');
    const [language] = await k.smsc.waitFor(phone, 1, 15_000);
    expect(language!.text).toContain('English');
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    await k.t.app.get(SmsSender).queue({ to: phone, text: long, key: `test-push:${phone}` });
    const [, push] = await k.smsc.waitFor(phone, 2, 15_000);
    expect(push!.parts).toBeLessThanOrEqual(2);
    expect(push!.text.endsWith('…reply MORE')).toBe(true);
    expect(measureSms(push!.text).parts).toBeLessThanOrEqual(2);
    k.smsc.send(phone, PSAR_NUMBER, 'more');
    const [, , rest] = await k.smsc.waitFor(phone, 3, 15_000);
    expect(`${push!.text.replace(' …reply MORE', '')} ${rest!.text}`).toBe(long);
  });

  it("answers a number's messages in the order they came: EN then HELP at once gets the English menu", async () => {
    const phone = newPhone();
    k.smsc.send(phone, PSAR_NUMBER, 'EN');
    k.smsc.send(phone, PSAR_NUMBER, 'HELP');
    k.smsc.send(phone, PSAR_NUMBER, 'KM');
    k.smsc.send(phone, PSAR_NUMBER, '?');
    const replies = await k.smsc.waitFor(phone, 4, 15_000);
    // Each reply answers its own message, in the language set by the one before it…
    const answers = await db.query(
      `SELECT i.text AS asked, o.text AS answer FROM sms_messages i JOIN sms_messages o ON o.send_key = 'sms-reply:' || i.id
       WHERE i.phone = $1 AND i.direction = 'in' ORDER BY i.created_at, i.id`,
      [phone],
    );
    // (Kannel may post them to the app in another order: the order that counts is the stored one.)
    expect(answers.map((a: { asked: string }) => a.asked).sort()).toEqual(['?', 'EN', 'HELP', 'KM']);
    let locale = 'km';
    for (const { asked, answer } of answers as Array<{ asked: string; answer: string }>) {
      if (asked === 'EN' || asked === 'KM') locale = asked.toLowerCase();
      else expect(answer).toContain(locale === 'en' ? 'Register' : 'ចុះឈ្មោះ');
    }
    // Psar hands a number's replies to Kannel in that order; SMS does not promise they arrive in it.
    expect(replies.map((r) => r.text).sort()).toEqual(answers.map((a: { answer: string }) => a.answer).sort());
    // Every reply names something in Khmer script (the English menu names Khmer in it): UCS-2.
    for (const reply of replies) expect(reply.coding).toBe('UCS-2');
  });

  it('after STOP nothing is sent to the number but the confirmation; START undoes it', async () => {
    const phone = newPhone();
    const sender = k.t.app.get(SmsSender);
    k.smsc.send(phone, PSAR_NUMBER, 'STOP');
    const [confirmation] = await k.smsc.waitFor(phone, 1, 15_000);
    expect(confirmation!.text).toContain('START');
    await sender.queue({ to: phone, text: 'A buyer wants your tiles', key: `test-stopped-push:${phone}` });
    k.smsc.send(phone, PSAR_NUMBER, 'HELP');
    await eventually(async () => {
      const inbound = await stored(phone, 'in');
      expect(inbound.map((m: { status: string }) => m.status)).toEqual(['handled', 'ignored']);
    });
    const out = await stored(phone, 'out');
    expect(out.map((m: { status: string }) => m.status)).toEqual(['sent', 'suppressed']);
    k.smsc.send(phone, PSAR_NUMBER, 'START');
    await k.smsc.waitFor(phone, 2, 15_000);
    await sender.queue({ to: phone, text: 'A buyer wants your tiles', key: `test-started-push:${phone}` });
    const messages = await k.smsc.waitFor(phone, 3, 15_000);
    expect(messages.map((m) => m.text)).not.toContain(expect.stringContaining('HELP'));
    expect(messages[2]!.text).toBe('A buyer wants your tiles');
    await new Promise((r) => setTimeout(r, 1500));
    expect(k.smsc.received.filter((m) => m.to === phone)).toHaveLength(3);
  });

  it('the same delivery twice, or twenty times at once, is stored once and answered once', async () => {
    const phone = newPhone();
    const post = (id: string) =>
      k.t
        .http()
        .post(`${k.inbound.url}?id=${id}&from=${encodeURIComponent(phone)}&to=${PSAR_NUMBER}&ts=1796234000`)
        .set('authorization', basic(k.inbound.user, k.inbound.password))
        .set('content-type', 'text/plain; charset="UTF-8"')
        .send('ជំនួយ');
    expect((await post('retried-1')).status).toBe(200);
    expect((await post('retried-1')).status).toBe(200);
    const burst = await Promise.all(Array.from({ length: 20 }, () => post('burst-1')));
    expect(burst.map((r) => r.status)).toEqual(Array(20).fill(200));
    await k.smsc.waitFor(phone, 2, 15_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(k.smsc.received.filter((m) => m.to === phone)).toHaveLength(2);
    expect(await stored(phone, 'in')).toHaveLength(2);
    expect(await stored(phone, 'out')).toHaveLength(2);
  });

  it('a webhook with bad credentials is refused with 401 and stores nothing', async () => {
    const phone = newPhone();
    const attempts = [
      basic(k.inbound.user, 'wrong-password-wrong'),
      basic('someone', k.inbound.password),
      `Bearer ${k.inbound.password}`,
      undefined,
    ];
    for (const authorization of attempts) {
      const req = k.t.http().post(`${k.inbound.url}?id=forged-${phoneSeq}&from=${encodeURIComponent(phone)}`).set('content-type', 'text/plain').send('STOP');
      const res = await (authorization ? req.set('authorization', authorization) : req);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await db.query('SELECT id FROM sms_messages WHERE phone = $1', [phone])).toHaveLength(0);
    expect(await db.query('SELECT phone FROM sms_numbers WHERE phone = $1', [phone])).toHaveLength(0);
  });

  it('a webhook naming no sender, or a sender that is no phone number, is a 400 naming the field', async () => {
    const auth = basic(k.inbound.user, k.inbound.password);
    const missing = await k.t.http().post(`${k.inbound.url}?id=x1`).set('authorization', auth).set('content-type', 'text/plain').send('HELP');
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('from');
    const bad = await k.t.http().post(`${k.inbound.url}?id=x2&from=hello`).set('authorization', auth).set('content-type', 'text/plain').send('HELP');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('from');
  });
});
