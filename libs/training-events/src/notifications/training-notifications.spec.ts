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
});
