import { existsSync, readFileSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { arch, cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';

export const BENCHMARKS_FILE = join(__dirname, '..', '..', 'BENCHMARKS.md');

// BENCHMARKS.md carries the header explaining each benchmark; this only stands in if it is gone.
const HEADER = '# Benchmarks\n\nEach benchmark in `bench/` prints its figures and appends a dated section here.\n';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
}

export function machine(): Machine {
  const cpuList = cpus();
  let distro = '';
  try {
    distro = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '';
  } catch {
    // not Linux, or no os-release: the kernel line is enough
  }
  return {
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()} ${arch()}${distro ? ` (${distro})` : ''}`,
  };
}

export function describeMachine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}; ${m.os}`;
}

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** Appends a section to BENCHMARKS.md, creating the file with its header the first time. */
export async function appendSection(markdown: string): Promise<void> {
  if (!existsSync(BENCHMARKS_FILE)) await writeFile(BENCHMARKS_FILE, HEADER);
  await appendFile(BENCHMARKS_FILE, `\n${markdown.trimEnd()}\n`);
}
