import { MoneyDto, OutboxService, PageQuery, ScheduledJobsService, toPage, decodeCursor } from '@psar/platform';
import { Body, Controller, Get, Injectable, Module, OnModuleInit, Post, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsString, Length, ValidateNested } from 'class-validator';
import { DataSource } from 'typeorm';
import { expectProblem, eventually } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

class ProbeBody {
  @IsString()
  @Length(1, 50)
  name: string;

  @ValidateNested()
  @Type(() => MoneyDto)
  price: MoneyDto;
}

@Controller('probe')
class ProbeController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Post()
  create(@Body() body: ProbeBody) {
    return body;
  }

  // Newest first; keyset on id so rows added meanwhile never shift a page.
  @Get('items')
  async list(@Query() query: PageQuery) {
    const [before] = query.cursor ? decodeCursor(query.cursor, 1) : [null];
    const rows: Array<{ id: string; label: string }> = await this.db.query(
      'SELECT id::text, label FROM probe_items WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY probe_items.id DESC LIMIT $2',
      [before, query.limit + 1],
    );
    return toPage(rows, query.limit, (r) => [r.id]);
  }

  @Post('duplicate')
  async duplicate() {
    await this.db.query("INSERT INTO probe_items (label) VALUES ('twice'), ('twice')");
  }

  @Post('dangling')
  async dangling() {
    await this.db.query("INSERT INTO probe_children (item_id) VALUES (999999)");
  }

  @Get('boom')
  boom() {
    throw new Error('secret internals: password=hunter2');
  }
}

@Injectable()
class ProbeHandlers implements OnModuleInit {
  static calls = new Map<string, number>();

  static sweeps = 0;

