import { TrainingInvitation } from './invitations/training-invitation.entity';
import { CreateTrainingEvents1764400006000 } from './migrations/1764400006000-create-training-events';
import { CreateCheckInScans1796169005808 } from './migrations/1796169005808-create-check-in-scans';
import { CreateEvents1796234585476 } from './migrations/1796234585476-create-events';
import { TrainingRegistration } from './registrations/registration.entity';
import { TrainingSession } from './trainings/training-session.entity';
import { Training } from './trainings/training.entity';

export { TrainingEventsModule } from './training-events.module';
export {
  TRAINING_EVENTS,
  type EventNotesPayload,
  type InvitationPayload,
  type RegistrationEventPayload,
  type SessionCancelledPayload,
  type SessionSummary,
  type TrainingCancelledPayload,
} from './training-events';
export { WAITLIST_RULES, type WaitlistRule } from './registrations/waitlist';
export { splitCost, type CostShare } from './events/cost-split';
export { REMINDER_JOB } from './reminders/reminders.service';
export { TrainingsService } from './trainings/trainings.service';
export { RegistrationsService } from './registrations/registrations.service';
export { FindTrainingsQuery } from './trainings/dto/find-trainings.query';
export { trainingEventsDemoSeeder } from './demo/training-events-demo';
export { Training, TrainingSession, TrainingRegistration, TrainingInvitation };

export const trainingEventsEntities = [Training, TrainingSession, TrainingRegistration, TrainingInvitation];
export const trainingEventsMigrations = [CreateTrainingEvents1764400006000, CreateCheckInScans1796169005808, CreateEvents1796234585476];
