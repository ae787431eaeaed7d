import 'reflect-metadata';
import { dataSourceOptions } from '@psar/platform';
import { DataSource } from 'typeorm';
import { connectDatabase, loadEnvironment } from './database';
import { schema } from './schema';

/** For the TypeORM CLI (`npm run migration:generate`); the app itself does not use it. */
export default (async () => {
  const { env } = await connectDatabase(loadEnvironment());
  return new DataSource(
    dataSourceOptions({ url: env.DATABASE_URL!, poolSize: 2, connectionTimeoutMs: 10_000, statementTimeoutMs: 0 }, schema),
  );
})();
