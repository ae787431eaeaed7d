import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { MessagingModule, NotificationsService } from '@psar/messaging';
import { JobQueueService } from '@psar/platform';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { connectSocket, listen, nextEvent, quietFor, record } from './support/messaging';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

// Another module, as a later lib would be: it imports MessagingModule and registers its event type.
@Injectable()
class HarvestNotifications implements OnModuleInit {
  static calls = 0;

  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    this.notifications.registerEventType<{ organizationId: string; userId: string; product: string }>('probe.harvest_ready', (event) => {
      HarvestNotifications.calls += 1;
      return [
        { recipient: { organizationId: event.payload.organizationId }, kind: 'probe.harvest_ready', title: `${event.payload.product} is ready`, data: { product: event.payload.product } },
        // Everyone of the organization, and one user twice over: still one notification each per kind.
        { recipient: { organizationId: event.payload.organizationId, minRole: 'member' }, kind: 'probe.harvest_ready.team', title: 'Team: harvest ready' },
        { recipient: { userId: event.payload.userId }, kind: 'probe.harvest_ready.team', title: 'Team: harvest ready' },
        { recipient: { userId: event.payload.userId }, kind: 'probe.long', title: 'ក'.repeat(500), body: 'x'.repeat(5000) },
      ];
    });
  }
}

@Module({ imports: [MessagingModule], providers: [HarvestNotifications] })
class HarvestModule {}

