/**
 * The domain events this lib records in the outbox, with their payloads. Each payload
 * carries what a notification needs (title, time, venue), so a handler never has to read
 * rows that may have changed since.
 */
export const TRAINING_EVENTS = {
  registrationConfirmed: 'training.registration_confirmed',
  registrationWaitlisted: 'training.registration_waitlisted',
  registrationPromoted: 'training.registration_promoted',
  sessionCancelled: 'training.session_cancelled',
  trainingCancelled: 'training.cancelled',
  sessionReminder: 'training.session_reminder',
  invitationSent: 'training.invitation_sent',
  eventNotesPosted: 'event.notes_posted',
} as const;

/**
 * What the event is, for the words that name it ("this exposure visit"). Optional: an event
 * recorded before the kinds came has none, and was a training.
 */
export type EventKindOfPayload = 'training' | 'exposure_visit' | 'business_forum';

export interface SessionSummary {
  sessionId: string;
  trainingId: string;
  trainingTitle: string;
  eventKind?: EventKindOfPayload;
  organizationId: string;
  startsAt: string;
  endsAt: string;
  provinceCode: string;
  venue: string;
}

/** Confirmed, waitlisted, promoted and reminder events: one registration. */
export interface RegistrationEventPayload extends SessionSummary {
  [key: string]: unknown;
  registrationId: string;
  /** Null for a walk-in, who has no account to notify. */
  userId: string | null;
  seats: number;
  checkInCode: string | null;
  waitlistPosition: number | null;
}

export interface SessionCancelledPayload extends SessionSummary {
  [key: string]: unknown;
  /** The people whose live registrations were cancelled with it. */
  userIds: string[];
}

export interface TrainingCancelledPayload {
  [key: string]: unknown;
  trainingId: string;
  trainingTitle: string;
  eventKind?: EventKindOfPayload;
  organizationId: string;
  sessionIds: string[];
  userIds: string[];
}

export interface InvitationPayload {
  [key: string]: unknown;
  trainingId: string;
  trainingTitle: string;
  eventKind?: EventKindOfPayload;
  organizationId: string;
  groupId: string;
  /** One line per member firm, with the session nearest it. */
  invitations: Array<{
    organizationId: string;
    sessionId: string;
    startsAt: string;
    provinceCode: string;
    venue: string;
    distanceKm: number;
  }>;
}

/** The organizer's notes or outcomes of an event, to its confirmed participants. */
export interface EventNotesPayload {
  [key: string]: unknown;
  eventId: string;
  eventTitle: string;
  organizationId: string;
  noteId: string;
  body: string;
  userIds: string[];
}
