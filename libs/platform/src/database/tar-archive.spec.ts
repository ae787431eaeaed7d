import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTar, TAR_END, TarEntry, tarHeader, tarPadding } from './tar-archive';

function archive(files: { name: string; data: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  for (const { name, data } of files) {
    parts.push(tarHeader({ name, type: 'file', mode: 0o600, size: data.length, mtime: new Date(1_700_000_000_000) }), data, tarPadding(data.length));
  }
  return Buffer.concat([...parts, TAR_END]);
}

/** Feeds the archive in chunks of the given sizes, as a stream would. */
async function* chunks(buffer: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let offset = 0;
  for (let i = 0; offset < buffer.length; i++) {
    const size = sizes.length ? sizes[i % sizes.length]! : buffer.length;
    yield buffer.subarray(offset, offset + size);
    offset += size;
  }
}

async function read(source: AsyncIterable<Buffer>): Promise<{ entry: TarEntry; data: Buffer }[]> {
  const out: { entry: TarEntry; data: Buffer[] }[] = [];
  for await (const item of readTar(source)) {
    if (item.kind === 'entry') out.push({ entry: item.entry, data: [] });
    else out.at(-1)!.data.push(Buffer.from(item.data));
  }
  return out.map(({ entry, data }) => ({ entry, data: Buffer.concat(data) }));
}

const segment = fc.stringMatching(/^[a-z0-9_]{1,40}$/);

describe('tar archive', () => {
  it('reads back every file, whatever the names, sizes and stream chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ name: fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/')), data: fc.uint8Array({ maxLength: 2000 }) }), {
          selector: (file) => file.name,
          maxLength: 6,
        }),
        fc.array(fc.integer({ min: 1, max: 1500 }), { maxLength: 4 }),
        async (files, sizes) => {
          const entries = await read(chunks(archive(files.map((f) => ({ name: f.name, data: Buffer.from(f.data) }))), sizes));
          expect(entries.map((e) => [e.entry.name, e.entry.type, e.data.toString('hex')])).toEqual(
            files.map((f) => [f.name, 'file', Buffer.from(f.data).toString('hex')]),
          );
        },
      ),
    );
  });

  it('is a ustar archive that GNU tar lists and extracts, long paths included', () => {
    const long = `base/${'a'.repeat(90)}/${'b'.repeat(90)}/file`;
    const dir = mkdtempSync(join(tmpdir(), 'psar-tar-'));
    try {
      writeFileSync(join(dir, 'x.tar'), archive([{ name: 'PG_VERSION', data: Buffer.from('17\n') }, { name: long, data: Buffer.from('deep') }]));
      expect(execFileSync('tar', ['-tf', join(dir, 'x.tar')], { encoding: 'utf8' }).trim().split('\n')).toEqual(['PG_VERSION', long]);
      execFileSync('tar', ['-xf', join(dir, 'x.tar'), '-C', dir]);
      expect(readFileSync(join(dir, long), 'utf8')).toBe('deep');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a cut archive, a damaged header and a path out of the folder', async () => {
    const whole = archive([{ name: 'base/1/112', data: Buffer.alloc(3000, 7) }]);
    await expect(read(chunks(whole.subarray(0, 2000), []))).rejects.toThrow('ends early');
    const damaged = Buffer.from(whole);
    damaged[3] = 0x41;
    await expect(read(chunks(damaged, []))).rejects.toThrow('bad header checksum');
    await expect(read(chunks(archive([{ name: '../etc/passwd', data: Buffer.from('x') }]), []))).rejects.toThrow('unsafe path');
  });
});
