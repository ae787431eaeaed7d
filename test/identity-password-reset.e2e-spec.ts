import { Logger } from '@nestjs/common';
import { SmsSender } from '@psar/platform';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdentityHousekeepingService } from '../libs/identity/src/housekeeping/identity-housekeeping.service';
import { bearer, registerUser, TEST_PASSWORD } from './support/identity';
import { codeInMail, type Mailbox, mailBody, startMailbox } from './support/mailbox';
import { expectProblem } from './support/problem';
import { RecordingSmsSender } from './support/sms';
import { createTestApp, TestApp } from './support/test-app';

const NEW_PASSWORD = 'new clay roof 2027';

/** A Cambodian number no other test of this file uses. */
function newPhone(): string {
  return `+85512${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

/**
 * A forgotten password is not a lost account: a code by SMS (to a verified phone) or by
 * email sets a new password and ends every session; codes are short-lived, single use,
 * hashed, limited in tries and in number per destination; nothing tells whether an account exists.
 */
describe('identity: password reset', () => {
  let t: TestApp;
  let db: DataSource;
  let mailbox: Mailbox;
  const sms = new RecordingSmsSender();

  const reset = (body: object) => t.http().post('/api/v1/auth/password-reset').send(body);
  const confirm = (body: object) => t.http().post('/api/v1/auth/password-reset/confirm').send(body);
  const login = (loginName: string, password: string) => t.http().post('/api/v1/auth/login').send({ login: loginName, password });

  /** A user with a verified phone, signed in twice (two phones). */
  async function verifiedUser(locale: 'km' | 'en' = 'km') {
    const phone = newPhone();
    const user = await registerUser(t.http, { phone, locale });
    await t.http().post('/api/v1/me/phone-verification').set(...bearer(user.accessToken)).expect(202);
    await t.http().post('/api/v1/me/phone-verification/confirm').set(...bearer(user.accessToken)).send({ code: sms.lastCode(phone) }).expect(204);
    const second = (await login(phone, TEST_PASSWORD).expect(200)).body as { accessToken: string; refreshToken: string };
    return { ...user, phone, second };
  }

  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await createTestApp({ SMTP_URL: mailbox.url, MAIL_FROM: 'Psar <no-reply@test.psar.example>' }, { overrides: [{ provide: SmsSender, useValue: sms }] });
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
    await mailbox.close();
  });

  afterEach(() => {
    sms.enabled = true;
    jest.restoreAllMocks();
  });

  it('by SMS: a code in the user’s language; the new password works, the old one and every session end, the code works once', async () => {
    const user = await verifiedUser('km');
    const before = sms.sent.length;
    const asked = await reset({ phone: user.phone.replace('+855', '0') }).expect(202);
    expect(asked.body).toEqual({ expiresInMinutes: 10 });
    const [message] = sms.sent.slice(before);
    expect(message).toMatchObject({ to: user.phone, key: expect.stringMatching(/^password-reset:[0-9a-f-]{36}$/) });
    expect(message!.text).toMatch(/^\d{6} ជាលេខកូដប្ដូរពាក្យសម្ងាត់/);
    const code = sms.lastCode(user.phone);

    // Codes are stored only as hashes: the code is nowhere in the table.
    const stored = (await db.query('SELECT encode(code_hash, $2) AS h FROM one_time_codes WHERE user_id = $1', [user.id, 'escape'])) as Array<{ h: string }>;
    expect(JSON.stringify(stored)).not.toContain(code);

    expectProblem(await confirm({ phone: user.phone, code, newPassword: 'password' }), 400, 'newPassword');
    expectProblem(await confirm({ phone: user.phone, code: code === '000000' ? '111111' : '000000', newPassword: NEW_PASSWORD }), 400, 'code');
    await confirm({ phone: user.phone, code, newPassword: NEW_PASSWORD }).expect(204);

    for (const token of [user.accessToken, user.second.accessToken]) expectProblem(await t.http().get('/api/v1/me').set(...bearer(token)), 401);
    for (const refreshToken of [user.refreshToken, user.second.refreshToken]) {
      expectProblem(await t.http().post('/api/v1/auth/refresh').send({ refreshToken }), 401);
    }
    expectProblem(await login(user.phone, TEST_PASSWORD), 401);
    const fresh = await login(user.phone, NEW_PASSWORD).expect(200);
    await t.http().get('/api/v1/me').set(...bearer(fresh.body.accessToken)).expect(200);

    // Used up: the same code again, even with another password, is refused.
    expectProblem(await confirm({ phone: user.phone, code, newPassword: 'yet another one 99' }), 400, 'code');
  });

  it('by email, through the SMTP server of SMTP_URL', async () => {
    const user = await registerUser(t.http, { locale: 'en' });
    await reset({ email: user.email.toUpperCase() }).expect(202, { expiresInMinutes: 10 });
    const mail = await mailbox.next(user.email);
    expect(mail.raw).toMatch(/^Subject: \d{6} is your Psar password reset code/m);
    expect(mail.raw).toMatch(/^From: Psar <no-reply@test\.psar\.example>/m);
    await confirm({ email: user.email, code: codeInMail(mail), newPassword: NEW_PASSWORD }).expect(204);
    expectProblem(await t.http().get('/api/v1/me').set(...bearer(user.accessToken)), 401);
    await login(user.email, NEW_PASSWORD).expect(200);

    // A Khmer user's mail is in Khmer (sent as base64 UTF-8), the code first.
    const khmer = await registerUser(t.http, { locale: 'km' });
    await reset({ email: khmer.email }).expect(202);
    const text = mailBody(await mailbox.next(khmer.email));
    expect(text).toMatch(/^\d{6}\n\nនេះជាលេខកូដ/);
  });

  it('tells nothing about accounts: unknown phone, unknown email and unverified phone get the same 202 and no code', async () => {
    const unverified = newPhone();
    await registerUser(t.http, { phone: unverified });
    const before = { sms: sms.sent.length, mail: mailbox.received.length };
    const answers = await Promise.all([
      reset({ phone: newPhone() }),
      reset({ email: 'nobody-at-all@test.psar.example' }),
      reset({ phone: unverified }),
    ]);
    for (const answer of answers) expect({ status: answer.status, body: answer.body }).toEqual({ status: 202, body: { expiresInMinutes: 10 } });
    await new Promise((r) => setTimeout(r, 300));
    expect({ sms: sms.sent.length, mail: mailbox.received.length }).toEqual(before);
    // And confirming there is the same refusal as a wrong code.
    expectProblem(await confirm({ phone: unverified, code: '123456', newPassword: NEW_PASSWORD }), 400, 'code');
    expectProblem(await confirm({ email: 'nobody-at-all@test.psar.example', code: '123456', newPassword: NEW_PASSWORD }), 400, 'code');
  });

  it('bad input names the field', async () => {
    expectProblem(await reset({}), 400, 'phone');
    expectProblem(await reset({ phone: 'not a number' }), 400, 'phone');
    expectProblem(await reset({ email: 'nope' }), 400, 'email');
    expectProblem(await reset({ phone: '012 345 678', email: 'a@b.example' }), 400, 'email');
    expectProblem(await confirm({ phone: '012 345 678', newPassword: NEW_PASSWORD }), 400, 'code');
    expectProblem(await confirm({ phone: '012 345 678', code: '123456' }), 400, 'newPassword');
    expectProblem(await confirm({ phone: '012 345 678', code: 123456, newPassword: NEW_PASSWORD }), 400, 'code');
  });

  it('an expired code is refused', async () => {
    const user = await verifiedUser();
    await reset({ phone: user.phone }).expect(202);
    const code = sms.lastCode(user.phone);
    await db.query(
      `UPDATE one_time_codes SET created_at = now() - interval '11 minutes', expires_at = now() - interval '1 minute'
       WHERE user_id = $1 AND purpose = 'password_reset' AND ended_at IS NULL`,
      [user.id],
    );
    expectProblem(await confirm({ phone: user.phone, code, newPassword: NEW_PASSWORD }), 400, 'code');
    await login(user.phone, TEST_PASSWORD).expect(200);
  });

  it('five wrong tries wear a code out: the right one is refused after them', async () => {
    const user = await verifiedUser();
    await reset({ phone: user.phone }).expect(202);
    const code = sms.lastCode(user.phone);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) expectProblem(await confirm({ phone: user.phone, code: wrong, newPassword: NEW_PASSWORD }), 400, 'code');
    expectProblem(await confirm({ phone: user.phone, code, newPassword: NEW_PASSWORD }), 400, 'code');
    await login(user.phone, TEST_PASSWORD).expect(200);
  });

  it('a new code replaces the one before; Khmer digits and spaces are accepted', async () => {
    const user = await verifiedUser();
    await reset({ phone: user.phone }).expect(202);
    const first = sms.lastCode(user.phone);
    await reset({ phone: user.phone }).expect(202);
    const second = sms.lastCode(user.phone);
    if (first !== second) expectProblem(await confirm({ phone: user.phone, code: first, newPassword: NEW_PASSWORD }), 400, 'code');
    const khmer = second.replace(/\d/g, (d) => String.fromCharCode(0x17e0 + Number(d)));
    await confirm({ phone: user.phone, code: `${khmer.slice(0, 3)} ${khmer.slice(3)}`, newPassword: NEW_PASSWORD }).expect(204);
  });

  it('the same code confirmed twice at once: exactly one succeeds', async () => {
    const user = await verifiedUser();
    await reset({ phone: user.phone }).expect(202);
    const code = sms.lastCode(user.phone);
    const answers = await Promise.all([
      confirm({ phone: user.phone, code, newPassword: NEW_PASSWORD }),
      confirm({ phone: user.phone, code, newPassword: 'the other new one 7' }),
      confirm({ phone: user.phone, code, newPassword: 'a third new one 8' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([204, 400, 400]);
    for (const answer of answers.filter((a) => a.status === 400)) expectProblem(answer, 400, 'code');
  });

  it('a code works only for the account it was sent to', async () => {
    const a = await verifiedUser();
    const b = await verifiedUser();
    await reset({ phone: a.phone }).expect(202);
    await reset({ phone: b.phone }).expect(202);
    const codeOfA = sms.lastCode(a.phone);
    if (codeOfA !== sms.lastCode(b.phone)) {
      expectProblem(await confirm({ phone: b.phone, code: codeOfA, newPassword: NEW_PASSWORD }), 400, 'code');
    }
    // A code sent by SMS is not one for the account's email either.
    expectProblem(await confirm({ email: a.email, code: codeOfA, newPassword: NEW_PASSWORD }), 400, 'code');
    await login(b.phone, TEST_PASSWORD).expect(200);
    await confirm({ phone: a.phone, code: codeOfA, newPassword: NEW_PASSWORD }).expect(204);
  });

  it('the sixth code asked for one number in an hour is refused with 429, and for one email', async () => {
    // Verified directly: the verification's own SMS would count as one of the number's five codes.
    const phone = newPhone();
    const registered = await registerUser(t.http, { phone });
    await db.query('UPDATE users SET phone_verified_at = now() WHERE id = $1', [registered.id]);
    const user = { ...registered, phone };
    const before = sms.to(user.phone).length;
    for (let i = 0; i < 5; i++) await reset({ phone: user.phone }).expect(202);
    const sixth = await reset({ phone: user.phone });
    expectProblem(sixth, 429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(3000);
    expect(sms.to(user.phone).length - before).toBe(5);

    // The limit counts for addresses with no account too (a 429 says nothing about accounts).
    const nobody = 'nobody-twice@test.psar.example';
    for (let i = 0; i < 5; i++) await reset({ email: nobody }).expect(202);
    expectProblem(await reset({ email: nobody }), 429);
  });

  it('50 requests at once for one number send at most 5 codes', async () => {
    const phone = newPhone();
    const user = await registerUser(t.http, { phone });
    await db.query('UPDATE users SET phone_verified_at = now() WHERE id = $1', [user.id]);
    const answers = await Promise.all(Array.from({ length: 50 }, () => reset({ phone })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 202).length).toBe(5);
    expect(statuses.filter((s) => s === 429).length).toBe(45);
    expect(sms.to(phone).length).toBe(5);
    const [live] = (await db.query("SELECT count(*)::int AS n FROM one_time_codes WHERE user_id = $1 AND ended_at IS NULL", [user.id])) as Array<{ n: number }>;
    expect(live!.n).toBe(1);
  });

  it('without an SMS gateway the request still answers 202, sends nothing and logs a warning', async () => {
    const user = await verifiedUser();
    sms.enabled = false;
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const before = sms.sent.length;
    await reset({ phone: user.phone }).expect(202, { expiresInMinutes: 10 });
    expect(sms.sent.length).toBe(before);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ userId: user.id }), expect.stringContaining('SMS is not configured'));
  });

  it('an SMS channel that fails still answers 202 (a 500 would tell the account exists), and logs the error', async () => {
    const user = await verifiedUser();
    jest.spyOn(sms, 'queue').mockRejectedValueOnce(new Error('gateway table is gone'));
    const error = jest.spyOn(Logger.prototype, 'error');
    await reset({ phone: user.phone }).expect(202, { expiresInMinutes: 10 });
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ userId: user.id }), 'the password-reset SMS could not be queued');
    // Rolled back with the failed send: no code was left that nobody received.
    const [live] = (await db.query("SELECT count(*)::int AS n FROM one_time_codes WHERE user_id = $1 AND purpose = 'password_reset'", [user.id])) as Array<{ n: number }>;
    expect(live!.n).toBe(0);
  });

  it('housekeeping deletes codes a day old and keeps newer ones', async () => {
    const user = await verifiedUser();
    await reset({ phone: user.phone }).expect(202);
    await db.query(`UPDATE one_time_codes SET created_at = now() - interval '25 hours', expires_at = now() - interval '24 hours' WHERE user_id = $1 AND purpose = 'password_reset'`, [user.id]);
    await t.app.get(IdentityHousekeepingService).purgeOneTimeCodes();
    const rows = (await db.query('SELECT purpose FROM one_time_codes WHERE user_id = $1', [user.id])) as Array<{ purpose: string }>;
    expect(rows).toEqual([{ purpose: 'phone_verification' }]);
  });
});
