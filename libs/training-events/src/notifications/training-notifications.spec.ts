import type { DomainEvent } from '@psar/platform';
import { type RegistrationEventPayload, TRAINING_EVENTS } from '../training-events';
import { sessionTime, TRAINING_NOTIFICATIONS } from './training-notifications';

const registration = (overrides: Partial<RegistrationEventPayload> = {}): DomainEvent<RegistrationEventPayload> => ({
  id: 'e1',
  type: TRAINING_EVENTS.registrationConfirmed,
  occurredAt: new Date(),
  payload: {
    sessionId: 's1',
    trainingId: 't1',
    trainingTitle: 'Healthy pigs',
    organizationId: 'o1',
    startsAt: '2026-01-10T01:00:00.000Z',
    endsAt: '2026-01-10T04:00:00.000Z',
    provinceCode: 'KH-14',
    venue: 'Commune hall',
    registrationId: 'r1',
    userId: 'u1',
    seats: 1,
    checkInCode: 'K7Q4MZ',
    waitlistPosition: null,
    ...overrides,
  },
});

describe('training notifications', () => {
  it('tell times in Cambodia, whatever the server zone', () => {
    expect(sessionTime('2026-01-10T01:00:00.000Z')).toBe('Sat 10 Jan 2026, 08:00');
  });

  it('tell the registrant their seat and code; a walk-in has nobody to tell', () => {
    const confirmed = TRAINING_NOTIFICATIONS[TRAINING_EVENTS.registrationConfirmed]!;
    expect(confirmed(registration())).toEqual([
      expect.objectContaining({ recipient: { userId: 'u1' }, kind: 'training.registration_confirmed', body: expect.stringContaining('K7Q4MZ') }),
    ]);
    expect(confirmed(registration({ userId: null }))).toEqual([]);
    expect(TRAINING_NOTIFICATIONS[TRAINING_EVENTS.sessionReminder]!(registration({ userId: null }))).toEqual([]);
  });

  it('invite each member firm, all its people, with its own nearest session', () => {
    const drafts = TRAINING_NOTIFICATIONS[TRAINING_EVENTS.invitationSent]!({
      id: 'e2',
      type: TRAINING_EVENTS.invitationSent,
      occurredAt: new Date(),
      payload: {
        trainingId: 't1',
        trainingTitle: 'Healthy pigs',
        organizationId: 'o1',
        groupId: 'g1',
        invitations: [
          { organizationId: 'f1', sessionId: 's1', startsAt: '2026-01-10T01:00:00.000Z', provinceCode: 'KH-14', venue: 'Hall', distanceKm: 4.2 },
          { organizationId: 'f2', sessionId: 's2', startsAt: '2026-01-12T01:00:00.000Z', provinceCode: 'KH-2', venue: 'School', distanceKm: 12.6 },
        ],
      },
    });
    expect(drafts.map((d) => [d.recipient, d.data?.sessionId])).toEqual([
      [{ organizationId: 'f1', minRole: 'member' }, 's1'],
      [{ organizationId: 'f2', minRole: 'member' }, 's2'],
    ]);
  });

  it('name the kind: a visit or a forum is not called a training, and its kind goes with the data; a training reads as before', () => {
    const cancelled = (eventKind?: 'training' | 'exposure_visit' | 'business_forum') =>
      TRAINING_NOTIFICATIONS[TRAINING_EVENTS.trainingCancelled]!({
        id: 'e3',
        type: TRAINING_EVENTS.trainingCancelled,
        occurredAt: new Date(),
        payload: { trainingId: 't1', trainingTitle: 'See a tunnel kiln', eventKind, organizationId: 'o1', sessionIds: ['s1'], userIds: ['u1'] },
      })[0]!;
    expect(cancelled()).toMatchObject({ body: 'The supplier cancelled this training; your registration is cancelled.', data: { trainingId: 't1' } });
    expect(cancelled('training')).toEqual(cancelled());
    expect(cancelled('exposure_visit')).toMatchObject({
      body: 'The organizer cancelled this exposure visit; your registration is cancelled.',
      data: { trainingId: 't1', eventKind: 'exposure_visit' },
    });
    expect(cancelled('business_forum').body).toBe('The organizer cancelled this business forum; your registration is cancelled.');

    const sessionCancelled = (eventKind?: 'exposure_visit') =>
      TRAINING_NOTIFICATIONS[TRAINING_EVENTS.sessionCancelled]!({
        id: 'e4',
        type: TRAINING_EVENTS.sessionCancelled,
        occurredAt: new Date(),
        payload: { ...registration().payload, eventKind, userIds: ['u1'] },
      })[0]!;
    expect(sessionCancelled().body).toBe(
      'The session at Commune hall (KH-14) will not take place; your registration is cancelled. Other sessions may still have seats.',
    );
    expect(sessionCancelled('exposure_visit')).toMatchObject({
      body: 'The visit at Commune hall (KH-14) will not take place; your registration is cancelled. Other dates may still have places.',
      data: { eventKind: 'exposure_visit' },
    });
    expect(TRAINING_NOTIFICATIONS[TRAINING_EVENTS.sessionReminder]!(registration({ eventKind: 'business_forum' }))[0]!.data).toMatchObject({
      eventKind: 'business_forum',
    });
  });
});
