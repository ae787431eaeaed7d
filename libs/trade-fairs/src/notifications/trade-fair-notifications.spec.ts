import type { DomainEvent } from '@psar/platform';
import { BOOKING_APPROVED, BOOKING_CANCELLED, BOOKING_EXPIRED, BOOKING_REJECTED, BOOKING_REQUESTED, type BookingEventPayload } from '../trade-fair-events';
import { bookingNotifications, fairCancelledNotifications } from './trade-fair-notifications';

const payload: BookingEventPayload = {
  bookingId: 'b1',
  fairId: 'f1',
  fairName: 'Spring Fair',
  stallId: 's1',
  stallCode: 'A-01',
  exhibitorId: 'exhibitor',
  exhibitorName: 'Kiln Co',
  organizerId: 'organizer',
  actorId: 'u1',
};
const event = (type: string, extra: Partial<BookingEventPayload> = {}): DomainEvent<BookingEventPayload> => ({
  id: 'e1',
  type,
  payload: { ...payload, ...extra },
  occurredAt: new Date(),
});
const recipients = (type: string, extra: Partial<BookingEventPayload> = {}) =>
  bookingNotifications(event(type, extra)).map((d) => ('organizationId' in d.recipient ? d.recipient.organizationId : d.recipient.userId));

describe('trade fair notifications', () => {
  it('sends requests to the organizer and decisions to the exhibitor', () => {
    expect(recipients(BOOKING_REQUESTED)).toEqual(['organizer']);
    expect(recipients(BOOKING_APPROVED)).toEqual(['exhibitor']);
    expect(recipients(BOOKING_REJECTED)).toEqual(['exhibitor']);
    expect(recipients(BOOKING_EXPIRED)).toEqual(['exhibitor']);
  });

  it('sends a cancellation to the other side', () => {
    expect(recipients(BOOKING_CANCELLED, { cancelledBy: 'exhibitor' })).toEqual(['organizer']);
    expect(recipients(BOOKING_CANCELLED, { cancelledBy: 'organizer' })).toEqual(['exhibitor']);
  });

  it('tells every exhibitor of a cancelled fair, with the reason', () => {
    const drafts = fairCancelledNotifications({
      id: 'e2',
      type: 'trade_fair.cancelled',
      occurredAt: new Date(),
      payload: { fairId: 'f1', fairName: 'Spring Fair', organizerId: 'o', exhibitorIds: ['a', 'b'], reason: 'Storm', actorId: 'u' },
    });
    expect(drafts).toEqual([
      expect.objectContaining({ recipient: { organizationId: 'a' }, kind: 'trade_fair.cancelled', body: 'Reason: Storm' }),
      expect.objectContaining({ recipient: { organizationId: 'b' }, kind: 'trade_fair.cancelled' }),
    ]);
  });

  it('says which stall and fair, and carries the ids to open it', () => {
    const [draft] = bookingNotifications(event(BOOKING_REJECTED, { reason: 'One stall each' }));
    expect(draft).toEqual({
      recipient: { organizationId: 'exhibitor' },
      kind: 'trade_fair.booking_rejected',
      title: 'Your request for stall A-01 at Spring Fair was rejected',
      body: 'Reason: One stall each',
      data: { fairId: 'f1', bookingId: 'b1', stallId: 's1' },
    });
  });
});
