import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync, writeFileSync, closeSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KannelConfigValues, KannelPorts, renderKannelConfig } from './kannel-config';

export const BEARERBOX = process.env.KANNEL_BEARERBOX ?? '/usr/sbin/bearerbox';
export const SMSBOX = process.env.KANNEL_SMSBOX ?? '/usr/sbin/smsbox';
export const KANNEL_INSTALL_HINT = 'sudo apt-get install -y kannel kannel-extras';

export function kannelInstalled(): boolean {
  return existsSync(BEARERBOX) && existsSync(SMSBOX);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function freeKannelPorts(): Promise<KannelPorts> {
  return { admin: await freePort(), smsbox: await freePort(), fakeSmsc: await freePort(), sendsms: await freePort() };
}

function waitForPort(port: number, child: ChildProcess, name: string, timeoutMs = 15_000): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) {
        reject(new Error(`${name} exited with ${child.exitCode} before listening on ${port}`));
        return;
      }
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > giveUp) reject(new Error(`${name} did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export interface RunningKannel {
  ports: KannelPorts;
  /** Folder of the generated kannel.conf and the logs. */
  dir: string;
  sendsmsUrl: string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * bearerbox and smsbox from deploy/kannel's configuration, on the given (or free) ports of
 * 127.0.0.1, with the generated config and the logs in a temporary folder. Resolves when
 * both listen.
 */
export async function startKannel(values: Omit<KannelConfigValues, 'ports' | 'logDir'> & { ports?: KannelPorts; dir?: string }): Promise<RunningKannel> {
  const ports = values.ports ?? (await freeKannelPorts());
  const dir = values.dir ?? (await mkdtemp(join(tmpdir(), 'psar-kannel-')));
  const configPath = join(dir, 'kannel.conf');
  writeFileSync(configPath, renderKannelConfig({ ...values, ports, logDir: dir }));
  const output = openSync(join(dir, 'boxes.out'), 'a');
  const children: ChildProcess[] = [];
  const stop = async () => {
    // smsbox first, so bearerbox does not queue for a box that is gone.
    for (const child of [...children].reverse()) await stopChild(child);
  };
  try {
    const bearerbox = spawn(BEARERBOX, [configPath], { stdio: ['ignore', output, output] });
    children.push(bearerbox);
    await waitForPort(ports.smsbox, bearerbox, 'bearerbox');
    const smsbox = spawn(SMSBOX, [configPath], { stdio: ['ignore', output, output] });
    children.push(smsbox);
    await waitForPort(ports.sendsms, smsbox, 'smsbox');
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message} (logs in ${dir})`);
  } finally {
    closeSync(output);
  }
  return { ports, dir, sendsmsUrl: `http://127.0.0.1:${ports.sendsms}/cgi-bin/sendsms`, stop };
}
