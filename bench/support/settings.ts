/** Prints a line of a benchmark's report. */
export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/**
 * A whole-number setting from the environment, `fallback` when unset or empty. With
 * `digitGroups`, `1_000_000` is read as 1000000 (for row counts).
 */
export function envInteger(name: string, fallback: number, min: number, options: { digitGroups?: boolean } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(options.digitGroups ? raw.replace(/_/g, '') : raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min} (got ${JSON.stringify(raw)})`);
  return value;
}