describe('messaging: notifications', () => {
  let t: TestApp;
  let db: DataSource;
  let baseUrl: string;
  let groupOwner: RegisteredUser;
  let groupManager: RegisteredUser;
  let groupMember: RegisteredUser;
  let firmOwner: RegisteredUser;
  let firmManager: RegisteredUser;
  let firmMember: RegisteredUser;
  let group: CreatedOrganization;
  let firm: CreatedOrganization;
  const sockets: Socket[] = [];

  const feed = async (user: RegisteredUser, query = '') =>
    (await t.http().get(`/api/v1/notifications${query}`).set(...bearer(user.accessToken)).expect(200)).body as {
      items: Array<Record<string, any>>;
      nextCursor: string | null;
    };
  const recordEvent = (type: string, payload: Record<string, unknown>) =>
    db.transaction(async (manager) => {
      const [row] = await manager.query('INSERT INTO outbox_events (type, payload) VALUES ($1, $2) RETURNING id', [type, payload]);
      await t.app.get(JobQueueService).boss.send('outbox', { eventId: row.id }, { db: { executeSql: async (text, values) => ({ rows: await manager.query(text, values) }) } });
      return row.id as string;
    });
  const redeliver = async (eventId: string) => {
    await db.query('UPDATE outbox_events SET delivered_at = NULL WHERE id = $1', [eventId]);
    await t.app.get(JobQueueService).boss.send('outbox', { eventId });
    await eventually(async () => expect((await db.query('SELECT delivered_at FROM outbox_events WHERE id = $1', [eventId]))[0].delivered_at).not.toBeNull());
  };

  beforeAll(async () => {
    t = await createTestApp({}, { imports: [HarvestModule] });
    db = t.app.get(DataSource);
    baseUrl = await listen(t.app);
    [groupOwner, groupManager, groupMember, firmOwner, firmManager, firmMember] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => registerUser(t.http)));
    group = await createOrganization(t.http, groupOwner.accessToken, { name: 'Prey Veng Fish Farmers', kind: 'working_group' });
    firm = await createOrganization(t.http, firmOwner.accessToken, { name: 'Peam Ro Ponds' });
    await addMember(t.http, groupOwner.accessToken, group.id, groupManager.id, 'manager');
    await addMember(t.http, groupOwner.accessToken, group.id, groupMember.id, 'member');
    await addMember(t.http, firmOwner.accessToken, firm.id, firmManager.id, 'manager');
    await addMember(t.http, firmOwner.accessToken, firm.id, firmMember.id, 'member');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  it('a join request notifies the group’s owners and managers, live on their sockets, and no one else', async () => {
    const ownerSocket = await connectSocket(baseUrl, groupOwner.accessToken);
    const memberSocket = await connectSocket(baseUrl, groupMember.accessToken);
    const firmSocket = await connectSocket(baseUrl, firmOwner.accessToken);
    sockets.push(ownerSocket, memberSocket, firmSocket);
    const toMember = record(memberSocket, 'notification.created');
    const toFirm = record(firmSocket, 'notification.created');
    const live = nextEvent(ownerSocket, 'notification.created', (n) => n.kind === 'group.join_requested');

    await t.http().post(`/api/v1/organizations/${group.id}/member-organizations`).set(...bearer(firmOwner.accessToken)).send({ organizationId: firm.id }).expect(201);

    const pushed = await live;
    expect(pushed).toMatchObject({
      kind: 'group.join_requested',
      title: 'Peam Ro Ponds asks to join Prey Veng Fish Farmers',
      data: { groupId: group.id, organizationId: firm.id },
      readAt: null,
    });
    const stored = await feed(groupOwner);
    expect(stored.items).toEqual([pushed]);
    expect((await feed(groupManager)).items.map((n) => n.kind)).toEqual(['group.join_requested']);
    expect((await feed(groupMember)).items).toEqual([]);
    expect((await feed(firmOwner)).items).toEqual([]);
    await quietFor(200);
    expect(toMember).toEqual([]);
    expect(toFirm).toEqual([]);
  });

  it('approval and refusal notify the firm’s owners and managers', async () => {
    const live = nextEvent(sockets[2]!, 'notification.created');
    await t.http().post(`/api/v1/organizations/${group.id}/member-organizations/${firm.id}/approve`).set(...bearer(groupManager.accessToken)).expect(200);
    expect(await live).toMatchObject({ kind: 'group.join_approved', title: 'Prey Veng Fish Farmers accepted Peam Ro Ponds as a member' });
    await eventually(async () => expect((await feed(firmManager)).items.map((n) => n.kind)).toEqual(['group.join_approved']));
    expect((await feed(firmMember)).items).toEqual([]);

    const other = await createOrganization(t.http, firmMember.accessToken, { name: 'Small Pond' });
    await t.http().post(`/api/v1/organizations/${group.id}/member-organizations`).set(...bearer(firmMember.accessToken)).send({ organizationId: other.id }).expect(201);
    await t.http().post(`/api/v1/organizations/${group.id}/member-organizations/${other.id}/refuse`).set(...bearer(groupOwner.accessToken)).expect(200);
    await eventually(async () =>
      expect((await feed(firmMember)).items.map((n) => [n.kind, n.title])).toEqual([['group.join_refused', 'Prey Veng Fish Farmers declined Small Pond’s request to join']]),
    );
  });

  it('a redelivered event creates nothing new and pushes nothing', async () => {
    // Let the earlier tests' events (e.g. Small Pond's join request) finish arriving first.
    await eventually(async () => expect(await db.query('SELECT count(*)::int AS n FROM outbox_events WHERE delivered_at IS NULL')).toEqual([{ n: 0 }]));
    await quietFor(200);
    const [event] = await db.query("SELECT id FROM outbox_events WHERE type = 'group.join_requested' ORDER BY occurred_at LIMIT 1");
    const pushes = record(sockets[0]!, 'notification.created');
    const before = await db.query('SELECT count(*)::int AS n FROM notifications');
    await redeliver(event.id);
    await redeliver(event.id);
    expect(await db.query('SELECT count(*)::int AS n FROM notifications')).toEqual(before);
    await quietFor(200);
    expect(pushes).toEqual([]);
  });

  it('another module’s event type: organizations expanded by role, one per (event, user, kind), text cut to size, even delivered 50 times at once', async () => {
    const eventId = await recordEvent('probe.harvest_ready', { organizationId: firm.id, userId: firmMember.id, product: 'Tilapia' });
    await eventually(async () => expect((await feed(firmMember)).items.map((n) => n.kind)).toContain('probe.long'));
    const notifications = t.app.get(NotificationsService);
    const [row] = await db.query('SELECT id, type, payload, occurred_at FROM outbox_events WHERE id = $1', [eventId]);
    const drafts = [{ recipient: { organizationId: firm.id, minRole: 'member' as const }, kind: 'probe.harvest_ready.team', title: 'Team: harvest ready' }];
    await Promise.all(Array.from({ length: 50 }, () => notifications.createFromEvent({ id: row.id, type: row.type, payload: row.payload, occurredAt: row.occurred_at }, drafts)));

    const rows = (await db.query('SELECT user_id, kind, title, body FROM notifications WHERE event_id = $1 ORDER BY kind, user_id', [eventId])) as Array<{
      user_id: string;
      kind: string;
      title: string;
      body: string | null;
    }>;
    const byKind = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.user_id).sort();
    expect(byKind('probe.harvest_ready')).toEqual([firmOwner.id, firmManager.id].sort());
    expect(byKind('probe.harvest_ready.team')).toEqual([firmOwner.id, firmManager.id, firmMember.id].sort());
    const long = rows.find((r) => r.kind === 'probe.long')!;
    expect([...long.title]).toHaveLength(200);
    expect([...long.body!]).toHaveLength(1000);
  });

  it('lists newest first, unread only on request, paginated; marks one or all read; 404 for someone else’s', async () => {
    const all = await feed(firmOwner, '?limit=1');
    expect(all.items).toHaveLength(1);
    const rest = await feed(firmOwner, `?limit=100&cursor=${all.nextCursor}`);
    const items = [...all.items, ...rest.items];
    expect(items.map((n) => n.kind).sort()).toEqual(['group.join_approved', 'probe.harvest_ready', 'probe.harvest_ready.team']);
    expect(items[items.length - 1]!.kind).toBe('group.join_approved');
    const times = items.map((n) => Date.parse(n.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(items.map((n) => n.id)).size).toBe(items.length);

    const count = async () => (await t.http().get('/api/v1/notifications/unread-count').set(...bearer(firmOwner.accessToken)).expect(200)).body.count;
    expect(await count()).toBe(items.length);
    const first = items[0]!;
    const read = await t.http().post(`/api/v1/notifications/${first.id}/read`).set(...bearer(firmOwner.accessToken)).expect(200);
    expect(read.body).toMatchObject({ id: first.id, readAt: expect.any(String) });
    const again = await t.http().post(`/api/v1/notifications/${first.id}/read`).set(...bearer(firmOwner.accessToken)).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);
    expect((await feed(firmOwner, '?unread=true')).items.map((n) => n.id)).not.toContain(first.id);
    expect(await count()).toBe(items.length - 1);

    expectProblem(await t.http().post(`/api/v1/notifications/${first.id}/read`).set(...bearer(groupOwner.accessToken)), 404);
    expectProblem(await t.http().post('/api/v1/notifications/nope/read').set(...bearer(firmOwner.accessToken)), 400, 'id');
    expectProblem(await t.http().get('/api/v1/notifications?unread=maybe').set(...bearer(firmOwner.accessToken)), 400, 'unread');
    expectProblem(await t.http().get('/api/v1/notifications?cursor=abc').set(...bearer(firmOwner.accessToken)), 400, 'cursor');
    expectProblem(await t.http().get('/api/v1/notifications'), 401);

    const marked = await t.http().post('/api/v1/notifications/read-all').set(...bearer(firmOwner.accessToken)).expect(200);
    expect(marked.body).toEqual({ count: items.length - 1 });
    expect(await count()).toBe(0);
    expect((await feed(firmOwner, '?unread=true')).items).toEqual([]);
  });

  it('refuses a second registration of one event type', () => {
    expect(() => t.app.get(NotificationsService).registerEventType('probe.harvest_ready', () => [])).toThrow(/already registered/);
  });
});
