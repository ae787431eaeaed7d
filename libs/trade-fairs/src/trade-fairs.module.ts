import { Module, OnModuleInit } from '@nestjs/common';
import { CatalogModule } from '@psar/catalog';
import { IdentityModule } from '@psar/identity';
import { ListingsModule } from '@psar/listings';
import { MediaModule } from '@psar/media';
import { MessagingModule, NotificationsService } from '@psar/messaging';
import { ScheduledJobsService } from '@psar/platform';
import { AttendanceController } from './attendance/attendance.controller';
import { AttendanceService } from './attendance/attendance.service';
import { BookingsController } from './bookings/bookings.controller';
import { BookingsService } from './bookings/bookings.service';
import { ShowcaseCheck } from './bookings/showcase-check';
import { FairAccessService } from './fairs/fair-access.service';
import { FairsController } from './fairs/fairs.controller';
import { FairsService } from './fairs/fairs.service';
import { BOOKING_EVENT_TYPES, bookingNotifications, FAIR_CANCELLED, fairCancelledNotifications } from './notifications/trade-fair-notifications';
import { StallListPipe } from './stalls/dto/stall-list.pipe';
import { StallsService } from './stalls/stalls.service';

export const EXPIRE_BOOKING_HOLDS_JOB = 'trade-fairs.expire-booking-holds';

/** Fairs, floor plans, stall bookings, exhibitors, visitor counts. */
@Module({
  imports: [CatalogModule, IdentityModule, MediaModule, MessagingModule, ListingsModule],
  controllers: [FairsController, BookingsController, AttendanceController],
  providers: [FairAccessService, FairsService, StallsService, BookingsService, ShowcaseCheck, AttendanceService, StallListPipe],
  exports: [FairsService, BookingsService],
})
export class TradeFairsModule implements OnModuleInit {
  constructor(
    private readonly jobs: ScheduledJobsService,
    private readonly bookings: BookingsService,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    // Every minute: a hold ends within a minute of its deadline, which is what organizers see.
    this.jobs.register(EXPIRE_BOOKING_HOLDS_JOB, '* * * * *', async () => {
      await this.bookings.expireHolds();
    });
    for (const type of BOOKING_EVENT_TYPES) this.notifications.registerEventType(type, bookingNotifications);
    this.notifications.registerEventType(FAIR_CANCELLED, fairCancelledNotifications);
  }
}
