import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

/**
 * The browser tests' mail provider: a local SMTP server the test server sends to (SMTP_URL),
 * which writes each mail to a file in `dir` (the tests run in other processes than this one).
 */
export async function startMailbox(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  await mkdir(dir, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase()).join(',');
        const file = join(dir, `${Date.now()}-${++count}.eml`);
        writeFile(file, `X-Envelope-To: ${to}\r\n${Buffer.concat(chunks).toString('utf8')}`).then(() => callback(), callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The code of the newest mail to `to` in the mailbox (PSAR_WEB_MAILBOX), waiting for it to arrive. */
export async function codeMailedTo(to: string, timeoutMs = 15_000): Promise<string> {
  const dir = process.env.PSAR_WEB_MAILBOX;
  if (!dir) throw new Error('PSAR_WEB_MAILBOX is not set (apps/web/e2e/support/global-setup.ts)');
  const address = to.toLowerCase();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const names = (await readdir(dir)).sort().reverse();
    for (const name of names) {
      const raw = await readFile(join(dir, name), 'utf8');
      if (!raw.startsWith(`X-Envelope-To: ${address}\r\n`)) continue;
      // The body starts with the code on a line of its own (libs/identity code-messages.ts).
      const code = /^(\d{6})\r?\n/.exec(mailBody(raw))?.[1];
      if (code) return code;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail with a code to ${to} within ${timeoutMs} ms`);
}

/** The text of a single-part mail, decoded (nodemailer sends Khmer text as base64). */
function mailBody(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split);
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  if (/^Content-Transfer-Encoding: base64/im.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/^Content-Transfer-Encoding: quoted-printable/im.test(headers)) {
    return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  }
  return body;
}
