import { Injectable } from '@nestjs/common';

/**
 * "Now" for rules that depend on time (deal timers): the SQL takes it as a parameter, so a
 * test replaces this provider and moves time instead of sleeping.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
