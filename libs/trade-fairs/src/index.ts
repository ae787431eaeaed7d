import { FairExhibitor } from './attendance/fair-exhibitor.entity';
import { FairVisitorCount } from './attendance/visitor-count.entity';
import { StallBooking } from './bookings/stall-booking.entity';
import { TradeFair } from './fairs/trade-fair.entity';
import { CreateTradeFairs1764400007000 } from './migrations/1764400007000-create-trade-fairs';
import { RemovableStalls1796168922884 } from './migrations/1796168922884-removable-stalls';
import { FairStall } from './stalls/fair-stall.entity';

export { TradeFairsModule, EXPIRE_BOOKING_HOLDS_JOB } from './trade-fairs.module';
export { TradeFair, FAIR_STATUSES, type FairStatus } from './fairs/trade-fair.entity';
export { FairStall, STALL_TYPES, type StallType } from './stalls/fair-stall.entity';
export { StallBooking, BOOKING_STATUSES, PAYMENT_STATUSES, type BookingStatus, type PaymentStatus } from './bookings/stall-booking.entity';
export { FairExhibitor, FairVisitorCount };
export {
  BOOKING_APPROVED,
  BOOKING_CANCELLED,
  BOOKING_EXPIRED,
  BOOKING_REJECTED,
  BOOKING_REQUESTED,
  FAIR_CANCELLED,
  type BookingEventPayload,
  type FairCancelledPayload,
} from './trade-fair-events';
export { tradeFairsDemoSeeder } from './demo/trade-fairs-demo';

export const tradeFairsEntities = [TradeFair, FairStall, StallBooking, FairExhibitor, FairVisitorCount];
export const tradeFairsMigrations = [CreateTradeFairs1764400007000, RemovableStalls1796168922884];
