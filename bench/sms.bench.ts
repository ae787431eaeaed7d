/**
 * npm run bench:sms — inbound SMS through the real Kannel, each answered exactly once.
 *
 * On a throwaway database (an embedded Postgres, or a new database on DATABASE_URL's server,
 * dropped at the end), the real app (SMS_GATEWAY=kannel, its pg-boss workers) listens on
 * 127.0.0.1 and a real bearerbox + smsbox from deploy/kannel post to it. A client of the fake
 * SMSC plays BENCH_SMS_NUMBERS phones (default 200) sending BENCH_SMS_MESSAGES messages
 * (default 1,000; HELP in Khmer script and in English, alternately) at BENCH_SMS_RATE per
 * second (default 50), and collects every reply that leaves Kannel. Latency is from the
 * message entering the fake SMSC to its reply leaving Kannel (a number's replies come in the
 * order of its messages). Appends the figures to BENCHMARKS.md unless BENCH_REPORT=false.
 *
 * Settings (environment): BENCH_SMS_MESSAGES, BENCH_SMS_RATE, BENCH_SMS_NUMBERS, BENCH_REPORT, DATABASE_URL.
 */
import { validateEnvironment } from '@psar/platform';
import { FakeSmscClient } from '@psar/sms/gateways/kannel-fake-smsc';
import { freeKannelPorts, freePort, KANNEL_INSTALL_HINT, kannelInstalled, startKannel } from '@psar/sms/gateways/kannel-process';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createApp } from '../apps/api/src/create-app';
import { openOwnDatabase } from './support/database';
import { appendSection, BENCHMARKS_FILE, describeMachine, loadAverage, machine } from './support/report';
import { envInteger, say } from './support/settings';

const TARGET_P99_MS = 2000;

const settings = {
  messages: envInteger('BENCH_SMS_MESSAGES', 1000, 1, { digitGroups: true }),
  rate: envInteger('BENCH_SMS_RATE', 50, 1),
  numbers: envInteger('BENCH_SMS_NUMBERS', 200, 1),
  report: process.env.BENCH_REPORT !== 'false',
};

