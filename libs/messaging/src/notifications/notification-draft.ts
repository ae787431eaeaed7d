import type { Role } from '@psar/identity';
import type { DomainEvent } from '@psar/platform';

/**
 * Who is notified: one user, or the people of an organization with `minRole` or higher
 * (default `manager`: the owners and managers, who act for it).
 */
export type NotificationRecipient = { userId: string } | { organizationId: string; minRole?: Role };

/** What a module's event turns into (see NotificationsService.registerEventType). */
export interface NotificationDraft {
  recipient: NotificationRecipient;
  /** Lower-case dotted, e.g. `offer.accepted`; one notification per (event, user, kind). */
  kind: string;
  /** Shown in the feed; cut to 200 characters. */
  title: string;
  /** Cut to 1000 characters. */
  body?: string;
  /** Ids the client needs to open what it is about; at most 2,000 bytes as JSON. */
  data?: Record<string, unknown>;
  /**
   * For a bursty kind: the event becomes one item of a digest instead of a notification of
   * its own. While the user's digest for (kind, key) is unread, each new item updates it
   * (pushed as `notification.updated`); alone, an item shows this draft's title, body and data.
   */
  digest?: NotificationDigest;
}

export interface NotificationDigest {
  /** What the digest is about within its kind, e.g. the demand's id. */
  key: string;
  /** How this item is named among the best few, e.g. "Kiln Co: Grade-A tiles"; cut to 200 characters. */
  label: string;
  /** Higher is named first (default 0). */
  score?: number;
  /** The digest's text for two items or more (or a folded one); `data` defaults to the first item's. */
  summarize(summary: DigestSummary): { title: string; body?: string; data?: Record<string, unknown> };
}

export interface DigestSummary {
  /** How many items (events) it counts. */
  count: number;
  /** The labels of the best few (at most 3), best first. */
  best: string[];
  /**
   * True for the digest of what came over the user's hourly limit for the kind
   * (NOTIFICATIONS_PER_KIND_PER_HOUR): items of several keys in one.
   */
  folded: boolean;
}

/** The key of the digest that gathers a kind's items over the hourly limit. */
export const FOLDED_DIGEST_KEY = '*';
export const DIGEST_BEST_FEW = 3;

export type NotificationDrafter<P = Record<string, unknown>> = (
  event: DomainEvent<P>,
) => NotificationDraft[] | Promise<NotificationDraft[]>;

export const NOTIFICATION_KIND_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
export const MAX_TITLE_LENGTH = 200;
export const MAX_BODY_LENGTH = 1000;
export const MAX_DATA_BYTES = 2000;

/** Cuts text to `max` characters (code points, as Postgres counts), ending in "…" when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
