import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { FromServer, ServerRole, ToServer } from './http-server';
import { prepareServerLoader } from './server-loader';

export interface AppChild {
  port: number;
  child: ChildProcess;
  /** Sends a control message (cpu, profile-start, …) and waits for its answer. */
  request(message: ToServer, answer: FromServer['type']): Promise<FromServer>;
  /** The process's CPU time so far (user and system, µs). */
  cpu(): Promise<NodeJS.CpuUsage>;
  stop(): Promise<void>;
}

/**
 * The real app (createApp, NODE_ENV=production) in its own process on 127.0.0.1, logging
 * to `logFile`, on `databaseUrl`; `env` adds settings (e.g. the same JWT_SECRET for two).
 * `role` 'bare-search' starts bench:listings' bare Fastify instead (http-server.ts).
 */
export async function startAppChild(databaseUrl: string, logFile: string, env: Record<string, string> = {}, role: ServerRole = 'app'): Promise<AppChild> {
  const loader = await prepareServerLoader('http-server');
  const logFd = openSync(logFile, 'w');
  const root = join(__dirname, '..', '..');
  const child = fork(loader.script, [role], {
    cwd: root,
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl, PSAR_BENCH_ROOT: root },
    execArgv: loader.execArgv,
    stdio: ['ignore', logFd, 'inherit', 'ipc'],
  });
  closeSync(logFd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: FromServer) => {
      if (message.type === 'ready') resolve(message.port);
      if (message.type === 'failed') reject(new Error(`the app failed to start: ${message.message}`));
    });
    void exited.then((code) => reject(new Error(`the app exited (code ${code}); see ${logFile}`)));
  });
  const request = (message: ToServer, answer: FromServer['type']) =>
    new Promise<FromServer>((resolve) => {
      const onMessage = (reply: FromServer) => {
        if (reply.type !== answer) return;
        child.off('message', onMessage);
        resolve(reply);
      };
      child.on('message', onMessage);
      child.send(message);
    });
  return {
    port,
    child,
    request,
    cpu: async () => ((await request({ type: 'cpu' }, 'cpu')) as Extract<FromServer, { type: 'cpu' }>).usage,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const deadline = setTimeout(() => child.kill('SIGKILL'), 20_000);
        if (child.connected) child.send({ type: 'stop' } satisfies ToServer);
        await exited;
        clearTimeout(deadline);
      }
      await loader.cleanUp();
    },
  };
}
