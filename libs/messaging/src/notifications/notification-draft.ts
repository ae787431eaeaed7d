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
}

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
