// npm run sms:dev: Kannel (bearerbox + smsbox + a fake SMSC on 127.0.0.1) from deploy/kannel,
// pointed at the app on PORT, in the foreground until Ctrl-C. Its settings are the app's
// (KANNEL_SENDSMS_*, KANNEL_INBOUND_*), so one environment serves both.
import { KANNEL_DEV_INBOUND_PASSWORD, KANNEL_DEV_SENDSMS_PASSWORD } from '../libs/sms/src/gateways/kannel.gateway';
import { KANNEL_INSTALL_HINT, kannelInstalled, startKannel } from '../libs/sms/src/gateways/kannel-process';

const port = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    process.stderr.write(`${name} must be a port number (got ${process.env[name]})\n`);
    process.exit(1);
  }
  return value;
};

async function main(): Promise<void> {
  if (!kannelInstalled()) {
    process.stderr.write(`Kannel is not installed (no /usr/sbin/bearerbox); install it with: ${KANNEL_INSTALL_HINT}\n`);
    process.exit(1);
  }
  const appPort = port('PORT', 3000);
  const sendsmsUrl = new URL(process.env.KANNEL_SENDSMS_URL ?? 'http://127.0.0.1:13013/cgi-bin/sendsms');
  const ports = {
    admin: port('KANNEL_ADMIN_PORT', 13000),
    smsbox: port('KANNEL_SMSBOX_PORT', 13001),
    fakeSmsc: port('KANNEL_FAKE_SMSC_PORT', 10000),
    sendsms: Number(sendsmsUrl.port || 80),
  };
  const kannel = await startKannel({
    ports,
    appPort,
    sendsmsUser: process.env.KANNEL_SENDSMS_USER ?? 'psar',
    sendsmsPassword: process.env.KANNEL_SENDSMS_PASSWORD ?? KANNEL_DEV_SENDSMS_PASSWORD,
    inboundUser: process.env.KANNEL_INBOUND_USER ?? 'kannel',
    inboundPassword: process.env.KANNEL_INBOUND_PASSWORD ?? KANNEL_DEV_INBOUND_PASSWORD,
    adminPassword: process.env.KANNEL_ADMIN_PASSWORD ?? 'psar-dev-admin',
    sender: process.env.KANNEL_FROM,
    logLevel: Number(process.env.KANNEL_LOG_LEVEL ?? 1),
  });
  process.stdout.write(
    [
      `Kannel is up: fake SMSC on 127.0.0.1:${ports.fakeSmsc}, sendsms on ${kannel.sendsmsUrl}, messages posted to http://127.0.0.1:${appPort}/api/v1/sms/kannel/inbound`,
      `config and logs in ${kannel.dir}`,
      `start the app with SMS_GATEWAY=kannel (e.g. SMS_GATEWAY=kannel npm run start:dev), then: npm run sms:send -- +85512345678 HELP`,
      'Ctrl-C stops Kannel',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await kannel.stop();
    process.stdout.write('Kannel stopped\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: Error) => {
  process.stderr.write(`sms:dev: ${error.message}\n`);
  process.exit(1);
});
