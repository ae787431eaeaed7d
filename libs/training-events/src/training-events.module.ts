import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '@psar/catalog';
import { IdentityModule } from '@psar/identity';
import { MessagingModule, NotificationsService } from '@psar/messaging';
import { AttendanceService } from './attendance/attendance.service';
import { TrainingInvitation } from './invitations/training-invitation.entity';
import { InvitationsService } from './invitations/invitations.service';
import { TRAINING_NOTIFICATIONS } from './notifications/training-notifications';
import { MyRegistrationsController } from './registrations/my-registrations.controller';
import { TrainingRegistration } from './registrations/registration.entity';
import { RegistrationsService } from './registrations/registrations.service';
import { TrainingSessionsController } from './registrations/training-sessions.controller';
import { RemindersService } from './reminders/reminders.service';
import { TrainingSession } from './trainings/training-session.entity';
import { Training } from './trainings/training.entity';
import { TrainingsController } from './trainings/trainings.controller';
import { TrainingsService } from './trainings/trainings.service';

/** Roving trainings by input suppliers: sessions, seats, waitlists, check-ins, invitations, reminders. */
@Module({
  imports: [
    CatalogModule,
    IdentityModule,
    MessagingModule,
    TypeOrmModule.forFeature([Training, TrainingSession, TrainingRegistration, TrainingInvitation]),
  ],
  controllers: [TrainingsController, TrainingSessionsController, MyRegistrationsController],
  providers: [TrainingsService, RegistrationsService, AttendanceService, InvitationsService, RemindersService],
})
export class TrainingEventsModule implements OnModuleInit {
  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    for (const [type, toDrafts] of Object.entries(TRAINING_NOTIFICATIONS)) this.notifications.registerEventType(type, toDrafts);
  }
}
