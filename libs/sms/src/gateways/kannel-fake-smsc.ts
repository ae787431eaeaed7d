import { connect, Socket } from 'node:net';

/** A message that left Kannel through its fake SMSC, its parts put back together. */
export interface FakeSmscMessage {
  from: string;
  to: string;
  text: string;
  coding: 'GSM-7' | 'UCS-2';
  parts: number;
  /** Date.now() when its last part came. */
  at: number;
}

function urlDecodeBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '%' && i + 2 < text.length + 0 && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '+') bytes.push(0x20);
    else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes);
}

function urlEncodeBytes(bytes: Buffer): string {
  return [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

function ucs2(bytes: Buffer): string {
  return Buffer.from(bytes).swap16().toString('utf16le');
}

/**
 * The fake SMSC's "data" lines do not say the coding. UCS-2's high bytes are mostly below
 * 0x20 (Latin, Khmer: U+0000–U+1FFF) or surrogates (emoji); GSM text's bytes are printable.
 */
function looksUcs2(bytes: Buffer): boolean {
  if (bytes.length === 0 || bytes.length % 2 !== 0) return false;
  let high = 0;
  for (let i = 0; i < bytes.length; i += 2) if (bytes[i]! < 0x20 || (bytes[i]! >= 0xd8 && bytes[i]! <= 0xdf)) high++;
  return high * 2 >= bytes.length / 2;
}

interface PartialMessage {
  parts: Array<Buffer | undefined>;
  coding: 'GSM-7' | 'UCS-2' | null;
}

/**
 * A client of the line protocol of Kannel's fake SMSC (what /usr/lib/kannel/test/fakesmsc
 * speaks): "sender receiver type data" per line, both ways. Sends messages as a phone would
 * (Khmer as UCS-2) and collects what Kannel delivers, concatenated parts joined.
 */
export class FakeSmscClient {
  readonly received: FakeSmscMessage[] = [];
  private buffer = '';
  private readonly partial = new Map<string, PartialMessage>();
  private readonly listeners = new Set<(message: FakeSmscMessage) => void>();

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let i = this.buffer.indexOf('\n'); i >= 0; i = this.buffer.indexOf('\n')) {
        const line = this.buffer.slice(0, i).replace(/\r$/, '');
        this.buffer = this.buffer.slice(i + 1);
        if (line.trim()) this.line(line);
      }
    });
  }

  static connect(port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<FakeSmscClient> {
    const giveUp = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const socket = connect(port, host);
        socket.once('connect', () => {
          socket.removeAllListeners('error');
          socket.on('error', () => undefined);
          resolve(new FakeSmscClient(socket));
        });
        socket.once('error', (error) => {
          socket.destroy();
          if (Date.now() > giveUp) reject(new Error(`fake SMSC on ${host}:${port}: ${error.message}`));
          else setTimeout(attempt, 100);
        });
      };
      attempt();
    });
  }

  /** One message from a phone to Psar's number; anything beyond ASCII goes as UCS-2, as a phone sends Khmer. */
  send(from: string, to: string, text: string): void {
    if (/\s/.test(from) || /\s/.test(to)) throw new Error('fake SMSC: numbers without spaces');
    const line = /^[\x20-\x7e]*$/.test(text)
      ? `${from} ${to} text ${text}`
      : `${from} ${to} ucs2 ${urlEncodeBytes(Buffer.from(text, 'utf16le').swap16())}`;
    this.socket.write(`${line}\n`, 'latin1');
  }

  onMessage(listener: (message: FakeSmscMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the messages to `to` once `count` have come (counting those already received), or rejects after `timeoutMs`. */
  waitFor(to: string, count = 1, timeoutMs = 10_000): Promise<FakeSmscMessage[]> {
    const mine = () => this.received.filter((m) => m.to === to);
    if (mine().length >= count) return Promise.resolve(mine());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`fake SMSC: ${mine().length} of ${count} message(s) to ${to} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onMessage(() => {
        if (mine().length < count) return;
        clearTimeout(timer);
        off();
        resolve(mine());
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private line(line: string): void {
    const [from, to, type, ...rest] = line.split(' ');
    if (!from || !to || !type) return;
    if (type === 'udh') {
      const [udhText, dataType, ...data] = rest;
      const udh = urlDecodeBytes(udhText ?? '');
      const body = dataType === 'text' ? Buffer.from(data.join(' '), 'latin1') : urlDecodeBytes(data.join(' '));
      // Concatenation element: 00 (8-bit reference) or 08 (16-bit): reference, total, sequence.
      const iei = udh[1];
      const [ref, total, seq] = iei === 0x08 ? [udh.readUInt16BE(3), udh[5]!, udh[6]!] : [udh[3]!, udh[4]!, udh[5]!];
      const id = `${from} ${to} ${ref}`;
      const partial = this.partial.get(id) ?? { parts: new Array<Buffer | undefined>(total).fill(undefined), coding: null };
      partial.parts[seq - 1] = body;
      this.partial.set(id, partial);
      if (partial.parts.some((p) => p === undefined)) return;
      this.partial.delete(id);
      const bytes = Buffer.concat(partial.parts as Buffer[]);
      const isUcs2 = looksUcs2(bytes);
      this.deliver({ from, to, text: isUcs2 ? ucs2(bytes) : bytes.toString('utf8'), coding: isUcs2 ? 'UCS-2' : 'GSM-7', parts: total, at: Date.now() });
      return;
    }
    const data = rest.join(' ');
    if (type === 'ucs-2' || type === 'ucs2') {
      this.deliver({ from, to, text: ucs2(urlDecodeBytes(data)), coding: 'UCS-2', parts: 1, at: Date.now() });
    } else if (type === 'data') {
      const bytes = urlDecodeBytes(data);
      const isUcs2 = looksUcs2(bytes);
      this.deliver({ from, to, text: isUcs2 ? ucs2(bytes) : bytes.toString('utf8'), coding: isUcs2 ? 'UCS-2' : 'GSM-7', parts: 1, at: Date.now() });
    } else {
      this.deliver({ from, to, text: Buffer.from(data, 'latin1').toString('utf8'), coding: 'GSM-7', parts: 1, at: Date.now() });
    }
  }

  private deliver(message: FakeSmscMessage): void {
    this.received.push(message);
    for (const listener of this.listeners) listener(message);
  }
}
