import { ScheduledJobsService } from '@psar/platform';
import { EXPIRE_BOOKING_HOLDS_JOB } from '@psar/trade-fairs';
import { DataSource } from 'typeorm';
import { addMember, bearer, registerUser, RegisteredUser } from './support/identity';
import { eventually } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { createExhibitor, createOpenFair, createOrganizer, Exhibitor, Organizer, requestStall } from './support/trade-fairs';

describe('trade fairs: notifications through the outbox', () => {
  let t: TestApp;
  let db: DataSource;
  let organizer: Organizer;
  let organizerMember: RegisteredUser;
  let tiles: Exhibitor;
  let fish: Exhibitor;

  const kinds = async (user: RegisteredUser) =>
    ((await t.http().get('/api/v1/notifications').set(...bearer(user.accessToken)).expect(200)).body.items as Array<{ kind: string; title: string; body: string | null; count: number; data: Record<string, string> }>);
  const expectKinds = (user: RegisteredUser, expected: string[]) =>
    eventually(async () => expect((await kinds(user)).map((n) => n.kind).sort()).toEqual([...expected].sort()));

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    db = t.app.get(DataSource);
    organizer = await createOrganizer(t.http);
    organizerMember = await registerUser(t.http);
    await addMember(t.http, organizer.user.accessToken, organizer.org.id, organizerMember.id, 'member');
    [tiles, fish] = await Promise.all([createExhibitor(t.http, { name: 'Kiln Co' }), createExhibitor(t.http)]);
  });

  afterAll(() => t.close());

  it('tells the organizer of requests, and the exhibitor of approvals, rejections, expiries and cancellation', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 4, overrides: { name: 'Spring Fair' } });
    const approved = await requestStall(t.http, tiles.user.accessToken, fair.id, fair.stalls[0]!.id, tiles.org.id);
    const rejected = await requestStall(t.http, tiles.user.accessToken, fair.id, fair.stalls[1]!.id, tiles.org.id);
    const expiring = await requestStall(t.http, fish.user.accessToken, fair.id, fair.stalls[2]!.id, fish.org.id);
    await t.http().post(`/api/v1/stall-bookings/${approved.id}/approve`).set(...bearer(organizer.user.accessToken)).expect(200);
    await t.http().post(`/api/v1/stall-bookings/${rejected.id}/reject`).set(...bearer(organizer.user.accessToken)).send({ reason: 'One stall each' }).expect(200);
    await db.query(`UPDATE stall_bookings SET requested_at = now() - interval '4 days', hold_until = now() - interval '1 day' WHERE id = $1`, [expiring.id]);
    await t.app.get(ScheduledJobsService).runNow(EXPIRE_BOOKING_HOLDS_JOB);

    // Requests arrive as one digest per fair, updated while the organizer has not read it.
    await eventually(async () => {
      const requests = (await kinds(organizer.user)).filter((n) => n.kind === 'trade_fair.booking_requested');
      expect(requests).toEqual([expect.objectContaining({ count: 3, title: '3 stall requests at Spring Fair', data: { fairId: fair.id } })]);
      expect(requests[0]!.body).toContain('Kiln Co: stall A-01');
    });
    await expectKinds(organizer.user, ['trade_fair.booking_requested']);
    await expectKinds(tiles.user, ['trade_fair.booking_approved', 'trade_fair.booking_rejected']);
    await expectKinds(fish.user, ['trade_fair.booking_expired']);
    const rejection = (await kinds(tiles.user)).find((n) => n.kind === 'trade_fair.booking_rejected')!;
    expect(rejection.data).toMatchObject({ fairId: fair.id, bookingId: rejected.id });

    await t.http().post(`/api/v1/trade-fairs/${fair.id}/cancel`).set(...bearer(organizer.user.accessToken)).send({ reason: 'Storm warning' }).expect(200);
    await expectKinds(tiles.user, ['trade_fair.booking_approved', 'trade_fair.booking_rejected', 'trade_fair.cancelled']);
    // Fish's request had already expired: the cancellation ended nothing of theirs.
    await expectKinds(fish.user, ['trade_fair.booking_expired']);
    // Plain members of the organizer are not the ones who decide; they are not pinged.
    expect(await kinds(organizerMember)).toEqual([]);
  });

  it('tells the organizer when an exhibitor cancels, and the exhibitor when the organizer does', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 2 });
    const [a, b] = [
      await requestStall(t.http, tiles.user.accessToken, fair.id, fair.stalls[0]!.id, tiles.org.id),
      await requestStall(t.http, fish.user.accessToken, fair.id, fair.stalls[1]!.id, fish.org.id),
    ];
    await t.http().post(`/api/v1/stall-bookings/${a.id}/cancel`).set(...bearer(tiles.user.accessToken)).expect(200);
    await t.http().post(`/api/v1/stall-bookings/${b.id}/cancel`).set(...bearer(organizer.user.accessToken)).expect(200);
    await eventually(async () => {
      const feed = await kinds(organizer.user);
      expect(feed.filter((n) => n.kind === 'trade_fair.booking_cancelled' && n.data.bookingId === a.id)).toHaveLength(1);
      expect(feed.filter((n) => n.data.bookingId === b.id && n.kind === 'trade_fair.booking_cancelled')).toHaveLength(0);
      expect((await kinds(fish.user)).filter((n) => n.kind === 'trade_fair.booking_cancelled' && n.data.bookingId === b.id)).toHaveLength(1);
    });
  });
});
