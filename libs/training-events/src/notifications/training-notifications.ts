import type { DomainEvent } from '@psar/platform';
import { DateTime } from 'luxon';
import type { NotificationDraft } from '@psar/messaging';
import {
  type EventKindOfPayload,
  type EventNotesPayload,
  type InvitationPayload,
  type RegistrationEventPayload,
  type SessionCancelledPayload,
  type TrainingCancelledPayload,
  TRAINING_EVENTS,
} from '../training-events';
import { CAMBODIA_ZONE } from '../trainings/cambodia-time';

/** "Sat 10 Jan 2026, 08:00", in Cambodia's time whatever the server's. */
export function sessionTime(iso: string): string {
  return DateTime.fromISO(iso, { zone: CAMBODIA_ZONE }).toFormat('ccc d LLL yyyy, HH:mm');
}

function where(p: { venue: string; provinceCode: string }): string {
  return `${p.venue} (${p.provinceCode})`;
}

/**
 * How the texts name the event and one of its dates. A training's words stay those it always
 * had; an event recorded before the kinds came has no kind and was a training.
 */
const KIND_WORDS: Record<EventKindOfPayload, { event: string; date: string; dates: string; seats: string; canceller: string }> = {
  training: { event: 'training', date: 'session', dates: 'Other sessions', seats: 'seats', canceller: 'The supplier' },
  exposure_visit: { event: 'exposure visit', date: 'visit', dates: 'Other dates', seats: 'places', canceller: 'The organizer' },
  business_forum: { event: 'business forum', date: 'forum', dates: 'Other dates', seats: 'places', canceller: 'The organizer' },
};

function wordsOf(kind: EventKindOfPayload | undefined) {
  return KIND_WORDS[kind ?? 'training'];
}

/**
 * A visit's or forum's kind goes with the data, so that the app words the headline in the
 * reader's language; a training's data stays as it was (no kind: a training).
 */
function kindData(kind: EventKindOfPayload | undefined): Record<string, unknown> {
  return kind && kind !== 'training' ? { eventKind: kind } : {};
}

function sessionData(p: RegistrationEventPayload): Record<string, unknown> {
  return { trainingId: p.trainingId, sessionId: p.sessionId, registrationId: p.registrationId, ...kindData(p.eventKind) };
}