  constructor(
    private readonly outbox: OutboxService,
    private readonly jobs: ScheduledJobsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit() {
    this.jobs.register('probe.sweep', '*/5 * * * *', async () => {
      ProbeHandlers.sweeps++;
    });
    // Fails the first delivery of each event: the outbox must retry it.
    this.outbox.subscribe<{ n: number }>('probe.flaky', 'probe-flaky', async (event) => {
      const calls = (ProbeHandlers.calls.get(event.id) ?? 0) + 1;
      ProbeHandlers.calls.set(event.id, calls);
      if (calls === 1) throw new Error('transient failure');
      await this.record(event.id);
    });
    this.outbox.subscribe('probe.steady', 'probe-steady', (event) => this.record(event.id));
  }

  private async record(eventId: string) {
    await this.db.query('INSERT INTO probe_deliveries (event_id) VALUES ($1) ON CONFLICT DO NOTHING', [eventId]);
  }
}

@Module({ controllers: [ProbeController], providers: [ProbeHandlers] })
class ProbeModule {}

describe('platform', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({}, { imports: [ProbeModule] });
    const db = t.app.get(DataSource);
    await db.query(`CREATE TABLE probe_items (id bigserial PRIMARY KEY, label text NOT NULL UNIQUE)`);
    await db.query(`CREATE TABLE probe_children (id bigserial PRIMARY KEY, item_id bigint NOT NULL REFERENCES probe_items(id))`);
    await db.query(`CREATE TABLE probe_deliveries (event_id uuid PRIMARY KEY)`);
  });

  afterAll(() => t.close());

  describe('errors as problem+json', () => {
    it('answers malformed JSON with 400', async () => {
      const res = await t.http().post('/api/v1/probe').set('content-type', 'application/json').send('{"name": "tiles",');
      expectProblem(res, 400);
    });

    it('answers a body over 1 MiB with 413', async () => {
      const res = await t
        .http()
        .post('/api/v1/probe')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ name: 'x'.repeat(1_100_000) }));
      expectProblem(res, 413);
    });

    it('answers an unknown route with 404', async () => {
      expectProblem(await t.http().get('/api/v1/no-such-thing'), 404);
      expectProblem(await t.http().delete('/nowhere'), 404);
    });

    it('names each bad field, nested ones by path', async () => {
      const res = await t.http().post('/api/v1/probe').send({ name: '', price: { amount: '12.345', currency: 'EUR' } });
      expectProblem(res, 400, 'name');
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'price.amount', 'price.currency']));
    });

    it('refuses fields that are not in the DTO (mass assignment)', async () => {
      const res = await t.http().post('/api/v1/probe').send({ name: 'tiles', price: { amount: '1', currency: 'USD' }, isAdmin: true });
      expectProblem(res, 400, 'isAdmin');
    });

    it('accepts a valid body and keeps money a decimal string', async () => {
      const res = await t.http().post('/api/v1/probe').send({ name: 'tiles', price: { amount: '12500.50', currency: 'KHR' } });
      expect(res.status).toBe(201);
      expect(res.body.price).toEqual({ amount: '12500.50', currency: 'KHR' });
    });

    it('answers an invalid query parameter with 400 naming it', async () => {
      expectProblem(await t.http().get('/api/v1/probe/items?limit=1000'), 400, 'limit');
      expectProblem(await t.http().get('/api/v1/probe/items?limit=abc'), 400, 'limit');
      expectProblem(await t.http().get('/api/v1/probe/items?cursor=not-a-cursor'), 400, 'cursor');
    });

    it('maps a unique violation to 409 and a foreign-key violation to 422', async () => {
      expectProblem(await t.http().post('/api/v1/probe/duplicate'), 409);
      expectProblem(await t.http().post('/api/v1/probe/dangling'), 422);
    });

    it('hides an unexpected error behind an error id', async () => {
      const res = await t.http().get('/api/v1/probe/boom');
      expectProblem(res, 500);
      expect(res.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
    });

    it('sends security headers and a request id', async () => {
      const res = await t.http().get('/health/live');
      expect(res.status).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBeDefined();
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const traced = await t.http().get('/health/live').set('x-request-id', 'lb-1234.abc');
      expect(traced.headers['x-request-id']).toBe('lb-1234.abc');
      const forged = await t.http().get('/health/live').set('x-request-id', 'bad id with spaces and $igns');
      expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('cursor pagination', () => {
    it('serves every row once while new rows arrive between pages', async () => {
      const db = t.app.get(DataSource);
      await db.query(`INSERT INTO probe_items (label) SELECT 'row ' || i FROM generate_series(1, 53) i`);
      const seen: string[] = [];
      let cursor: string | null = null;
      let inserted = 0;
      do {
        const res = await t.http().get('/api/v1/probe/items').query({ limit: 7, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((i: { label: string }) => i.label));
        cursor = res.body.nextCursor;
        await db.query('INSERT INTO probe_items (label) VALUES ($1)', [`late ${inserted++}`]);
      } while (cursor);
      const original = seen.filter((l) => l.startsWith('row '));
      expect(new Set(original).size).toBe(53);
      expect(original).toHaveLength(53);
      expect(seen.filter((l) => l.startsWith('late '))).toEqual([]);
    });

    it('defaults to 20 items and caps at 100', async () => {
      const res = await t.http().get('/api/v1/probe/items');
      expect(res.body.items).toHaveLength(20);
      expect(typeof res.body.nextCursor).toBe('string');
      expectProblem(await t.http().get('/api/v1/probe/items?limit=101'), 400, 'limit');
    });
  });

  describe('scheduled jobs', () => {
    it('puts a registered job on the pg-boss schedule and runs it on demand', async () => {
      const [schedule] = await t.app.get(DataSource).query("SELECT cron, options FROM pgboss.schedule WHERE name = 'probe.sweep'");
      expect(schedule.cron).toBe('*/5 * * * *');
      expect(schedule.options.tz).toBe('Asia/Phnom_Penh');
      const before = ProbeHandlers.sweeps;
      await t.app.get(ScheduledJobsService).runNow('probe.sweep');
      expect(ProbeHandlers.sweeps).toBe(before + 1);
    });
  });

  describe('transactional outbox', () => {
    const deliveries = async (eventId: string) =>
      (await t.app.get(DataSource).query('SELECT 1 FROM probe_deliveries WHERE event_id = $1', [eventId])).length as number;

    it('delivers an event at least once, retrying after a handler failure', async () => {
      const outbox = t.app.get(OutboxService);
      const eventId = await t.app.get(DataSource).transaction((m) => outbox.record(m, 'probe.flaky', { n: 1 }));
      await eventually(async () => expect(await deliveries(eventId)).toBe(1), 20_000);
      expect(ProbeHandlers.calls.get(eventId)).toBeGreaterThanOrEqual(2);
      const [row] = await t.app.get(DataSource).query('SELECT delivered_at, attempts, last_error FROM outbox_events WHERE id = $1', [eventId]);
      expect(row.delivered_at).not.toBeNull();
      expect(row.attempts).toBeGreaterThanOrEqual(2);
      expect(row.last_error).toBeNull();
    });

    it('records nothing when the transaction rolls back', async () => {
      const outbox = t.app.get(OutboxService);
      let eventId = '';
      await expect(
        t.app.get(DataSource).transaction(async (m) => {
          eventId = await outbox.record(m, 'probe.steady', {});
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      const rows = await t.app.get(DataSource).query('SELECT 1 FROM outbox_events WHERE id = $1', [eventId]);
      expect(rows).toHaveLength(0);
    });

    it('refuses to record outside a transaction', async () => {
      const outbox = t.app.get(OutboxService);
      await expect(outbox.record(t.app.get(DataSource).manager, 'probe.steady', {})).rejects.toThrow(/inside the transaction/);
    });

    it('delivers what was recorded before a worker restart', async () => {
      const outbox = t.app.get(OutboxService);
      await outbox.stopWorker();
      const eventId = await t.app.get(DataSource).transaction((m) => outbox.record(m, 'probe.steady', {}));
      await new Promise((r) => setTimeout(r, 1500));
      expect(await deliveries(eventId)).toBe(0);

      // A new process on the same database picks the event up.
      await t.close({ keepDatabase: true });
      t = await createTestApp({}, { imports: [ProbeModule], database: t.db });
      await eventually(async () => expect(await deliveries(eventId)).toBe(1), 20_000);
    });
  });
});
