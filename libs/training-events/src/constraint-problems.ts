import { HttpStatus } from '@nestjs/common';
import { constraintProblem, ProblemException } from '@psar/platform';

// Constraints this lib's rules rest on, with the answer a client should get when one fires.
const CONSTRAINT_PROBLEMS: Record<string, () => ProblemException> = {
  training_sessions_no_overlap: () =>
    new ProblemException(
      HttpStatus.CONFLICT,
      'sessions-overlap',
      'This session overlaps another session of the training: one training team cannot be in two places at once',
    ),
  training_sessions_seats_within_capacity: () =>
    new ProblemException(
      HttpStatus.CONFLICT,
      'capacity-below-confirmed',
      'More seats are already confirmed than this capacity; cancel registrations first',
    ),
  training_registrations_one_per_user: () =>
    new ProblemException(HttpStatus.CONFLICT, 'already-registered', 'You are already registered for this session'),
  training_invitations_pkey: () =>
    new ProblemException(HttpStatus.CONFLICT, 'already-invited', 'This group was already invited to this training'),
};

/** Turns a violation of one of our constraints into its problem; anything else is rethrown as is. */
export function rethrowAsProblem(error: unknown): never {
  throw constraintProblem(error, CONSTRAINT_PROBLEMS) ?? error;
}
