import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, RegisteredUser } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { createSupplier, createTraining, registerUsers, sessionBody, startSession, Supplier } from './support/training-events';

interface ScanBody {
  scanId: string;
  code: string;
  scannedAt: string;
  deviceId: string;
}
interface ScanResult {
  scanId: string;
  result: 'accepted' | 'duplicate' | 'unknown' | 'refused';
  reason: string | null;
  registrationId: string | null;
}

describe('training events: offline check-in (list, batch upload, CSV)', () => {
  let t: TestApp;
  let db: DataSource;
  let supplier: Supplier;
  let staff: RegisteredUser;
  let manager: RegisteredUser;
  let people: RegisteredUser[];
  let other: Supplier;

  const path = (sessionId: string, suffix: string) => `/api/v1/training-sessions/${sessionId}${suffix}`;
  const register = (token: string, sessionId: string, body: Record<string, unknown> = {}) =>
    t.http().post(path(sessionId, '/registrations')).set(...bearer(token)).send(body);
  const list = (token: string, sessionId: string) => t.http().get(path(sessionId, '/check-in-list')).set(...bearer(token));
  const upload = (token: string, sessionId: string, scans: unknown) =>
    t.http().post(path(sessionId, '/check-ins/batch')).set(...bearer(token)).send({ scans });
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const scan = (code: string, minutes: number, deviceId = 'phone-a'): ScanBody => ({ scanId: randomUUID(), code, scannedAt: minutesAgo(minutes), deviceId });
  const scanCount = async (sessionId: string) =>
    ((await db.query('SELECT count(*)::int AS n FROM training_check_in_scans WHERE session_id = $1', [sessionId])) as Array<{ n: number }>)[0]!.n;
  const checkedIn = async (sessionId: string) =>
    new Map(
      (
        (await db.query('SELECT check_in_code, checked_in_at FROM training_registrations WHERE session_id = $1 AND check_in_code IS NOT NULL', [
          sessionId,
        ])) as Array<{ check_in_code: string; checked_in_at: Date | null }>
      ).map((r) => [r.check_in_code, r.checked_in_at?.toISOString() ?? null]),
    );
  /** A session (not started) with `count` walk-ins entered by staff: codes without new accounts. */
  const sessionWithWalkIns = async (count: number, capacity = 60) => {
    const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
      sessions: [sessionBody(5, { capacity })],
    });
    const sessionId = training.sessions[0]!.id;
    const codes: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await register(staff.accessToken, sessionId, { attendeeName: `Walk-in ${i}`, attendeePhone: `+8551270${String(i).padStart(4, '0')}` });
      expect(res.status).toBe(201);
      codes.push(res.body.checkInCode);
    }
    return { sessionId, trainingId: training.id, codes };
  };

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    db = t.app.get(DataSource);
    supplier = await createSupplier(t.http);
    other = await createSupplier(t.http);
    [staff, manager, ...people] = await registerUsers(t.http, 10);
    await addMember(t.http, supplier.owner.accessToken, supplier.organization.id, staff!.id, 'member');
    await addMember(t.http, supplier.owner.accessToken, supplier.organization.id, manager!.id, 'manager');
  }, 120_000);

  afterAll(() => t.close());

  describe('one session at the door', () => {
    let sessionId: string;
    let otherSessionCode: string;
    const codes: Record<string, string> = {};
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
        sessions: [sessionBody(5, { capacity: 3 }), sessionBody(7, { capacity: 3 })],
      });
      sessionId = training.sessions[0]!.id;
      const firm = await createOrganization(t.http, people[1]!.accessToken, { name: 'Kampong Cham Pig Farmers' });
      const regs = [
        await register(people[0]!.accessToken, sessionId),
        await register(people[1]!.accessToken, sessionId, { organizationId: firm.id, seats: 1 }),
        await register(people[2]!.accessToken, sessionId),
        await register(people[3]!.accessToken, sessionId), // waitlisted, promoted when p2 cancels
        await register(people[4]!.accessToken, sessionId), // stays waitlisted
      ];
      regs.forEach((r, i) => {
        expect(r.status).toBe(201);
        ids[`p${i}`] = r.body.id;
        if (r.body.checkInCode) codes[`p${i}`] = r.body.checkInCode;
      });
      await t.http().delete(path(sessionId, `/registrations/${ids.p2}`)).set(...bearer(people[2]!.accessToken)).expect(204);
      const promoted = await t.http().get(path(sessionId, `/registrations/${ids.p3}`)).set(...bearer(people[3]!.accessToken)).expect(200);
      codes.p3 = promoted.body.checkInCode;
      otherSessionCode = (await register(people[5]!.accessToken, training.sessions[1]!.id).expect(201)).body.checkInCode;
      await startSession(db, sessionId);
    });

    it('the list: every registration with code, name, seats, status; its version changes when a check-in does', async () => {
      const first = await list(staff.accessToken, sessionId).expect(200);
      expect(first.body.version).toEqual(expect.any(String));
      const byId = new Map(first.body.registrations.map((r: { id: string }) => [r.id, r]));
      expect(first.body.registrations).toHaveLength(5);
      expect(byId.get(ids.p0!)).toEqual({ id: ids.p0, code: codes.p0, name: people[0]!.name, seats: 1, status: 'confirmed', checkedInAt: null });
      expect(byId.get(ids.p2!)).toMatchObject({ status: 'cancelled', code: codes.p2 });
      expect(byId.get(ids.p3!)).toMatchObject({ status: 'confirmed', code: codes.p3 });
      expect(byId.get(ids.p4!)).toMatchObject({ status: 'waitlisted', code: null, name: people[4]!.name });

      // Nothing changed: the same version.
      expect((await list(manager.accessToken, sessionId).expect(200)).body.version).toBe(first.body.version);
      // A check-in at the counter changes it.
      await t.http().post(path(sessionId, '/check-ins')).set(...bearer(staff.accessToken)).send({ code: codes.p0 }).expect(200);
      const second = await list(staff.accessToken, sessionId).expect(200);
      expect(second.body.version).not.toBe(first.body.version);
      expect(second.body.registrations.find((r: { id: string }) => r.id === ids.p0).checkedInAt).toEqual(expect.any(String));
    });

    it('a batch with one code twice and one unknown: 1 accepted, 1 duplicate, 1 unknown; the time is the earliest scan', async () => {
      const before = (await list(staff.accessToken, sessionId).expect(200)).body.version;
      const unknown = ['222222', '333333', '444444'].find((c) => !Object.values(codes).includes(c) && c !== otherSessionCode)!;
      const scans = [scan(codes.p1!, 20, 'phone-a'), scan(codes.p1!.toLowerCase(), 25, 'phone-a'), scan(unknown, 22, 'phone-a')];
      const res = await upload(staff.accessToken, sessionId, scans).expect(200);
      const results = res.body.results as ScanResult[];
      expect(results.map((r) => r.scanId)).toEqual(scans.map((s) => s.scanId));
      // Of the two scans of p1, the earlier (25 minutes ago) is the one that checked in.
      expect(results.map((r) => r.result)).toEqual(['duplicate', 'accepted', 'unknown']);
      expect(results[2]).toEqual({ scanId: scans[2]!.scanId, result: 'unknown', reason: 'no-such-code', registrationId: null });
      expect(results[0]).toEqual({ scanId: scans[0]!.scanId, result: 'duplicate', reason: null, registrationId: ids.p1 });
      expect((await checkedIn(sessionId)).get(codes.p1!)).toBe(new Date(scans[1]!.scannedAt).toISOString());
      expect((await list(staff.accessToken, sessionId).expect(200)).body.version).not.toBe(before);

      // The replay gets the same answers and records nothing.
      const countBefore = await scanCount(sessionId);
      const times = await checkedIn(sessionId);
      const version = (await list(staff.accessToken, sessionId).expect(200)).body.version;
      const replay = await upload(staff.accessToken, sessionId, scans).expect(200);
      expect(replay.body).toEqual(res.body);
      expect(await scanCount(sessionId)).toBe(countBefore);
      expect(await checkedIn(sessionId)).toEqual(times);
      expect((await list(staff.accessToken, sessionId).expect(200)).body.version).toBe(version);
    });

    it('a code already checked in at the counter is a duplicate; an earlier offline scan moves its time back', async () => {
      const atCounter = (await checkedIn(sessionId)).get(codes.p0!)!;
      const early = scan(codes.p0!, 50, 'phone-b');
      const res = await upload(staff.accessToken, sessionId, [early]).expect(200);
      expect(res.body.results[0]).toMatchObject({ result: 'duplicate', registrationId: ids.p0 });
      expect((await checkedIn(sessionId)).get(codes.p0!)).toBe(new Date(early.scannedAt).toISOString());
      expect(new Date(early.scannedAt).getTime()).toBeLessThan(new Date(atCounter).getTime());
      // A later scan does not move it forward.
      await upload(staff.accessToken, sessionId, [scan(codes.p0!, 1, 'phone-b')]).expect(200);
      expect((await checkedIn(sessionId)).get(codes.p0!)).toBe(new Date(early.scannedAt).toISOString());
    });

    it('a cancelled registration, a waitlisted person, another session: unknown, with the reason', async () => {
      const res = await upload(staff.accessToken, sessionId, [scan(codes.p2!, 5), scan(otherSessionCode, 5)]).expect(200);
      expect(res.body.results.map((r: ScanResult) => [r.result, r.reason])).toEqual([
        ['unknown', 'registration-cancelled'],
        ['unknown', 'code-for-another-session'],
      ]);
      expect((await checkedIn(sessionId)).get(codes.p2!)).toBeNull();
    });

    it("another organization's token: the list and CSV 404, the upload 403 (as check-in); a registrant 403; no token 401", async () => {
      for (const token of [other.owner.accessToken, people[0]!.accessToken]) {
        expectProblem(await list(token, sessionId), 404);
        expectProblem(await t.http().get(path(sessionId, '/attendance.csv')).set(...bearer(token)), 404);
        expectProblem(await upload(token, sessionId, [scan(codes.p3!, 5)]), 403);
      }
      // A plain member scans at the door but the attendance sheet is for managers.
      expectProblem(await t.http().get(path(sessionId, '/attendance.csv')).set(...bearer(staff.accessToken)), 403);
      expectProblem(await t.http().get(path(sessionId, '/check-in-list')), 401);
      expectProblem(await t.http().post(path(sessionId, '/check-ins/batch')).send({ scans: [scan(codes.p3!, 5)] }), 401);
      expectProblem(await list(staff.accessToken, '00000000-0000-4000-8000-000000000000'), 404);
      expect((await checkedIn(sessionId)).get(codes.p3!)).toBeNull();
    });

    it('malformed and oversized bodies: 400 naming the field, nothing recorded, never a 500', async () => {
      const countBefore = await scanCount(sessionId);
      const good = () => scan(codes.p3!, 5);
      const cases: Array<[unknown, string]> = [
        [undefined, 'scans'],
        [[], 'scans'],
        ['nope', 'scans'],
        [Array.from({ length: 501 }, good), 'scans'],
        [[good(), good(), good(), { ...good(), code: 'abc' }], 'scans[3].code'],
        [[good(), { ...good(), code: 42 }], 'scans[1].code'],
        [[{ ...good(), scanId: 'not-a-uuid' }], 'scans[0].scanId'],
        [[{ ...good(), scannedAt: '2026-13-40T08:00:00+07:00' }], 'scans[0].scannedAt'],
        [[{ ...good(), scannedAt: '2026-12-01T08:00:00' }], 'scans[0].scannedAt'],
        [[good(), { ...good(), scannedAt: new Date(Date.now() + 3_600_000).toISOString() }], 'scans[1].scannedAt'],
        [[{ ...good(), scannedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() }], 'scans[0].scannedAt'],
        [[{ ...good(), deviceId: '' }], 'scans[0].deviceId'],
        [[{ scanId: randomUUID(), code: codes.p3, scannedAt: minutesAgo(1) }], 'scans[0].deviceId'],
        [[{ ...good(), deviceId: 'x'.repeat(101) }], 'scans[0].deviceId'],
        [[{ ...good(), extra: 1 }], 'scans[0].extra'],
        [[null], ''],
        [[good(), 'scan'], ''],
      ];
      for (const [scans, field] of cases) {
        expectProblem(await upload(staff.accessToken, sessionId, scans), 400, field || undefined);
      }
      // The same scanId carrying two different scans.
      const twin = good();
      expectProblem(await upload(staff.accessToken, sessionId, [twin, { ...twin, code: codes.p1 }]), 400, 'scans[1].scanId');
      // The same scan twice in one batch is one scan.
      const same = await upload(staff.accessToken, sessionId, [twin, twin]).expect(200);
      expect(same.body.results.map((r: ScanResult) => r.result)).toEqual(['accepted', 'accepted']);
      expect(await scanCount(sessionId)).toBe(countBefore + 1);

      expectProblem(await t.http().post(path('not-a-uuid', '/check-ins/batch')).set(...bearer(staff.accessToken)).send({ scans: [good()] }), 400, 'id');
      const huge = await t
        .http()
        .post(path(sessionId, '/check-ins/batch'))
        .set(...bearer(staff.accessToken))
        .set('content-type', 'application/json')
        .send(JSON.stringify({ scans: [{ ...good(), deviceId: 'x'.repeat(2_000_000) }] }));
      expectProblem(huge, 413);
      const broken = await t.http().post(path(sessionId, '/check-ins/batch')).set(...bearer(staff.accessToken)).set('content-type', 'application/json').send('{"scans":[');
      expectProblem(broken, 400);
      expect(await scanCount(sessionId)).toBe(countBefore + 1);
    });
  });

  it('two phones uploading overlapping scans at once: each code counted once, at its earliest scan', async () => {
    const { sessionId, codes } = await sessionWithWalkIns(10);
    await startSession(db, sessionId);
    const phoneA = codes.slice(0, 7).map((c, i) => scan(c, 20 - i, 'phone-a'));
    const phoneB = codes.slice(3).map((c, i) => scan(c, 40 - i, 'phone-b')); // c3..c9, earlier than A's
    const [a, b] = await Promise.all([upload(staff.accessToken, sessionId, phoneA), upload(manager.accessToken, sessionId, phoneB)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const all = [...(a.body.results as ScanResult[]), ...(b.body.results as ScanResult[])];
    const accepted = all.filter((r) => r.result === 'accepted');
    expect(accepted).toHaveLength(10);
    expect(new Set(accepted.map((r) => r.registrationId)).size).toBe(10);
    expect(all.filter((r) => r.result === 'duplicate')).toHaveLength(4);
    const times = await checkedIn(sessionId);
    for (const [i, c] of codes.entries()) {
      const earliest = [...phoneA, ...phoneB].filter((s) => s.code === c).map((s) => s.scannedAt).sort()[0]!;
      expect([i, times.get(c)]).toEqual([i, new Date(earliest).toISOString()]);
    }
    // The two replayed at once: the same answers, nothing new.
    const count = await scanCount(sessionId);
    const [a2, b2] = await Promise.all([upload(staff.accessToken, sessionId, phoneA), upload(manager.accessToken, sessionId, phoneB)]);
    expect([a2.body, b2.body]).toEqual([a.body, b.body]);
    expect(await scanCount(sessionId)).toBe(count);
    const report = await t.http().get(path(sessionId, '/attendance')).set(...bearer(manager.accessToken)).expect(200);
    expect(report.body).toMatchObject({ registered: 10, attended: 10, walkIns: 10 });
  });

  it('50 single-scan uploads of one code at once: exactly one accepted; 50 of one scan at once: one answer, one row', async () => {
    const { sessionId, codes } = await sessionWithWalkIns(2);
    await startSession(db, sessionId);
    const scans = Array.from({ length: 50 }, (_, i) => scan(codes[0]!, 30 - i / 10, `phone-${i}`));
    const uploads = await Promise.all(scans.map((s, i) => upload(i % 2 ? staff.accessToken : manager.accessToken, sessionId, [s])));
    expect(uploads.map((u) => u.status)).toEqual(uploads.map(() => 200));
    const results = uploads.map((u) => (u.body.results as ScanResult[])[0]!);
    expect(results.filter((r) => r.result === 'accepted')).toHaveLength(1);
    expect(results.filter((r) => r.result === 'duplicate')).toHaveLength(49);
    const rows = (await db.query(
      `SELECT count(*) FILTER (WHERE result = 'accepted')::int AS accepted, count(*)::int AS scans FROM training_check_in_scans WHERE session_id = $1`,
      [sessionId],
    )) as Array<{ accepted: number; scans: number }>;
    expect(rows[0]).toEqual({ accepted: 1, scans: 50 });
    // Whichever upload won, the attendance time is the earliest scan's.
    expect((await checkedIn(sessionId)).get(codes[0]!)).toBe(new Date(scans[0]!.scannedAt).toISOString());

    const one = scan(codes[1]!, 3, 'phone-z');
    const same = await Promise.all(Array.from({ length: 50 }, () => upload(staff.accessToken, sessionId, [one])));
    expect(same.map((u) => u.status)).toEqual(same.map(() => 200));
    expect(new Set(same.map((u) => JSON.stringify(u.body))).size).toBe(1);
    expect(same[0]!.body.results[0].result).toBe('accepted');
    expect(await scanCount(sessionId)).toBe(51);
  });

  describe('walk-ins entered offline', () => {
    const walkIn = (name: string, seats: number, minutes: number, phone = '+85512888000') => ({
      scanId: randomUUID(),
      walkIn: { name, phone, seats },
      scannedAt: minutesAgo(minutes),
      deviceId: 'phone-w',
    });
    const seatsConfirmed = async (sessionId: string) =>
      ((await db.query('SELECT seats_confirmed FROM training_sessions WHERE id = $1', [sessionId])) as Array<{ seats_confirmed: number }>)[0]!
        .seats_confirmed;
    const walkInRows = async (sessionId: string) =>
      (await db.query(`SELECT attendee_name, seats, status, checked_in_at FROM training_registrations WHERE session_id = $1 AND kind = 'walk_in' ORDER BY checked_in_at`, [
        sessionId,
      ])) as Array<{ attendee_name: string; seats: number; status: string; checked_in_at: Date }>;

    it('each into a free seat in the order they came, checked in at scannedAt; no seat left: refused; a replay adds nobody', async () => {
      const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, { sessions: [sessionBody(5, { capacity: 3 })] });
      const sessionId = training.sessions[0]!.id;
      await register(people[7]!.accessToken, sessionId).expect(201);
      await startSession(db, sessionId);
      const scans = [walkIn('Sok Dara', 2, 20), walkIn('Keo Sambath', 1, 30), walkIn('Ly Chenda', 1, 10)];
      const res = await upload(staff.accessToken, sessionId, scans).expect(200);
      expect(res.body.results.map((r: ScanResult) => [r.result, r.reason])).toEqual([
        ['refused', 'session-full'],
        ['accepted', null],
        ['accepted', null],
      ]);
      expect(await seatsConfirmed(sessionId)).toBe(3);
      const rows = await walkInRows(sessionId);
      expect(rows.map((r) => [r.attendee_name, r.status, r.checked_in_at.toISOString()])).toEqual([
        ['Keo Sambath', 'confirmed', new Date(scans[1]!.scannedAt).toISOString()],
        ['Ly Chenda', 'confirmed', new Date(scans[2]!.scannedAt).toISOString()],
      ]);
      const listed = (await list(staff.accessToken, sessionId).expect(200)).body.registrations;
      expect(listed.find((r: { id: string }) => r.id === res.body.results[1].registrationId)).toMatchObject({
        name: 'Keo Sambath',
        code: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{6}$/),
        checkedInAt: new Date(scans[1]!.scannedAt).toISOString(),
      });

      const replay = await upload(staff.accessToken, sessionId, scans).expect(200);
      expect(replay.body).toEqual(res.body);
      expect(await walkInRows(sessionId)).toHaveLength(2);
      const report = await t.http().get(path(sessionId, '/attendance')).set(...bearer(manager.accessToken)).expect(200);
      expect(report.body).toMatchObject({ registered: 3, attended: 2, walkIns: 2 });
    });

    it('at once: 20 uploads of one walk-in make one registration; 10 walk-ins for 5 seats seat exactly 5', async () => {
      const { sessionId } = await sessionWithWalkIns(0, 5);
      await startSession(db, sessionId);
      const one = walkIn('Pov Rathana', 1, 5);
      const same = await Promise.all(Array.from({ length: 20 }, () => upload(staff.accessToken, sessionId, [one])));
      expect(same.map((r) => r.status)).toEqual(same.map(() => 200));
      expect(new Set(same.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(await walkInRows(sessionId)).toHaveLength(1);

      const many = await Promise.all(
        Array.from({ length: 10 }, (_, i) => upload(i % 2 ? staff.accessToken : manager.accessToken, sessionId, [walkIn(`Walk-in ${i}`, 1, 5, `+8551288800${i}`)])),
      );
      expect(many.map((r) => r.status)).toEqual(many.map(() => 200));
      const results = many.map((r) => (r.body.results as ScanResult[])[0]!.result);
      expect(results.filter((r) => r === 'accepted')).toHaveLength(4);
      expect(results.filter((r) => r === 'refused')).toHaveLength(6);
      expect(await seatsConfirmed(sessionId)).toBe(5);
      expect(await walkInRows(sessionId)).toHaveLength(5);
    });

    it('malformed walk-ins: 400 naming the field', async () => {
      const { sessionId } = await sessionWithWalkIns(0, 5);
      await startSession(db, sessionId);
      const cases: Array<[unknown, string]> = [
        [{ ...walkIn('A', 1, 1), code: '222222' }, 'scans[0].walkIn'],
        [{ ...walkIn('A', 1, 1), walkIn: null }, 'scans[0].walkIn'],
        [{ ...walkIn('A', 1, 1), walkIn: 'Sok' }, 'scans[0].walkIn'],
        [{ ...walkIn('A', 1, 1), walkIn: { name: 'A', phone: '12' } }, 'scans[0].walkIn.phone'],
        [{ ...walkIn('A', 1, 1), walkIn: { name: 'A' } }, 'scans[0].walkIn.phone'],
        [{ ...walkIn('A', 1, 1), walkIn: { name: '  ', phone: '+85512888000' } }, 'scans[0].walkIn.name'],
        [{ ...walkIn('A', 1, 1), walkIn: { name: 'A', phone: '+85512888000', seats: 0 } }, 'scans[0].walkIn.seats'],
        [{ ...walkIn('A', 1, 1), walkIn: { name: 'A', phone: '+85512888000', extra: 1 } }, 'scans[0].walkIn.extra'],
        [{ scanId: randomUUID(), scannedAt: minutesAgo(1), deviceId: 'p' }, 'scans[0].code'],
        [{ ...walkIn('A', 1, 1), scannedAt: new Date(Date.now() + 3_600_000).toISOString() }, 'scans[0].scannedAt'],
      ];
      for (const [body, field] of cases) expectProblem(await upload(staff.accessToken, sessionId, [body]), 400, field);
      // Once the session has ended, a walk-in scanned after its end is refused.
      await db.query(`UPDATE training_sessions SET ends_at = now() - interval '1 minute' WHERE id = $1`, [sessionId]);
      expectProblem(await upload(staff.accessToken, sessionId, [walkIn('A', 1, 0)]), 400, 'scans[0].scannedAt');
      expect(await walkInRows(sessionId)).toHaveLength(0);
    });
  });

  it('the CSV: a row per registration with a BOM and Khmer intact, as an attachment; the totals match the JSON report', async () => {
    const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
      sessions: [sessionBody(5, { capacity: 3 })],
    });
    const sessionId = training.sessions[0]!.id;
    const firm = await createOrganization(t.http, people[5]!.accessToken, { name: 'Takeo "Best" Tiles, Ltd' });
    const a = await register(people[5]!.accessToken, sessionId, { organizationId: firm.id, seats: 2 }).expect(201);
    const khmer = await register(staff.accessToken, sessionId, { attendeeName: 'សុខ ដារា', attendeePhone: '+85512345001' }).expect(201);
    await register(people[6]!.accessToken, sessionId).expect(201); // waitlisted
    await register(staff.accessToken, sessionId, { attendeeName: '=HYPERLINK("x")', attendeePhone: '+85512345002' }).expect(201); // waitlisted
    await startSession(db, sessionId);
    await upload(staff.accessToken, sessionId, [scan(khmer.body.checkInCode, 10)]).expect(200);

    const get = () =>
      t
        .http()
        .get(path(sessionId, '/attendance.csv'))
        .set(...bearer(manager.accessToken))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
    let res = await get().expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="attendance-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv"$/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    let lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('Name,Organization,Seats,Status,Checked in at (Cambodia time),Walk-in');
    expect(lines[1]).toBe(`${people[5]!.name},"Takeo ""Best"" Tiles, Ltd",2,confirmed,,no`);
    expect(lines[2]).toMatch(/^សុខ ដារា,,1,confirmed,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},yes$/);
    expect(lines[3]).toBe(`${people[6]!.name},,1,waitlisted,,no`);
    expect(lines[4]).toBe(`"'=HYPERLINK(""x"")",,1,waitlisted,,yes`);
    expect(lines.slice(5)).toEqual(['', 'Registered,3', 'Attended,1', 'No-shows,', 'Walk-ins,1', 'Waitlisted,2', '']);

    // Once it has ended: the no-shows, the same as the JSON report's.
    await db.query(`UPDATE training_sessions SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [sessionId]);
    const report = (await t.http().get(path(sessionId, '/attendance')).set(...bearer(manager.accessToken)).expect(200)).body;
    expect(report).toMatchObject({ registered: 3, attended: 1, noShows: 2, walkIns: 1, waitlisted: 2 });
    res = await get().expect(200);
    lines = (res.body as Buffer).toString('utf8').slice(1).split('\r\n');
    expect(lines.slice(5)).toEqual([
      '',
      `Registered,${report.registered}`,
      `Attended,${report.attended}`,
      `No-shows,${report.noShows}`,
      `Walk-ins,${report.walkIns}`,
      `Waitlisted,${report.waitlisted}`,
      '',
    ]);
    const training2 = (await t.http().get(`/api/v1/trainings/${training.id}/attendance`).set(...bearer(manager.accessToken)).expect(200)).body;
    expect(training2.totals).toEqual({ registered: 3, attended: 1, noShows: 2, waitlisted: 2, walkIns: 1 });
    expect(a.body.status).toBe('confirmed');
  });
});
