import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from './support/test-app';

const SCHEMA_FILE = join(__dirname, '../apps/web/src/api/schema.d.ts');
const HEADER = '// Generated from the API\'s /api/docs-json by `npm run api:generate`; do not edit by hand.\n\n';

/** openapi-typescript's own CLI: its library is ESM underneath, which jest's module loader cannot require. */
async function generateTypes(document: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'psar-openapi-'));
  try {
    const input = join(dir, 'openapi.json');
    await writeFile(input, JSON.stringify(document));
    const cli = join(__dirname, '../node_modules/openapi-typescript/bin/cli.js');
    const { stdout } = await promisify(execFile)(process.execPath, [cli, input], { maxBuffer: 32 * 1024 * 1024 });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The web app's typed client is generated from the server's own OpenAPI document. */
describe('web app API client', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches the OpenAPI document the server serves (regenerate with npm run api:generate)', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    const generated = HEADER + (await generateTypes(res.body));
    if (process.env.PSAR_WRITE_API_SCHEMA === '1') {
      await writeFile(SCHEMA_FILE, generated);
      return;
    }
    const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    // A plain boolean: a diff of two 5,000-line files says less than the fix does.
    if (committed !== generated) throw new Error('apps/web/src/api/schema.d.ts is out of date: run `npm run api:generate` and commit it');
  });
});
