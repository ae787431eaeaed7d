import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService, type ActingMembership } from '@psar/identity';
import { ProblemException } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import type { FairStatus } from './trade-fair.entity';

/** The few columns every rule looks at. */
export interface FairHead {
  id: string;
  organizerId: string;
  name: string;
  status: FairStatus;
  startsOn: string;
  endsOn: string;
  applicationsCloseAt: Date;
  planWidth: number;
  planHeight: number;
  bookingHoldHours: number;
  maxStallsPerExhibitor: number | null;
  /** Whether a stall may be requested now: open and before the deadline (database clock). */
  acceptingApplications: boolean;
  /** Today in Cambodia, YYYY-MM-DD (database clock). */
  today: string;
}

export const fairNotFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such trade fair');

const HEAD = `
  SELECT f.id, f.organizer_id AS "organizerId", f.name, f.status, f.starts_on::text AS "startsOn", f.ends_on::text AS "endsOn",
         f.applications_close_at AS "applicationsCloseAt", f.plan_width::float8 AS "planWidth", f.plan_height::float8 AS "planHeight",
         f.booking_hold_hours AS "bookingHoldHours", f.max_stalls_per_exhibitor AS "maxStallsPerExhibitor",
         (f.status = 'open' AND now() < f.applications_close_at) AS "acceptingApplications",
         (now() AT TIME ZONE 'Asia/Phnom_Penh')::date::text AS today
  FROM trade_fairs f WHERE f.id = $1`;

/**
 * Who may see and act on a fair. Fairs are public once published; a draft is the
 * organizer's own (404 to anyone else). Organizer actions need a manager or owner of
 * the organizing organization, which must still have `organize_fairs`.
 */
@Injectable()
export class FairAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
  ) {}

  /** Reads the fair; with `lock`, locks its row for the rest of the transaction. */
  async head(id: string, options: { manager?: EntityManager; lock?: 'share' | 'update' } = {}): Promise<FairHead> {
    const lock = options.lock === 'update' ? ' FOR UPDATE OF f' : options.lock === 'share' ? ' FOR SHARE OF f' : '';
    const [row] = (await (options.manager ?? this.dataSource.manager).query(HEAD + lock, [id])) as FairHead[];
    if (!row) throw fairNotFound();
    return row;
  }

  /** 404 for a draft unless the caller belongs to its organizer. */
  async assertVisible(userId: string | undefined, fair: FairHead, manager?: EntityManager): Promise<void> {
    if (fair.status !== 'draft') return;
    if (!userId || !(await this.access.roleOf(userId, fair.organizerId, manager))) throw fairNotFound();
  }

  async visibleHead(userId: string | undefined, id: string, manager?: EntityManager): Promise<FairHead> {
    const fair = await this.head(id, { manager });
    await this.assertVisible(userId, fair, manager);
    return fair;
  }

  assertOrganizer(userId: string, fair: FairHead, manager?: EntityManager): Promise<ActingMembership> {
    return this.access.assertCanAct(userId, fair.organizerId, {
      minRole: 'manager',
      capability: 'organize_fairs',
      private: fair.status === 'draft',
      manager,
      field: 'id',
    });
  }
}
