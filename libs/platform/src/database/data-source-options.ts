import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

export interface SchemaParts {
   
  entities: MixedList<Function | string | EntitySchema>;
   
  migrations: MixedList<Function | string>;
}

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  connectionTimeoutMs: number;
  statementTimeoutMs: number;
  applicationName?: string;
}

/** One place that turns settings into TypeORM options: the app, the CLI and the tests share it. */
export function dataSourceOptions(settings: DatabaseSettings, schema: SchemaParts): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Query errors are answered (and, when unexpected, logged) by the problem filter.
    logging: ['migration'],
    applicationName: settings.applicationName ?? 'psar',
    poolSize: settings.poolSize,
    extra: {
      // An exhausted pool must fail fast (answered as 503) rather than queue forever.
      connectionTimeoutMillis: settings.connectionTimeoutMs,
      statement_timeout: settings.statementTimeoutMs,
      idle_in_transaction_session_timeout: settings.statementTimeoutMs * 2,
    },
  };
}
