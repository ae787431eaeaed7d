import { registerUser, TEST_PASSWORD } from './support/identity';
import { createKannelTestApp, describeWithKannel, type KannelTestApp } from './support/kannel';

const phone = `+85512${String(600000 + (process.pid % 100000)).slice(-6)}`;
const NEW_PASSWORD = 'clay kiln at dusk 77';

/**
 * A forgotten password by SMS, the code coming through a real Kannel: the phone is verified by
 * a code first, then a reset code ends every other session and the old password.
 */
describeWithKannel('sms: password reset by a code sent through a real Kannel', () => {
  let k: KannelTestApp;
  const login = (password: string) => k.t.http().post('/api/v1/auth/login').send({ login: phone, password });
  /** The six digits of the next SMS to the phone. */
  const nextCode = async () => {
    const n = k.smsc.received.filter((m) => m.to === phone).length + 1;
    const message = (await k.smsc.waitFor(phone, n, 20_000))[n - 1]!;
    return /(\d{6})/.exec(message.text)![1]!;
  };

  beforeAll(async () => {
    k = await createKannelTestApp();
  }, 60_000);

  afterAll(() => k?.close());

  it('verifies the phone, resets the password, ends the other sessions; a used code, and the sixth code in an hour, are refused', async () => {
    const user = await registerUser(k.t.http, { phone, locale: 'km' });
    const other = (await login(TEST_PASSWORD).expect(200)).body as { refreshToken: string };

    // Before its phone is verified, a reset sends nothing (and says nothing different).
    await k.t.http().post('/api/v1/auth/password-reset').send({ phone }).expect(202);
    await k.t.http().post('/api/v1/me/phone-verification').set('authorization', `Bearer ${user.accessToken}`).expect(202);
    const verification = await nextCode();
    expect(k.smsc.received.filter((m) => m.to === phone)).toHaveLength(1);
    expect(k.smsc.received.find((m) => m.to === phone)!.coding).toBe('UCS-2');
    await k.t.http().post('/api/v1/me/phone-verification/confirm').set('authorization', `Bearer ${user.accessToken}`).send({ code: verification }).expect(204);

    await k.t.http().post('/api/v1/auth/password-reset').send({ phone }).expect(202);
    const code = await nextCode();
    await k.t.http().post('/api/v1/auth/password-reset/confirm').send({ phone, code, newPassword: NEW_PASSWORD }).expect(204);
    expect((await login(TEST_PASSWORD)).status).toBe(401);
    await login(NEW_PASSWORD).expect(200);
    for (const refreshToken of [user.refreshToken, other.refreshToken]) {
      expect((await k.t.http().post('/api/v1/auth/refresh').send({ refreshToken })).status).toBe(401);
    }
    const reused = await k.t.http().post('/api/v1/auth/password-reset/confirm').send({ phone, code, newPassword: 'another long pass 99' });
    expect(reused.status).toBe(400);
    expect(reused.body.errors?.[0]?.field).toBe('code');

    // Every code asked for this number this hour counts, sent or not (so a 429 tells nothing): the sixth is refused.
    // Three were asked already (the unverified one, then the verification's and the reset's
    // codes): two more pass, the sixth of the hour is refused, and so is every one after it.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await k.t.http().post('/api/v1/auth/password-reset').send({ phone })).status);
    expect(statuses).toEqual([202, 202, 429, 429]);
  });
});
