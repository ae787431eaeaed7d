import { SmsSender } from '@psar/platform';
import { randomInt } from 'node:crypto';
import { bearer, registerUser } from './support/identity';
import { expectProblem } from './support/problem';
import { RecordingSmsSender } from './support/sms';
import { createTestApp, TestApp } from './support/test-app';

/** An account made on the web proves its phone by a code sent to it by SMS. */
describe('identity: phone verification', () => {
  let t: TestApp;
  const sms = new RecordingSmsSender();
  const newPhone = () => `+85512${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  const send = (token: string) => t.http().post('/api/v1/me/phone-verification').set(...bearer(token));
  const confirm = (token: string, code: unknown) => t.http().post('/api/v1/me/phone-verification/confirm').set(...bearer(token)).send({ code });
  const me = async (token: string) => (await t.http().get('/api/v1/me').set(...bearer(token)).expect(200)).body.user as { phoneVerified: boolean };

  beforeAll(async () => {
    t = await createTestApp({}, { overrides: [{ provide: SmsSender, useValue: sms }] });
  });

  afterAll(() => t.close());

  afterEach(() => {
    sms.enabled = true;
  });

  it('sends a code by SMS in the user’s language; the code marks the phone verified, once', async () => {
    const phone = newPhone();
    const user = await registerUser(t.http, { phone, locale: 'en' });
    expect(await me(user.accessToken)).toMatchObject({ phoneVerified: false });

    await send(user.accessToken).expect(202, { expiresInMinutes: 10 });
    const [message] = sms.to(phone);
    expect(message).toMatchObject({ key: expect.stringMatching(/^phone-verification:[0-9a-f-]{36}$/), text: expect.stringMatching(/^\d{6} is your Psar code to confirm this phone/) });
    const code = sms.lastCode(phone);

    expectProblem(await confirm(user.accessToken, code === '999999' ? '000000' : '999999'), 400, 'code');
    expect(await me(user.accessToken)).toMatchObject({ phoneVerified: false });
    await confirm(user.accessToken, code).expect(204);
    expect(await me(user.accessToken)).toMatchObject({ phoneVerified: true });

    expectProblem(await confirm(user.accessToken, code), 400, 'code');
    expectProblem(await send(user.accessToken), 409);
  });

  it('a Khmer user gets the text in Khmer', async () => {
    const phone = newPhone();
    const user = await registerUser(t.http, { phone });
    await send(user.accessToken).expect(202);
    expect(sms.to(phone)[0]!.text).toMatch(/^\d{6} ជាលេខកូដបញ្ជាក់ទូរស័ព្ទ Psar/);
  });

  it('the same code confirmed twice at once: one 204, one refusal', async () => {
    const phone = newPhone();
    const user = await registerUser(t.http, { phone });
    await send(user.accessToken).expect(202);
    const code = sms.lastCode(phone);
    const answers = await Promise.all([confirm(user.accessToken, code), confirm(user.accessToken, code)]);
    expect(answers.map((a) => a.status).sort()).toEqual([204, 400]);
  });

  it('another user’s code does not verify my phone', async () => {
    const [phoneA, phoneB] = [newPhone(), newPhone()];
    const a = await registerUser(t.http, { phone: phoneA });
    const b = await registerUser(t.http, { phone: phoneB });
    await send(a.accessToken).expect(202);
    expectProblem(await confirm(b.accessToken, sms.lastCode(phoneA)), 400, 'code');
    expect(await me(b.accessToken)).toMatchObject({ phoneVerified: false });
  });

  it('refuses with problem+json: no phone (422), bad code (400), no SMS gateway (503), too many codes (429)', async () => {
    const emailOnly = await registerUser(t.http);
    expectProblem(await send(emailOnly.accessToken), 422, 'phone');

    const phone = newPhone();
    const user = await registerUser(t.http, { phone });
    expectProblem(await confirm(user.accessToken, 42), 400, 'code');
    expectProblem(await confirm(user.accessToken, ''), 400, 'code');

    sms.enabled = false;
    expectProblem(await send(user.accessToken), 503);
    sms.enabled = true;

    for (let i = 0; i < 5; i++) await send(user.accessToken).expect(202);
    expectProblem(await send(user.accessToken), 429);
    expect(sms.to(phone)).toHaveLength(5);
  });

  it('needs a signed-in user', async () => {
    expectProblem(await t.http().post('/api/v1/me/phone-verification'), 401);
  });
});