const PSAR_NUMBER = '1234';
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main(): Promise<void> {
  if (!kannelInstalled()) throw new Error(`Kannel is not installed; install it with: ${KANNEL_INSTALL_HINT}`);
  const loadBefore = loadAverage();
  const db = await openOwnDatabase('psar_bench_sms', say);
  const ports = await freeKannelPorts();
  const appPort = await freePort();
  const credentials = {
    sendsmsUser: 'psar-bench',
    sendsmsPassword: randomBytes(12).toString('hex'),
    inboundUser: 'kannel-bench',
    inboundPassword: randomBytes(16).toString('hex'),
    adminPassword: randomBytes(12).toString('hex'),
  };
  const env = validateEnvironment({
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    SERVE_WEB_APP: 'false',
    DATABASE_URL: db.url,
    SEED_DEMO: 'false',
    SMS_GATEWAY: 'kannel',
    KANNEL_SENDSMS_URL: `http://127.0.0.1:${ports.sendsms}/cgi-bin/sendsms`,
    KANNEL_SENDSMS_USER: credentials.sendsmsUser,
    KANNEL_SENDSMS_PASSWORD: credentials.sendsmsPassword,
    KANNEL_INBOUND_USER: credentials.inboundUser,
    KANNEL_INBOUND_PASSWORD: credentials.inboundPassword,
    KANNEL_FROM: PSAR_NUMBER,
    SMS_INBOUND_PER_NUMBER_PER_HOUR: String(settings.messages),
    SMS_OUTBOUND_PER_NUMBER_PER_HOUR: String(settings.messages),
  });
  const app = await createApp(env);
  await app.listen(appPort, '127.0.0.1');
  const kannel = await startKannel({ ...credentials, ports, appPort, logLevel: 2 });
  const smsc = await FakeSmscClient.connect(ports.fakeSmsc);
  const pool = new Pool({ connectionString: db.url, max: 1 });
  try {
    const phones = Array.from({ length: settings.numbers }, (_, i) => `+8551${String(2000000 + i).padStart(7, '0')}`);
    const sent = new Map<string, number[]>();
    const latencies: number[] = [];
    const replies = new Map<string, number>();
    smsc.onMessage((message) => {
      const n = replies.get(message.to) ?? 0;
      replies.set(message.to, n + 1);
      const at = sent.get(message.to)?.[n];
      if (at !== undefined) latencies.push(message.at - at);
    });
    say(`sms: ${settings.messages} messages from ${settings.numbers} numbers at ${settings.rate}/s through Kannel (logs in ${kannel.dir})`);
    const started = Date.now();
    for (let i = 0; i < settings.messages; i++) {
      // Paced against the clock, not by sleeping a fixed interval, so the rate holds.
      const due = started + (i * 1000) / settings.rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const phone = phones[i % phones.length]!;
      const times = sent.get(phone) ?? [];
      times.push(Date.now());
      sent.set(phone, times);
      smsc.send(phone, PSAR_NUMBER, i % 2 === 0 ? 'ជំនួយ' : 'HELP');
    }
    const sendSeconds = (Date.now() - started) / 1000;
    const deadline = Date.now() + 60_000;
    while (latencies.length < settings.messages && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const lastReply = Date.now();
    // Long enough for a duplicate to show.
    await new Promise((r) => setTimeout(r, 3000));
    const totalReplies = [...replies.values()].reduce((a, b) => a + b, 0);
    const exactlyOnce = phones.filter((p) => (replies.get(p) ?? 0) === (sent.get(p)?.length ?? 0)).length;
    const { rows } = await pool.query<{ inbound: number; outbound: number; handled: number }>(
      `SELECT count(*) FILTER (WHERE direction = 'in')::int AS inbound, count(*) FILTER (WHERE direction = 'out')::int AS outbound,
              count(*) FILTER (WHERE direction = 'in' AND status = 'handled')::int AS handled FROM sms_messages`,
    );
    // The app's share: inbound stored → its reply handed to Kannel (the rest is Kannel, both ways).
    const { rows: inApp } = await pool.query<{ ms: number }>(
      `SELECT extract(epoch FROM o.sent_at - i.created_at) * 1000 AS ms, extract(epoch FROM o.created_at - i.created_at) * 1000 AS handled_ms
       FROM sms_messages i JOIN sms_messages o ON o.send_key = 'sms-reply:' || i.id
       WHERE i.direction = 'in' AND o.sent_at IS NOT NULL ORDER BY 1`,
    );
    const appMs = inApp.map((r) => Math.round(Number(r.ms)));
    const handledMs = inApp.map((r) => Math.round(Number((r as unknown as { handled_ms: number }).handled_ms))).sort((a, b) => a - b);
    const sorted = [...latencies].sort((a, b) => a - b);
    const [p50, p99, max] = [percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1] ?? NaN];
    const counts = rows[0]!;
    const lines = [
      `sent ${settings.messages} in ${sendSeconds.toFixed(1)} s (${(settings.messages / sendSeconds).toFixed(1)}/s); replies ${totalReplies}, numbers answered exactly once per message ${exactlyOnce}/${settings.numbers}`,
      `stored: ${counts.inbound} inbound (${counts.handled} handled), ${counts.outbound} outbound`,
      `inbound → reply leaving Kannel: p50 ${p50} ms, p99 ${p99} ms, max ${max} ms (last reply ${((lastReply - started) / 1000).toFixed(1)} s after the first message)`,
      `of which in the app: inbound stored → reply queued p50 ${percentile(handledMs, 50)} ms, p99 ${percentile(handledMs, 99)} ms; → reply handed to Kannel p50 ${percentile(appMs, 50)} ms, p99 ${percentile(appMs, 99)} ms`,
    ];
    for (const line of lines) say(line);
    const met = p99 <= TARGET_P99_MS && totalReplies === settings.messages && counts.outbound === settings.messages;
    say(`target p99 ≤ ${TARGET_P99_MS} ms, every message answered exactly once: ${met ? 'met' : 'NOT met'}`);
    if (settings.report) {
      const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
      await appendSection(
        [
          `## ${now} UTC — sms: inbound through the real Kannel, each answered once`,
          '',
          `- Machine: ${describeMachine(machine())}; load average before ${loadBefore}, after ${loadAverage()}`,
          `- ${settings.messages} messages from ${settings.numbers} numbers at ${settings.rate}/s (HELP in Khmer script and English, alternately) into Kannel 1.4 (bearerbox + smsbox, fake SMSC) on 127.0.0.1; the app (SMS_GATEWAY=kannel, in the benchmark's process) on ${db.description}`,
          '- Latency: from the message entering the fake SMSC to its reply leaving Kannel through it',
          '',
          ...lines.map((l) => `- ${l}`),
          '',
          `Target: p99 ≤ ${TARGET_P99_MS} ms and every message answered exactly once: **${met ? 'met' : 'not met'}**`,
        ].join('\n'),
      );
      say(`appended to ${BENCHMARKS_FILE}`);
    }
  } finally {
    smsc.close();
    await pool.end();
    await kannel.stop();
    await app.close();
    await db.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:sms: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
