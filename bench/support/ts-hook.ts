/**
 * A require hook that compiles TypeScript like `ts-node --transpile-only` does, for the
 * benchmarked servers' process. Not ts-node itself: ts-node loads node:repl, which loads
 * node:domain, which slows every EventEmitter (every request) by several per cent — a
 * cost production (compiled JS) does not pay. bench/http.bench.ts transpiles this file
 * to a temporary .js and preloads it with `node -r`; PSAR_BENCH_ROOT is the repository.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = process.env.PSAR_BENCH_ROOT;
if (!root) throw new Error('ts-hook: PSAR_BENCH_ROOT is not set');
// This file runs from a temporary folder: load the project's packages from the project.
const fromRoot = createRequire(join(root, 'package.json'));
const ts = fromRoot('typescript') as typeof import('typescript');
const tsconfigPaths = fromRoot('tsconfig-paths') as typeof import('tsconfig-paths');

const configFile = join(root, 'tsconfig.json');
const { options } = ts.parseJsonConfigFileContent(ts.readConfigFile(configFile, ts.sys.readFile).config, ts.sys, root, undefined, configFile);
const compilerOptions = { ...options, sourceMap: false, inlineSourceMap: false, declaration: false, noEmit: false };
tsconfigPaths.register({ baseUrl: options.baseUrl ?? root, paths: options.paths ?? {} });

type CompilingModule = NodeJS.Module & { _compile(code: string, filename: string): void };
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  (module as CompilingModule)._compile(outputText, filename);
};
