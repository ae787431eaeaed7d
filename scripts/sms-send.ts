// npm run sms:send -- <from> <text…>: one message from that phone number into Kannel's fake
// SMSC (as /usr/lib/kannel/test/fakesmsc would send it; Khmer as UCS-2), then every message
// that leaves Kannel for that number within SMS_SEND_WAIT_SECONDS (5), one per line.
import { FakeSmscClient } from '../libs/sms/src/gateways/kannel-fake-smsc';

async function main(): Promise<void> {
  const [from, ...words] = process.argv.slice(2);
  if (!from || words.length === 0) {
    process.stderr.write('usage: npm run sms:send -- <from> <text…>   e.g. npm run sms:send -- +85512345678 HELP\n');
    process.exit(2);
  }
  const port = Number(process.env.KANNEL_FAKE_SMSC_PORT ?? 10000);
  const to = process.env.KANNEL_FROM ?? '1234';
  const waitMs = Number(process.env.SMS_SEND_WAIT_SECONDS ?? 5) * 1000;
  const smsc = await FakeSmscClient.connect(port, '127.0.0.1', 3000).catch((error: Error) => {
    process.stderr.write(`${error.message}: is npm run sms:dev running?\n`);
    process.exit(1);
  });
  smsc.onMessage((message) => {
    if (message.to !== from) return;
    // One line per message: its line breaks shown as " | ".
    process.stdout.write(`${message.text.replace(/\r?\n/g, ' | ')}   [${message.coding}, ${message.parts} part${message.parts > 1 ? 's' : ''}]\n`);
  });
  smsc.send(from, to, words.join(' '));
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  if (!smsc.received.some((m) => m.to === from)) process.stderr.write(`nothing came back for ${from} within ${waitMs / 1000} s\n`);
  smsc.close();
}

void main();
