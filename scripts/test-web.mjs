#!/usr/bin/env node
// The browser tests (apps/web/e2e), as `npm test` runs them after jest: builds the API and
// the web app, then runs Playwright in the installed Chromium. Without one it says so in one
// line, with the command that installs it, and does not fail.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
if (!chromium) {
  process.stdout.write('browser tests NOT run (apps/web/e2e/*.e2e.ts): no Chromium found; install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH)\n');
  process.exit(0);
}
const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('npm', ['run', '--silent', 'build']);
run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '-c', 'apps/web/playwright.config.ts', ...process.argv.slice(2)]);
