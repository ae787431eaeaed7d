import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { DatabaseOutageLog } from './outage-log';

/**
 * Watches TypeORM's pool, the one requests use: while the database is away its queries fail
 * and are answered 503 (to-problem.ts); this logs the outage once and keeps a connection that
 * dies outside a query from ending the process.
 */
@Injectable()
export class ApiPoolWatch implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    new DatabaseOutageLog(this.logger, 'api').watch(pool);
  }
}
