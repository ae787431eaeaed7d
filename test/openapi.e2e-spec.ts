import SwaggerParser from '@apidevtools/swagger-parser';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { OpenAPI } from 'openapi-types';
import { createTestApp, TestApp } from './support/test-app';

const LIBS = join(__dirname, '..', 'libs');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the OpenAPI document', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  it('is valid OpenAPI 3 and documents errors on every operation', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    await SwaggerParser.validate(structuredClone(res.body) as OpenAPI.Document);
    const undocumented: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, { responses: Record<string, unknown> }>>(res.body.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (path.startsWith('/health')) continue;
        if (!Object.keys(operation.responses).some((status) => Number(status) >= 400)) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  // Swagger keys schemas by class name: two DTOs of one name silently share one schema.
  it('has no two DTO classes of the same name', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const file of sourceFiles(LIBS)) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/export class (\w+(?:Dto|Query))\b/g)) {
        const where = relative(LIBS, file);
        if (seen.has(name!)) duplicates.push(`${name} in ${seen.get(name!)} and ${where}`);
        else seen.set(name!, where);
      }
    }
    expect(duplicates).toEqual([]);
  });
});
