import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '@psar/catalog';
import { IdentityModule } from '@psar/identity';
import { MediaModule } from '@psar/media';
import { MessagingModule, NotificationsService } from '@psar/messaging';
import { AttendanceService } from './attendance/attendance.service';
import { OfflineCheckInsService } from './check-ins/offline-check-ins.service';
import { CostReportsService } from './events/cost-reports.service';
import { EventPhotosController } from './events/event-photos.controller';
import { EventsController } from './events/events.controller';
import { MeetingPointsController } from './events/meeting-points.controller';
import { EventsService } from './events/events.service';
import { TrainingInvitation } from './invitations/training-invitation.entity';
import { InvitationsService } from './invitations/invitations.service';
import { TRAINING_NOTIFICATIONS, TRAINING_STAFF_NOTIFICATIONS } from './notifications/training-notifications';
import { MyRegistrationsController } from './registrations/my-registrations.controller';
import { TrainingRegistration } from './registrations/registration.entity';
import { RegistrationsService } from './registrations/registrations.service';
import { TrainingSessionsController } from './registrations/training-sessions.controller';
import { RemindersService } from './reminders/reminders.service';
import { TrainingSession } from './trainings/training-session.entity';
import { Training } from './trainings/training.entity';
import { TrainingsController } from './trainings/trainings.controller';
import { TrainingsService } from './trainings/trainings.service';

/**
 * Roving trainings by input suppliers, and the other kinds of events built on them (exposure
 * visits, business forums): sessions, seats, waitlists, check-ins, invitations, reminders.
 */
@Module({
  imports: [
    CatalogModule,
    IdentityModule,
    MediaModule,
    MessagingModule,
    TypeOrmModule.forFeature([Training, TrainingSession, TrainingRegistration, TrainingInvitation]),
  ],
  controllers: [TrainingsController, TrainingSessionsController, MyRegistrationsController, EventsController, EventPhotosController, MeetingPointsController],
  providers: [
    TrainingsService,
    RegistrationsService,
    AttendanceService,
    OfflineCheckInsService,
    InvitationsService,
    RemindersService,
    EventsService,
    CostReportsService,
  ],
  // The SMS channel finds trainings and registers people with them.
  exports: [TrainingsService, RegistrationsService],
})
export class TrainingEventsModule implements OnModuleInit {
  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    const types = new Set([...Object.keys(TRAINING_NOTIFICATIONS), ...Object.keys(TRAINING_STAFF_NOTIFICATIONS)]);
    for (const type of types) {
      const forPeople = TRAINING_NOTIFICATIONS[type];
      const forStaff = TRAINING_STAFF_NOTIFICATIONS[type];
      this.notifications.registerEventType(type, (event) => [...(forPeople?.(event) ?? []), ...(forStaff?.(event) ?? [])]);
    }
  }
}
