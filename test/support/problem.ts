import type { Response } from 'supertest';

/** Asserts a problem+json answer with this status, and (optionally) an error naming `field`. */
export function expectProblem(res: Response, status: number, field?: string): void {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
    status,
    type: expect.stringContaining('application/problem+json'),
  });
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(JSON.stringify(res.body)).not.toMatch(/QueryFailedError|at .*\.ts:\d+|SELECT |INSERT /);
  if (field) {
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  }
}

/** Polls until `check` stops throwing or the deadline passes (for asynchronous delivery). */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
