import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxService, ScheduledJobsService } from '@psar/platform';
import { DataSource } from 'typeorm';
import { type EventKindOfPayload, type RegistrationEventPayload, TRAINING_EVENTS } from '../training-events';

export const REMINDER_JOB = 'training-events.reminders';
/** How far ahead a session's confirmed people are reminded: the day before. */
export const REMINDER_LEAD_HOURS = 24;
const BATCH = 500;

/**
 * The day before a session, each confirmed person with an account is reminded once. The
 * job runs every 15 minutes and takes whoever's session starts within the next 24 hours:
 * a late or missed run only delays reminders. A registration is claimed (reminded_at) in
 * the transaction that records its event, so two runs at once never remind anyone twice.
 */
@Injectable()
export class RemindersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: ScheduledJobsService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(REMINDER_JOB, '*/15 * * * *', async () => {
      await this.sendDue();
    });
  }

  /** Returns how many reminders it recorded. */
  async sendDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.dataSource.transaction(async (manager) => {
        // SKIP LOCKED: a registration being changed right now is taken on the next run.
        // training_registrations_to_remind_idx, training_sessions_upcoming_idx.
        const [rows] = (await manager.query(
          `WITH due AS (
             SELECT r.id FROM training_registrations r JOIN training_sessions s ON s.id = r.session_id
             WHERE r.status = 'confirmed' AND r.reminded_at IS NULL AND r.user_id IS NOT NULL
               AND s.status = 'scheduled' AND s.starts_at > now() AND s.starts_at <= now() + make_interval(hours => $1)
             ORDER BY s.starts_at, r.id
             LIMIT $2
             FOR UPDATE OF r SKIP LOCKED
           )
           UPDATE training_registrations r SET reminded_at = now()
           FROM due, training_sessions s, trainings t
           WHERE r.id = due.id AND s.id = r.session_id AND t.id = r.training_id AND r.reminded_at IS NULL
           RETURNING r.id, r.user_id, r.seats, r.check_in_code, s.id AS session_id, s.starts_at, s.ends_at, s.province_code,
                     s.venue, t.id AS training_id, t.title, t.kind, t.organization_id`,
          [REMINDER_LEAD_HOURS, BATCH],
        )) as [
          Array<{
            id: string;
            user_id: string;
            seats: number;
            check_in_code: string;
            session_id: string;
            starts_at: Date;
            ends_at: Date;
            province_code: string;
            venue: string;
            training_id: string;
            title: string;
            kind: EventKindOfPayload;
            organization_id: string;
          }>,
          number,
        ];
        for (const r of rows) {
          const payload: RegistrationEventPayload = {
            sessionId: r.session_id,
            trainingId: r.training_id,
            trainingTitle: r.title,
            eventKind: r.kind,
            organizationId: r.organization_id,
            startsAt: r.starts_at.toISOString(),
            endsAt: r.ends_at.toISOString(),
            provinceCode: r.province_code,
            venue: r.venue,
            registrationId: r.id,
            userId: r.user_id,
            seats: r.seats,
            checkInCode: r.check_in_code,
            waitlistPosition: null,
          };
          await this.outbox.record(manager, TRAINING_EVENTS.sessionReminder, payload);
        }
        return rows.length;
      });
      total += sent;
      if (sent < BATCH) return total;
    }
  }
}
