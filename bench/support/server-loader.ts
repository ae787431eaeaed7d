import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';

export interface ServerLoader {
  execArgv: string[];
  script: string;
  cleanUp(): Promise<void>;
}

/**
 * How a benchmark's forked server process loads the TypeScript sources: through
 * ts-hook.ts, transpiled here to a temporary .js (see that file for why not ts-node).
 * `name` is the server's file in bench/support without extension, e.g. 'http-server'.
 */
export async function prepareServerLoader(name: string): Promise<ServerLoader> {
  if (!__filename.endsWith('.ts')) return { execArgv: [], script: join(__dirname, `${name}.js`), cleanUp: async () => undefined };
  const temp = await mkdtemp(join(tmpdir(), 'psar-bench-hook-'));
  const hookSource = join(__dirname, 'ts-hook.ts');
  const { outputText } = ts.transpileModule(readFileSync(hookSource, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: hookSource,
  });
  await writeFile(join(temp, 'ts-hook.js'), outputText);
  return {
    execArgv: ['-r', join(temp, 'ts-hook.js')],
    script: join(__dirname, `${name}.ts`),
    cleanUp: () => rm(temp, { recursive: true, force: true }),
  };
}
