import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogService } from '@psar/catalog';
import { type Locale, OrganizationAccessService, type Role } from '@psar/identity';
import { MATCH_FOUND, type MatchFoundPayload } from '@psar/listings';
import { deleteInBatches, type DomainEvent, Environment, OutboxService, ScheduledJobsService, SmsSender } from '@psar/platform';
import { DEAL_DELIVERED, type DealEventPayload, OFFER_ACCEPTED, OFFER_COUNTERED, OFFER_RECEIVED, type OfferEventPayload } from '@psar/trade';
import { type RegistrationEventPayload, TRAINING_EVENTS } from '@psar/training-events';
import { DataSource, EntityManager } from 'typeorm';
import { productName, smsQuantity } from '../market/sms-format';
import { ShortCodesService } from '../short-codes/short-codes.service';
import { smsWhen } from '../trainings/training-commands.service';
import { fitPush } from './push-length';
import { CUTTABLE, type PushText, pushTemplate } from './push-texts';
import { parseQuietHours, phnomPenhDay, pushTiming, type QuietHours } from './push-window';
import type { SmsPushKind } from './sms-push-kinds';

export const SMS_PUSH_RELEASE_JOB = 'sms.pushes.release';
export const SMS_PUSH_PURGE_JOB = 'sms.pushes.purge';

/** Held pushes one release transaction takes. */
const RELEASE_BATCH = 100;

export interface PushRecipient {
  userId: string;
  phone: string;
  locale: Locale;
}

interface Audience {
  organizationIds?: string[];
  minRole?: Role;
  userIds?: string[];
}

/** What one event pushes: its kind, to whom, and each person's text (codes are per phone number). */
interface PushPlan {
  kind: SmsPushKind;
  audience: Audience;
  subjectId?: string;
  compose: (to: PushRecipient) => Promise<string>;
}

interface HeldPush {
  event_id: string;
  user_id: string;
  phone: string;
  text: string;
}

/** The key the SMS outbox drops a second send by: a redelivered event never texts twice. */
export function pushKey(eventId: string, userId: string): string {
  return `sms-push:${eventId}:${userId}`;
}

/**
 * SMS copies of the notifications a person chose SMS for (SmsPushSettingsService): match found,
 * offer received (with ACCEPT/DECLINE and its code), offer accepted, deal delivered, training
 * reminder and waitlist promotion (with the check-in code). Every push is a row keyed by
 * (event, person), so a redelivered event sends nothing more. In quiet hours a push is held
 * and the release job sends it when they end; past the daily cap a push is dropped (recorded
 * as `capped`: the web notification still has it), counted in Postgres so it holds across
 * replicas. STOP is honoured by the SMS outbox, which every send goes through.
 */
