import type { DomainEvent } from '@psar/platform';
import { DateTime } from 'luxon';
import type { NotificationDraft } from '@psar/messaging';
import {
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

function sessionData(p: RegistrationEventPayload): Record<string, unknown> {
  return { trainingId: p.trainingId, sessionId: p.sessionId, registrationId: p.registrationId };
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
      body: `The session at ${where(p)} will not take place; your registration is cancelled. Other sessions may still have seats.`,
      data: { trainingId: p.trainingId, sessionId: p.sessionId },
    })),
  [TRAINING_EVENTS.trainingCancelled]: ({ payload: p }: DomainEvent<TrainingCancelledPayload>) =>
    p.userIds.map((userId) => ({
      recipient: { userId },
      kind: 'training.cancelled',
      title: `Cancelled: ${p.trainingTitle}`,
      body: 'The supplier cancelled this training; your registration is cancelled.',
      data: { trainingId: p.trainingId },
    })),
  [TRAINING_EVENTS.invitationSent]: ({ payload: p }: DomainEvent<InvitationPayload>) =>
    p.invitations.map((i) => ({
      recipient: { organizationId: i.organizationId, minRole: 'member' as const },
      kind: 'training.invitation',
      title: `You are invited: ${p.trainingTitle}`,
      body: `The session nearest you: ${sessionTime(i.startsAt)} at ${where(i)}, about ${Math.round(i.distanceKm)} km away.`,
      data: { trainingId: p.trainingId, sessionId: i.sessionId, groupId: p.groupId },
    })),
};