/** What each event tells whom. Pure: a drafter may run more than once for one event. */
export const TRAINING_NOTIFICATIONS: Record<string, (event: DomainEvent<any>) => NotificationDraft[]> = {
  [TRAINING_EVENTS.registrationConfirmed]: ({ payload: p }: DomainEvent<RegistrationEventPayload>) =>
    p.userId
      ? [
          {
            recipient: { userId: p.userId },
            kind: 'training.registration_confirmed',
            title: `Your seat is confirmed: ${p.trainingTitle}`,
            body: `${sessionTime(p.startsAt)} at ${where(p)}. Your check-in code is ${p.checkInCode}.`,
            data: sessionData(p),
          },
        ]
      : [],
  [TRAINING_EVENTS.registrationPromoted]: ({ payload: p }: DomainEvent<RegistrationEventPayload>) =>
    p.userId
      ? [
          {
            recipient: { userId: p.userId },
            kind: 'training.registration_promoted',
            title: `A seat freed up for you: ${p.trainingTitle}`,
            body: `You moved from the waitlist to confirmed for ${sessionTime(p.startsAt)} at ${where(p)}. Your check-in code is ${p.checkInCode}.`,
            data: sessionData(p),
          },
        ]
      : [],
  [TRAINING_EVENTS.sessionReminder]: ({ payload: p }: DomainEvent<RegistrationEventPayload>) =>
    p.userId
      ? [
          {
            recipient: { userId: p.userId },
            kind: 'training.session_reminder',
            title: `Tomorrow: ${p.trainingTitle}`,
            body: `${sessionTime(p.startsAt)} at ${where(p)}. Show your check-in code ${p.checkInCode} at the door.`,
            data: sessionData(p),
          },
        ]
      : [],
  [TRAINING_EVENTS.sessionCancelled]: ({ payload: p }: DomainEvent<SessionCancelledPayload>) =>
    p.userIds.map((userId) => ({
      recipient: { userId },
      kind: 'training.session_cancelled',
      title: `Cancelled: ${p.trainingTitle} on ${sessionTime(p.startsAt)}`,
      body: `The ${wordsOf(p.eventKind).date} at ${where(p)} will not take place; your registration is cancelled. ${wordsOf(p.eventKind).dates} may still have ${wordsOf(p.eventKind).seats}.`,
      data: { trainingId: p.trainingId, sessionId: p.sessionId, ...kindData(p.eventKind) },
    })),
  [TRAINING_EVENTS.trainingCancelled]: ({ payload: p }: DomainEvent<TrainingCancelledPayload>) =>
    p.userIds.map((userId) => ({
      recipient: { userId },
      kind: 'training.cancelled',
      title: `Cancelled: ${p.trainingTitle}`,
      body: `${wordsOf(p.eventKind).canceller} cancelled this ${wordsOf(p.eventKind).event}; your registration is cancelled.`,
      data: { trainingId: p.trainingId, ...kindData(p.eventKind) },
    })),
  [TRAINING_EVENTS.invitationSent]: ({ payload: p }: DomainEvent<InvitationPayload>) =>
    p.invitations.map((i) => ({
      recipient: { organizationId: i.organizationId, minRole: 'member' as const },
      kind: 'training.invitation',
      title: `You are invited: ${p.trainingTitle}`,
      body: `The ${wordsOf(p.eventKind).date === 'session' ? 'session' : 'date'} nearest you: ${sessionTime(i.startsAt)} at ${where(i)}, about ${Math.round(i.distanceKm)} km away.`,
      data: { trainingId: p.trainingId, sessionId: i.sessionId, groupId: p.groupId, ...kindData(p.eventKind) },
    })),
  [TRAINING_EVENTS.eventNotesPosted]: ({ payload: p }: DomainEvent<EventNotesPayload>) =>
    p.userIds.map((userId) => ({
      recipient: { userId },
      kind: 'event.notes',
      title: `Notes from ${p.eventTitle}`,
      body: p.body,
      data: { eventId: p.eventId, noteId: p.noteId },
    })),
};

/**
 * What the supplier's staff (owners and managers) hear of registrations: one notification per
 * training, updated while unread ("14 new registrations for …"), not one per person. A
 * walk-in is registered by the staff themselves at the door: nothing to tell them.
 */
function staffDigest(waitlisted: boolean) {
  return ({ payload: p }: DomainEvent<RegistrationEventPayload>): NotificationDraft[] =>
    p.userId
      ? [
          {
            recipient: { organizationId: p.organizationId },
            kind: 'training.registrations',
            title: waitlisted ? `A new registration for ${p.trainingTitle} is on the waitlist` : `A new registration for ${p.trainingTitle}`,
            body: `${sessionTime(p.startsAt)} at ${where(p)}: ${p.seats} seat${p.seats === 1 ? '' : 's'}${waitlisted ? `, waitlist position ${p.waitlistPosition}` : ''}.`,
            data: { trainingId: p.trainingId, sessionId: p.sessionId, ...kindData(p.eventKind) },
            digest: {
              key: p.trainingId,
              label: `${sessionTime(p.startsAt)} at ${p.venue}${waitlisted ? ' (waitlist)' : ''}`,
              summarize: ({ count, folded }) => ({
                title: folded ? `${count} more registrations for your trainings` : `${count} new registrations for ${p.trainingTitle}`,
                body: 'See the sessions’ registrations for who comes.',
                data: folded ? {} : { trainingId: p.trainingId, ...kindData(p.eventKind) },
              }),
            },
          },
        ]
      : [];
}

/** Drafts for the staff, per event type; the module registers them together with TRAINING_NOTIFICATIONS. */
export const TRAINING_STAFF_NOTIFICATIONS: Record<string, (event: DomainEvent<any>) => NotificationDraft[]> = {
  [TRAINING_EVENTS.registrationConfirmed]: staffDigest(false),
  [TRAINING_EVENTS.registrationWaitlisted]: staffDigest(true),
};
