import { EmbeddedPostgres, Environment, InvalidEnvironmentError, validateEnvironment } from '@psar/platform';

export function say(line: string): void {
  process.stdout.write(`psar: ${line}\n`);
}

/** Validates the environment or exits with one line naming what is wrong. */
export function loadEnvironment(): Environment {
  try {
    return validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`psar: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The embedded Postgres in EMBEDDED_PG_DIR (not started). */
export function embeddedPostgres(env: Environment, options: { shareRunning?: boolean } = {}): EmbeddedPostgres {
  return new EmbeddedPostgres({
    dataDir: env.EMBEDDED_PG_DIR,
    port: env.EMBEDDED_PG_PORT,
    database: 'psar',
    shareRunning: options.shareRunning,
    log: say,
  });
}

/**
 * With DATABASE_URL, that server; without, the embedded Postgres in EMBEDDED_PG_DIR,
 * started here (the CLI may share one a running app started). The returned env always has
 * DATABASE_URL set.
 */
export async function connectDatabase(
  env: Environment,
  options: { shareRunning?: boolean } = {},
): Promise<{ env: Environment; embedded?: EmbeddedPostgres }> {
  if (env.DATABASE_URL) return { env };
  const embedded = embeddedPostgres(env, options);
  await embedded.start();
  return { env: Object.assign(env, { DATABASE_URL: embedded.url }), embedded };
}
