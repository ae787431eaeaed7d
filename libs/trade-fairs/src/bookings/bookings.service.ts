import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService, roleAtLeast, type AuthenticatedUser, type Role } from '@psar/identity';
import { decodeCursor, decodeTimeKeyset, OutboxService, Page, ProblemException, toPage, ValidationProblem, violatedConstraint } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { FairAccessService, type FairHead } from '../fairs/fair-access.service';
import { returnedRows } from '../returned-rows';
import { textAndIdCursor } from '../validation';
import {
  BOOKING_APPROVED,
  BOOKING_CANCELLED,
  BOOKING_EXPIRED,
  BOOKING_REJECTED,
  BOOKING_REQUESTED,
  type BookingEventPayload,
} from '../trade-fair-events';
import type {
  CreateStallBookingDto,
  ListFairBookingsQuery,
  ListMyBookingsQuery,
  StallBookingDto,
} from './dto/stall-booking.dto';
import { ShowcaseCheck } from './showcase-check';
import type { BookingSide, BookingStatus, PaymentStatus } from './stall-booking.entity';

const EXPIRY_BATCH = 200;

interface BookingRow {
  id: string;
  fair_id: string;
  fair_name: string;
  organizer_id: string;
  stall_id: string;
  stall_code: string;
  exhibitor_id: string;
  exhibitor_name: string;
  exhibitor_phone: string | null;
  requester_name: string | null;
  requester_phone: string | null;
  status: BookingStatus;
  showcase_listing_ids: string[];
  payment_status: PaymentStatus;
  price_amount: string;
  price_currency: 'KHR' | 'USD';
  note: string | null;
  requested_at: Date;
  requested_at_key: string;
  hold_until: Date;
  decided_at: Date | null;
  decision_reason: string | null;
  cancelled_by_side: BookingSide | null;
}

const BOOKING_SELECT = `
  SELECT b.id, b.fair_id, f.name AS fair_name, f.organizer_id, b.stall_id, s.code AS stall_code,
         b.exhibitor_id, e.name AS exhibitor_name, e.phone AS exhibitor_phone, u.name AS requester_name, u.phone AS requester_phone,
         b.status, b.showcase_listing_ids, b.payment_status, b.price_amount::text AS price_amount, b.price_currency, b.note,
         b.requested_at, b.requested_at::text AS requested_at_key, b.hold_until, b.decided_at, b.decision_reason, b.cancelled_by_side
  FROM stall_bookings b
  JOIN trade_fairs f ON f.id = b.fair_id
  JOIN fair_stalls s ON s.id = b.stall_id
  JOIN organizations e ON e.id = b.exhibitor_id
  LEFT JOIN users u ON u.id = b.requested_by`;

function toDto(r: BookingRow): StallBookingDto {
  return {
    id: r.id,
    fair: { id: r.fair_id, name: r.fair_name },
    stall: { id: r.stall_id, code: r.stall_code },
    exhibitor: { id: r.exhibitor_id, name: r.exhibitor_name, phone: r.exhibitor_phone },
    requestedBy: r.requester_name === null ? null : { name: r.requester_name, phone: r.requester_phone },
    status: r.status,
    showcase: r.showcase_listing_ids,
    paymentStatus: r.payment_status,
    price: { amount: r.price_amount, currency: r.price_currency },
    note: r.note,
    requestedAt: r.requested_at.toISOString(),
    holdUntil: r.hold_until.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    reason: r.decision_reason,
    cancelledBy: r.cancelled_by_side,
  };
}

function eventPayload(r: BookingRow, actorId: string | null, extra: Partial<BookingEventPayload> = {}): BookingEventPayload {
  return {
    bookingId: r.id,
    fairId: r.fair_id,
    fairName: r.fair_name,
    stallId: r.stall_id,
    stallCode: r.stall_code,
    exhibitorId: r.exhibitor_id,
    exhibitorName: r.exhibitor_name,
    organizerId: r.organizer_id,
    actorId,
    ...extra,
  };
}

const bookingNotFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such stall booking');

@Injectable()
export class BookingsService {
  private readonly logger = new Logger(BookingsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly fairs: FairAccessService,
    private readonly outbox: OutboxService,
    private readonly showcase: ShowcaseCheck,
  ) {}

  /**
   * An exhibitor asks for a stall. The partial unique index on live bookings decides
   * between simultaneous requests for one stall (the losers get 409); the exhibitor's
   * fair_exhibitors row, locked here, makes its own requests take turns so the
   * per-exhibitor limit holds.
   */
  async request(user: AuthenticatedUser, fairId: string, dto: CreateStallBookingDto): Promise<StallBookingDto> {
    const userId = user.id;
    if (dto.showcase?.length) {
      await this.access.assertCanAct(userId, dto.organizationId, { minRole: 'manager' });
      await this.showcase.assertOwnListings(user, dto.organizationId, dto.showcase, 'showcase');
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        // FOR SHARE: the fair cannot be closed, cancelled or re-limited while we book.
        const fair = await this.fairs.head(fairId, { manager, lock: 'share' });
        await this.fairs.assertVisible(userId, fair, manager);
        const exhibitor = await this.access.assertCanAct(userId, dto.organizationId, { minRole: 'manager', manager });
        if (!exhibitor.capabilities.includes('sell') && !exhibitor.capabilities.includes('supply_inputs')) {
          throw new ProblemException(
            HttpStatus.FORBIDDEN,
            'capability-required',
            'Only organizations that sell or supply inputs exhibit at fairs (the "sell" or "supply_inputs" capability)',
          );
        }
        if (!fair.acceptingApplications) {
          throw new ProblemException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'applications-closed',
            fair.status === 'open' ? `Applications closed at ${fair.applicationsCloseAt.toISOString()}` : `The fair is ${fair.status}: it takes no stall requests`,
          );
        }
        // Read after the fair's lock: a removal (which locks the fair for update) is either
        // committed and seen here, or waits for this request and then finds it holding the stall.
        const [stall] = (await manager.query('SELECT price_amount, price_currency FROM fair_stalls WHERE id = $1 AND fair_id = $2 AND removed_at IS NULL', [
          dto.stallId,
          fairId,
        ])) as Array<{ price_amount: string; price_currency: string }>;
        if (!stall) throw new ValidationProblem([{ field: 'stallId', message: 'this fair has no stall with this id' }]);
        await manager.query(
          `INSERT INTO fair_exhibitors (fair_id, exhibitor_id) VALUES ($1, $2)
           ON CONFLICT (fair_id, exhibitor_id) DO UPDATE SET exhibitor_id = excluded.exhibitor_id`,
          [fairId, dto.organizationId],
        );
        if (fair.maxStallsPerExhibitor !== null) {
          const [{ live }] = (await manager.query(
            `SELECT count(*)::int AS live FROM stall_bookings WHERE fair_id = $1 AND exhibitor_id = $2 AND status IN ('requested', 'approved')`,
            [fairId, dto.organizationId],
          )) as [{ live: number }];
          if (live >= fair.maxStallsPerExhibitor) {
            throw new ProblemException(
              HttpStatus.CONFLICT,
              'stall-limit-reached',
              `An exhibitor may hold at most ${fair.maxStallsPerExhibitor} stall(s) at this fair; this organization already has ${live}`,
            );
          }
        }
        const [row] = (await manager.query(
          `INSERT INTO stall_bookings (fair_id, stall_id, exhibitor_id, showcase_listing_ids, price_amount, price_currency, note, requested_by, hold_until)
           VALUES ($1, $2, $3, $4::uuid[], $5, $6, $7, $8, now() + make_interval(hours => $9)) RETURNING id`,
          [fairId, dto.stallId, dto.organizationId, dto.showcase ?? [], stall.price_amount, stall.price_currency, dto.note?.trim() || null, userId, fair.bookingHoldHours],
        )) as Array<{ id: string }>;
        const booking = await this.row(manager, row!.id);
        await this.outbox.record(manager, BOOKING_REQUESTED, eventPayload(booking, userId));
        return toDto(booking);
      });
    } catch (error) {
      if (violatedConstraint(error) === 'stall_bookings_one_live_per_stall') {
        throw new ProblemException(HttpStatus.CONFLICT, 'stall-taken', 'This stall is already requested or taken; choose another');
      }
      throw error;
    }
  }

  async get(userId: string, id: string): Promise<StallBookingDto> {
    const booking = await this.row(this.dataSource.manager, id);
    const roles = await this.rolesIn(userId, booking);
    if (!roles.organizer && !roles.exhibitor) throw bookingNotFound();
    return toDto(booking);
  }

  async approve(userId: string, id: string, reason: string | undefined): Promise<StallBookingDto> {
    return this.decide(userId, id, 'approved', reason);
  }

  async reject(userId: string, id: string, reason: string | undefined): Promise<StallBookingDto> {
    return this.decide(userId, id, 'rejected', reason);
  }

  /** Either side ends a requested or approved booking; the stall is free again. */
  async cancel(userId: string, id: string, reason: string | undefined): Promise<StallBookingDto> {
    return this.dataSource.transaction(async (manager) => {
      const { fair, booking } = await this.lockBooking(manager, id);
      const roles = await this.rolesIn(userId, booking, manager);
      const side: BookingSide | null = roles.exhibitor && roleAtLeast(roles.exhibitor, 'manager')
        ? 'exhibitor'
        : roles.organizer && roleAtLeast(roles.organizer, 'manager')
          ? 'organizer'
          : null;
      if (!roles.exhibitor && !roles.organizer) throw bookingNotFound();
      if (!side) throw new ProblemException(HttpStatus.FORBIDDEN, 'role-required', 'Cancelling a booking needs a manager or owner of the exhibitor or the organizer');
      if (side === 'organizer') await this.fairs.assertOrganizer(userId, fair, manager);
      this.assertFairActive(fair);
      const updated = returnedRows(await manager.query(
        `UPDATE stall_bookings SET status = 'cancelled', cancelled_by_side = $2, decision_reason = $3, updated_at = now()
         WHERE id = $1 AND status IN ('requested', 'approved') RETURNING id`,
        [id, side, reason?.trim() || null],
      ));
      if (updated.length === 0) throw new ProblemException(HttpStatus.CONFLICT, 'booking-ended', `This booking is already ${booking.status}`);
      const after = await this.row(manager, id);
      await this.outbox.record(manager, BOOKING_CANCELLED, eventPayload(after, userId, { cancelledBy: side, reason: after.decision_reason }));
      return toDto(after);
    });
  }

  /** The organizer records whether the stall fee was paid (no payment is processed here). */
  async setPaymentStatus(userId: string, id: string, status: PaymentStatus): Promise<StallBookingDto> {
    return this.dataSource.transaction(async (manager) => {
      const { fair, booking } = await this.lockBooking(manager, id);
      await this.assertOrganizerOf(userId, fair, booking, manager);
      if (booking.status !== 'requested' && booking.status !== 'approved') {
        throw new ProblemException(HttpStatus.CONFLICT, 'booking-ended', `This booking is ${booking.status}`);
      }
      await manager.query('UPDATE stall_bookings SET payment_status = $2, updated_at = now() WHERE id = $1', [id, status]);
      return toDto(await this.row(manager, id));
    });
  }

  /** The exhibitor changes which of its listings it shows at the stall. */
  async setShowcase(user: AuthenticatedUser, id: string, listingIds: string[]): Promise<StallBookingDto> {
    const userId = user.id;
    const [owner] = (await this.dataSource.query('SELECT exhibitor_id FROM stall_bookings WHERE id = $1', [id])) as Array<{ exhibitor_id: string }>;
    // Only the exhibitor's managers get as far as the listings check; the rest is decided below.
    const role = owner ? await this.access.roleOf(userId, owner.exhibitor_id) : null;
    if (owner && role && roleAtLeast(role, 'manager')) {
      await this.showcase.assertOwnListings(user, owner.exhibitor_id, listingIds, 'listingIds');
    }
    return this.dataSource.transaction(async (manager) => {
      const { booking } = await this.lockBooking(manager, id);
      const roles = await this.rolesIn(userId, booking, manager);
      if (!roles.exhibitor && !roles.organizer) throw bookingNotFound();
      if (!roles.exhibitor || !roleAtLeast(roles.exhibitor, 'manager')) {
        throw new ProblemException(HttpStatus.FORBIDDEN, 'exhibitor-only', "Only the exhibitor's managers choose what it shows");
      }
      if (booking.status !== 'requested' && booking.status !== 'approved') {
        throw new ProblemException(HttpStatus.CONFLICT, 'booking-ended', `This booking is ${booking.status}`);
      }
      await manager.query('UPDATE stall_bookings SET showcase_listing_ids = $2::uuid[], updated_at = now() WHERE id = $1', [id, listingIds]);
      return toDto(await this.row(manager, id));
    });
  }

  /** The organizer's view: every booking of the fair, by stall code. */
  async listForFair(userId: string, fairId: string, query: ListFairBookingsQuery): Promise<Page<StallBookingDto>> {
    const fair = await this.fairs.head(fairId);
    await this.access.assertCanAct(userId, fair.organizerId, { private: fair.status === 'draft', field: 'id' });
    const params: unknown[] = [fairId];
    const where = ['b.fair_id = $1'];
    if (query.status) {
      params.push(query.status);
      where.push(`b.status = $${params.length}`);
    }
    if (query.cursor) {
      const [code, id] = textAndIdCursor(decodeCursor(query.cursor, 2));
      params.push(code, id);
      where.push(`(s.code, b.id) > ($${params.length - 1}::text, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows = (await this.dataSource.query(
      `${BOOKING_SELECT} WHERE ${where.join(' AND ')} ORDER BY s.code, b.id LIMIT $${params.length}`,
      params,
    )) as BookingRow[];
    return toPage(rows, query.limit, (r) => [r.stall_code, r.id], toDto);
  }

  /** The exhibitor's view: its bookings at every fair, newest first (stall_bookings_exhibitor_idx). */
  async listForExhibitor(userId: string, query: ListMyBookingsQuery): Promise<Page<StallBookingDto>> {
    await this.access.assertCanAct(userId, query.organizationId, { private: true });
    const params: unknown[] = [query.organizationId];
    const where = ['b.exhibitor_id = $1'];
    if (query.status) {
      params.push(query.status);
      where.push(`b.status = $${params.length}`);
    }
    if (query.cursor) {
      // requested_at_key is requested_at::text ("2026-12-02 00:13:21.9+00"), microseconds kept.
      const [at, id] = decodeTimeKeyset(query.cursor);
      params.push(at, id);
      where.push(`(b.requested_at, b.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows = (await this.dataSource.query(
      `${BOOKING_SELECT} WHERE ${where.join(' AND ')} ORDER BY b.requested_at DESC, b.id DESC LIMIT $${params.length}`,
      params,
    )) as BookingRow[];
    return toPage(rows, query.limit, (r) => [r.requested_at_key, r.id], toDto);
  }

  /**
   * Requests still undecided at the end of their hold expire and free their stall.
   * Run by the scheduled job; safe to run twice or late, and on several replicas at
   * once (SKIP LOCKED). Returns how many expired.
   */
  async expireHolds(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.dataSource.transaction(async (manager) => {
        const ids = returnedRows<{ id: string }>(await manager.query(
          `WITH due AS (
             SELECT id FROM stall_bookings WHERE status = 'requested' AND hold_until <= now()
             ORDER BY hold_until LIMIT $1 FOR UPDATE SKIP LOCKED)
           UPDATE stall_bookings b SET status = 'expired', updated_at = now() FROM due WHERE b.id = due.id RETURNING b.id`,
          [EXPIRY_BATCH],
        ));
        for (const { id } of ids) await this.outbox.record(manager, BOOKING_EXPIRED, eventPayload(await this.row(manager, id), null));
        return ids.length;
      });
      total += expired;
      if (expired < EXPIRY_BATCH) break;
    }
    if (total > 0) this.logger.log({ expired: total }, 'stall booking holds expired');
    return total;
  }

  private async decide(userId: string, id: string, decision: 'approved' | 'rejected', reason: string | undefined): Promise<StallBookingDto> {
    return this.dataSource.transaction(async (manager) => {
      const { fair, booking } = await this.lockBooking(manager, id);
      await this.assertOrganizerOf(userId, fair, booking, manager);
      this.assertFairActive(fair);
      // An approval must land inside the hold: a request whose hold ran out is expiring.
      const updated = returnedRows(await manager.query(
        `UPDATE stall_bookings SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4, updated_at = now()
         WHERE id = $1 AND status = 'requested' AND ($2 = 'rejected' OR hold_until > now()) RETURNING id`,
        [id, decision, userId, reason?.trim() || null],
      ));
      if (updated.length === 0) {
        if (booking.status === 'requested') {
          throw new ProblemException(HttpStatus.CONFLICT, 'hold-expired', 'This request was not decided within the hold time and is expiring');
        }
        throw new ProblemException(HttpStatus.CONFLICT, 'already-decided', `This booking is already ${booking.status}`);
      }
      const after = await this.row(manager, id);
      await this.outbox.record(manager, decision === 'approved' ? BOOKING_APPROVED : BOOKING_REJECTED, eventPayload(after, userId, { reason: after.decision_reason }));
      return toDto(after);
    });
  }

  /** Locks the fair (shared) and then the booking, always in that order, so no two actions deadlock. */
  private async lockBooking(manager: EntityManager, id: string): Promise<{ fair: FairHead; booking: BookingRow }> {
    const [ref] = (await manager.query('SELECT fair_id FROM stall_bookings WHERE id = $1', [id])) as Array<{ fair_id: string }>;
    if (!ref) throw bookingNotFound();
    const fair = await this.fairs.head(ref.fair_id, { manager, lock: 'share' });
    await manager.query('SELECT id FROM stall_bookings WHERE id = $1 FOR UPDATE', [id]);
    return { fair, booking: await this.row(manager, id) };
  }

  /** 404 to anyone outside the two sides; 403 to the exhibitor or a non-manager. */
  private async assertOrganizerOf(userId: string, fair: FairHead, booking: BookingRow, manager: EntityManager): Promise<void> {
    const roles = await this.rolesIn(userId, booking, manager);
    if (!roles.organizer && !roles.exhibitor) throw bookingNotFound();
    if (!roles.organizer) throw new ProblemException(HttpStatus.FORBIDDEN, 'organizer-only', "Only the fair's organizer can do this");
    await this.fairs.assertOrganizer(userId, fair, manager);
  }

  private assertFairActive(fair: FairHead): void {
    if (fair.status === 'completed' || fair.status === 'cancelled') {
      throw new ProblemException(HttpStatus.CONFLICT, 'fair-not-editable', `The fair is ${fair.status}: its bookings no longer change`);
    }
  }

  private async rolesIn(userId: string, booking: BookingRow, manager?: EntityManager): Promise<{ organizer: Role | null; exhibitor: Role | null }> {
    // One after the other: inside a transaction both go through the same connection.
    const organizer = await this.access.roleOf(userId, booking.organizer_id, manager);
    const exhibitor = await this.access.roleOf(userId, booking.exhibitor_id, manager);
    return { organizer, exhibitor };
  }

  private async row(manager: EntityManager, id: string): Promise<BookingRow> {
    const [row] = (await manager.query(`${BOOKING_SELECT} WHERE b.id = $1`, [id])) as BookingRow[];
    if (!row) throw bookingNotFound();
    return row;
  }
}
