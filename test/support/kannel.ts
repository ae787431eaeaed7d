import { FakeSmscClient } from '@psar/sms/gateways/kannel-fake-smsc';
import { freeKannelPorts, freePort, KANNEL_INSTALL_HINT, kannelInstalled, RunningKannel, startKannel } from '@psar/sms/gateways/kannel-process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createTestApp, TestApp } from './test-app';

/** Psar's own number in the tests (what phones write to). */
export const PSAR_NUMBER = '1234';

export interface KannelTestApp {
  t: TestApp;
  kannel: RunningKannel;
  smsc: FakeSmscClient;
  inbound: { user: string; password: string; url: string };
  close(): Promise<void>;
}

/**
 * The test app listening on a real port of 127.0.0.1 with SMS_GATEWAY=kannel, a real
 * bearerbox + smsbox from deploy/kannel pointed at it, and a client of the fake SMSC that
 * plays the phones. One per test file.
 */
export async function createKannelTestApp(overrides: Record<string, string> = {}): Promise<KannelTestApp> {
  const ports = await freeKannelPorts();
  const appPort = await freePort();
  const credentials = {
    sendsmsUser: 'psar-test',
    sendsmsPassword: randomBytes(12).toString('hex'),
    inboundUser: 'kannel-test',
    inboundPassword: randomBytes(16).toString('hex'),
    adminPassword: randomBytes(12).toString('hex'),
  };
  const t = await createTestApp({
    SMS_GATEWAY: 'kannel',
    KANNEL_SENDSMS_URL: `http://127.0.0.1:${ports.sendsms}/cgi-bin/sendsms`,
    KANNEL_SENDSMS_USER: credentials.sendsmsUser,
    KANNEL_SENDSMS_PASSWORD: credentials.sendsmsPassword,
    KANNEL_INBOUND_USER: credentials.inboundUser,
    KANNEL_INBOUND_PASSWORD: credentials.inboundPassword,
    KANNEL_FROM: PSAR_NUMBER,
    ...overrides,
  });
  let kannel: RunningKannel | undefined;
  try {
    await t.app.listen(appPort, '127.0.0.1');
    kannel = await startKannel({ ...credentials, ports, appPort, logLevel: Number(process.env.KANNEL_LOG_LEVEL ?? 2) });
    const smsc = await FakeSmscClient.connect(ports.fakeSmsc);
    return {
      t,
      kannel,
      smsc,
      inbound: { user: credentials.inboundUser, password: credentials.inboundPassword, url: '/api/v1/sms/kannel/inbound' },
      async close() {
        smsc.close();
        await kannel!.stop();
        // The generated config and Kannel's logs; KANNEL_KEEP_LOGS=1 keeps them to read.
        if (!process.env.KANNEL_KEEP_LOGS) await rm(kannel!.dir, { recursive: true, force: true });
        await t.close();
      },
    };
  } catch (error) {
    await kannel?.stop();
    await t.close();
    throw error;
  }
}

/**
 * `describe` for tests that run the real Kannel. Without it installed they do not run, and
 * say so in one line with the command that installs it (as the browser tests do without Chromium).
 */
export function describeWithKannel(name: string, tests: () => void): void {
  if (kannelInstalled()) {
    describe(name, tests);
    return;
  }
  process.stdout.write(`Kannel tests NOT run (${name}): no /usr/sbin/bearerbox; install it with: ${KANNEL_INSTALL_HINT}\n`);
  describe.skip(name, tests);
}
