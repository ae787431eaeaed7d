/**
 * Just enough of the POSIX ustar format for cluster backups: regular files and folders.
 * The archives open with any tar (`tar -tzf backup.tar.gz`); the reader only needs to read ours.
 */

export interface TarEntry {
  /** Relative path with `/` separators; a folder ends with `/`. */
  name: string;
  type: 'file' | 'directory';
  mode: number;
  size: number;
  mtime: Date;
}

export type TarItem = { kind: 'entry'; entry: TarEntry } | { kind: 'data'; data: Buffer };

const BLOCK = 512;
const MAX_SIZE = 8 * 1024 ** 3 - 1; // 11 octal digits

export function tarHeader(entry: TarEntry): Buffer {
  if (entry.size > MAX_SIZE) throw new Error(`${entry.name} is too large for the archive`);
  const header = Buffer.alloc(BLOCK);
  const [prefix, name] = splitName(entry.name);
  header.write(name, 0, 100, 'utf8');
  writeOctal(header, entry.mode & 0o7777, 100, 8);
  writeOctal(header, 0, 108, 8);
  writeOctal(header, 0, 116, 8);
  writeOctal(header, entry.type === 'file' ? entry.size : 0, 124, 12);
  writeOctal(header, Math.floor(entry.mtime.getTime() / 1000), 136, 12);
  header.write(entry.type === 'file' ? '0' : '5', 156, 1, 'ascii');
  header.write('ustar\u000000', 257, 8, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  header.fill(' ', 148, 156);
  writeOctal(header, checksum(header), 148, 7);
  return header;
}

/** Zeros that fill a file's last block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

export const TAR_END = Buffer.alloc(2 * BLOCK);

/** Entries and their data, in archive order; throws on a damaged or cut archive. */
export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<TarItem> {
  let buffer = Buffer.alloc(0);
  let remaining = 0;
  let padding = 0;
  for await (const chunk of source) {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    for (;;) {
      if (remaining > 0) {
        if (!buffer.length) break;
        const data = buffer.subarray(0, Math.min(remaining, buffer.length));
        buffer = buffer.subarray(data.length);
        remaining -= data.length;
        yield { kind: 'data', data };
        continue;
      }
      if (padding > 0) {
        const skipped = Math.min(padding, buffer.length);
        buffer = buffer.subarray(skipped);
        padding -= skipped;
        if (padding > 0) break;
        continue;
      }
      if (buffer.length < BLOCK) break;
      const header = buffer.subarray(0, BLOCK);
      buffer = buffer.subarray(BLOCK);
      if (header.every((byte) => byte === 0)) return;
      const entry = parseHeader(header);
      yield { kind: 'entry', entry };
      if (entry.type === 'file') {
        remaining = entry.size;
        padding = tarPadding(entry.size).length;
      }
    }
  }
  throw new Error('the archive ends early (cut or damaged)');
}

function parseHeader(header: Buffer): TarEntry {
  const stored = parseInt(header.toString('ascii', 148, 156).replace(/\0.*$/, '').trim(), 8);
  if (stored !== checksum(header)) throw new Error('the archive is damaged (bad header checksum)');
  const field = (start: number, length: number) => header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
  const octal = (start: number, length: number) => parseInt(field(start, length).trim() || '0', 8);
  const prefix = field(345, 155);
  const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
  const flag = field(156, 1);
  if (flag !== '0' && flag !== '' && flag !== '5') throw new Error(`the archive holds ${name}, which is not a file or folder`);
  if (name.startsWith('/') || name.split('/').includes('..')) throw new Error(`the archive holds an unsafe path: ${name}`);
  return {
    name,
    type: flag === '5' ? 'directory' : 'file',
    mode: octal(100, 8),
    size: flag === '5' ? 0 : octal(124, 12),
    mtime: new Date(octal(136, 12) * 1000),
  };
}

function splitName(path: string): [string, string] {
  if (Buffer.byteLength(path) <= 100) return ['', path];
  // ustar keeps up to 155 bytes of leading folders apart, cut at a `/`.
  for (let cut = path.indexOf('/'); cut > 0; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const rest = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return [prefix, rest];
  }
  throw new Error(`${path} is too long for the archive`);
}

function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return sum;
}