@Injectable()
export class SmsPushesService implements OnModuleInit {
  private readonly quiet: QuietHours;
  private readonly cap: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly jobs: ScheduledJobsService,
    private readonly sender: SmsSender,
    private readonly access: OrganizationAccessService,
    private readonly shortCodes: ShortCodesService,
    private readonly catalog: CatalogService,
    env: Environment,
  ) {
    this.quiet = parseQuietHours(env.SMS_QUIET_HOURS);
    this.cap = env.SMS_DAILY_CAP;
  }

  onModuleInit(): void {
    for (const type of [OFFER_RECEIVED, OFFER_COUNTERED, OFFER_ACCEPTED, DEAL_DELIVERED, MATCH_FOUND, TRAINING_EVENTS.sessionReminder, TRAINING_EVENTS.registrationPromoted]) {
      this.outbox.subscribe<Record<string, unknown>>(type, 'sms-pushes', (event) => this.push(event));
    }
    // Every five minutes: quiet hours end on a minute of the operator's choosing, and a run missed stays due.
    this.jobs.register(SMS_PUSH_RELEASE_JOB, '*/5 * * * *', async () => {
      await this.releaseHeld();
    });
    this.jobs.register(SMS_PUSH_PURGE_JOB, '40 3 * * *', async () => {
      await this.purge();
    });
  }

  /** Pushes one event to everyone concerned who chose SMS for its kind. `now` is the moment it is pushed at (tests pass one). */
  async push(event: DomainEvent, now: Date = new Date()): Promise<void> {
    // No gateway: nothing to send, and nothing recorded, so a later configured gateway starts clean.
    if (!this.sender.enabled) return;
    const plan = this.plan(event);
    if (!plan) return;
    for (const to of await this.recipients(plan.kind, plan.audience)) {
      const [done] = (await this.dataSource.query('SELECT 1 FROM sms_pushes WHERE event_id = $1 AND user_id = $2', [event.id, to.userId])) as unknown[];
      if (done) continue;
      const text = await plan.compose(to);
      await this.dataSource.transaction((manager) => this.deliver(manager, event.id, to, plan, text, now));
    }
  }

  /** Sends the held pushes whose quiet hours have ended by `now`, counting them in that day's cap. Returns how many it handled. */
  async releaseHeld(now: Date = new Date()): Promise<number> {
    let handled = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        const due = (await manager.query(
          `SELECT event_id, user_id, phone, text FROM sms_pushes
           WHERE status = 'held' AND release_at <= $1
           ORDER BY release_at, created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, RELEASE_BATCH],
        )) as HeldPush[];
        // By person: two releases (replicas) then lock the day counts in one order and cannot deadlock.
        due.sort((a, b) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0));
        for (const push of due) await this.send(manager, push, phnomPenhDay(now), now);
        return due.length;
      });
      handled += count;
      if (count < RELEASE_BATCH) return handled;
    }
  }

  /** Forgets sent and capped pushes after 30 days and day counts after a week; held ones stay until sent. */
  async purge(): Promise<void> {
    // Served by sms_pushes_created_idx; the days table is small (a row per person and day).
    await deleteInBatches(this.dataSource, { table: 'sms_pushes', where: `created_at < now() - interval '30 days' AND status <> 'held'` });
    await deleteInBatches(this.dataSource, { table: 'sms_push_days', where: `day < (now() AT TIME ZONE 'Asia/Phnom_Penh')::date - 7` });
  }

  private async deliver(manager: EntityManager, eventId: string, to: PushRecipient, plan: PushPlan, text: string, now: Date): Promise<void> {
    const timing = pushTiming(now, this.quiet);
    // The row first: a second delivery of the event (or a twin match) conflicts and stops here.
    const inserted = (await manager.query(
      `INSERT INTO sms_pushes (event_id, user_id, kind, subject_id, phone, text, status, release_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [eventId, to.userId, plan.kind, plan.subjectId ?? null, to.phone, text, timing.action === 'hold' ? 'held' : 'sent', timing.action === 'hold' ? timing.until : null],
    )) as unknown[];
    if (inserted.length === 0 || timing.action === 'hold') return;
    await this.send(manager, { event_id: eventId, user_id: to.userId, phone: to.phone, text }, timing.day, now);
  }

  /** Counts the push in the person's day and sends it, or marks it capped when the day is full. */
  private async send(manager: EntityManager, push: HeldPush, day: string, now: Date): Promise<void> {
    // Conditional upsert: the row lock makes concurrent pushes to one person take turns, so the cap holds across replicas.
    const counted = (await manager.query(
      `INSERT INTO sms_push_days (user_id, day, sent) VALUES ($1, $2, 1)
       ON CONFLICT (user_id, day) DO UPDATE SET sent = sms_push_days.sent + 1 WHERE sms_push_days.sent < $3
       RETURNING sent`,
      [push.user_id, day, this.cap],
    )) as unknown[];
    if (counted.length === 0) {
      await manager.query('UPDATE sms_push_days SET capped = capped + 1 WHERE user_id = $1 AND day = $2', [push.user_id, day]);
      await manager.query(`UPDATE sms_pushes SET status = 'capped' WHERE event_id = $1 AND user_id = $2`, [push.event_id, push.user_id]);
      return;
    }
    await manager.query(`UPDATE sms_pushes SET status = 'sent', sent_at = $3 WHERE event_id = $1 AND user_id = $2`, [push.event_id, push.user_id, now]);
    await this.sender.queue({ to: push.phone, text: push.text, key: pushKey(push.event_id, push.user_id) }, manager);
  }

  /** The people concerned who chose SMS for this kind and have a phone on their account. */
  /** Only to verified numbers: an account must not send texts to a number it merely typed in. */
  private async recipients(kind: SmsPushKind, audience: Audience): Promise<PushRecipient[]> {
    const ids = new Set(audience.userIds ?? []);
    if (audience.organizationIds?.length) for (const id of await this.access.userIdsOf(audience.organizationIds, audience.minRole ?? 'member')) ids.add(id);
    if (ids.size === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.phone, u.locale FROM users u
       JOIN sms_push_settings s ON s.user_id = u.id AND s.kind = $2
       WHERE u.id = ANY($1::uuid[]) AND u.phone IS NOT NULL AND u.phone_verified_at IS NOT NULL
       ORDER BY u.id`,
      [[...ids], kind],
    )) as Array<{ id: string; phone: string; locale: Locale }>;
    return rows.map((r) => ({ userId: r.id, phone: r.phone, locale: r.locale === 'en' ? 'en' : 'km' }));
  }

  private plan(event: DomainEvent): PushPlan | null {
    switch (event.type) {
      // A counter-offer is an offer received too: answered the same way, by code.
      case OFFER_RECEIVED:
      case OFFER_COUNTERED: {
        const p = event.payload as OfferEventPayload;
        return {
          kind: 'offerReceived',
          // Managers: the people who may accept it.
          audience: { organizationIds: [p.toOrganizationId], minRole: 'manager' },
          compose: async (to) => {
            const code = await this.shortCodes.codeFor(to.phone, 'offer', p.offerId);
            const template = event.type === OFFER_COUNTERED ? 'offer-countered' : p.kind === 'order' ? 'offer-received-order' : 'offer-received-quote';
            return this.text(to.locale, template, {
              from: p.fromOrganizationName,
              product: await this.productOf(to.locale, 'offers', p.offerId, p.productName),
              quantity: smsQuantity(to.locale, p.quantity, p.unit),
              code,
            });
          },
        };
      }
      case OFFER_ACCEPTED: {
        const p = event.payload as OfferEventPayload;
        return {
          kind: 'offerAccepted',
          audience: { organizationIds: [p.fromOrganizationId], minRole: 'manager' },
          compose: async (to) =>
            this.text(to.locale, 'offer-accepted', {
              from: p.toOrganizationName,
              product: await this.productOf(to.locale, 'offers', p.offerId, p.productName),
              quantity: smsQuantity(to.locale, p.quantity, p.unit),
            }),
        };
      }
      case DEAL_DELIVERED: {
        const p = event.payload as DealEventPayload;
        return {
          kind: 'dealDelivered',
          audience: { organizationIds: [p.buyerOrganizationId], minRole: 'manager' },
          compose: async (to) =>
            this.text(to.locale, 'deal-delivered', {
              from: p.sellerName,
              product: await this.productOf(to.locale, 'deals', p.dealId, p.productName),
              quantity: smsQuantity(to.locale, p.quantity, p.unit),
            }),
        };
      }
      case MATCH_FOUND: {
        const p = event.payload as MatchFoundPayload;
        const seller = p.notifiedSide === 'seller';
        return {
          kind: 'matchFound',
          audience: { organizationIds: [p.notifiedOrganizationId], minRole: 'member' },
          // A seller hears of a demand once, however many of their listings fit it; a buyer of each listing.
          subjectId: seller ? p.demandId : p.listingId,
          compose: async (to) => {
            const product = (await this.catalog.findProduct(p.productCode)) ?? { nameEn: p.productName, nameKm: p.productName };
            if (!seller) return this.text(to.locale, 'match-for-buyer', { from: p.counterpartName, product: productName(to.locale, product), title: p.listingTitle });
            const [demand] = (await this.dataSource.query('SELECT quantity::text AS quantity, unit FROM demands WHERE id = $1', [p.demandId])) as Array<{ quantity: string; unit: string }>;
            return this.text(to.locale, 'match-for-seller', {
              from: p.counterpartName,
              product: productName(to.locale, product),
              quantity: demand ? smsQuantity(to.locale, demand.quantity, demand.unit) : '',
              title: p.listingTitle,
              code: await this.shortCodes.codeFor(to.phone, 'demand', p.demandId),
            });
          },
        };
      }
      case TRAINING_EVENTS.sessionReminder:
      case TRAINING_EVENTS.registrationPromoted: {
        const p = event.payload as RegistrationEventPayload;
        if (!p.userId) return null;
        const reminder = event.type === TRAINING_EVENTS.sessionReminder;
        return {
          kind: reminder ? 'trainingReminder' : 'waitlistPromotion',
          audience: { userIds: [p.userId] },
          compose: async (to) =>
            this.text(to.locale, reminder ? 'training-reminder' : 'waitlist-promotion', {
              title: p.trainingTitle,
              when: smsWhen(p.startsAt),
              venue: p.venue,
              checkInCode: p.checkInCode ?? '',
            }),
        };
      }
      default:
        return null;
    }
  }

  private text(locale: Locale, key: PushText, params: Record<string, string>): string {
    return fitPush(pushTemplate(locale, key), params, CUTTABLE);
  }

  /** The product's name in the reader's language (event payloads carry the English one). */
  private async productOf(locale: Locale, table: 'offers' | 'deals', id: string, fallback: string): Promise<string> {
    if (locale === 'en') return fallback;
    const [row] = (await this.dataSource.query(`SELECT product_code FROM ${table} WHERE id = $1`, [id])) as Array<{ product_code: string }>;
    const product = row ? await this.catalog.findProduct(row.product_code) : null;
    return product ? product.nameKm : fallback;
  }
}
