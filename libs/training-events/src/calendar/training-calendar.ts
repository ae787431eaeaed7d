import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { CAMBODIA_ZONE } from '../trainings/cambodia-time';

export interface CalendarTraining {
  id: string;
  title: string;
  description: string | null;
  embeddedOffer: string | null;
  sessions: Array<{
    id: string;
    startsAt: Date;
    endsAt: Date;
    venue: string;
    provinceName: string;
    location: { lat: number; lng: number } | null;
    cancelled: boolean;
    updatedAt: Date;
  }>;
}

/**
 * An iCalendar file with one VEVENT per session, times in Asia/Phnom_Penh (a TZID and its
 * VTIMEZONE). ical-generator writes a plain Date in the server's own zone when a TZID is
 * set, so the times are handed over as luxon DateTimes already in Cambodia's zone.
 * The calendar itself has no zone of its own, which keeps DTSTAMP in UTC as RFC 5545 wants.
 */
export function trainingCalendar(training: CalendarTraining): string {
  const calendar = ical({
    name: training.title,
    prodId: { company: 'psar', product: 'trainings', language: 'EN' },
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  calendar.x([['X-WR-TIMEZONE', CAMBODIA_ZONE]]);
  const inCambodia = (date: Date) => DateTime.fromJSDate(date, { zone: CAMBODIA_ZONE });
  const description = [training.description, training.embeddedOffer].filter(Boolean).join('\n\n') || null;
  for (const session of training.sessions) {
    calendar.createEvent({
      id: `${session.id}@trainings.psar`,
      start: inCambodia(session.startsAt),
      end: inCambodia(session.endsAt),
      timezone: CAMBODIA_ZONE,
      stamp: session.updatedAt,
      summary: training.title,
      description,
      location: session.location
        ? { title: `${session.venue}, ${session.provinceName}`, geo: { lat: session.location.lat, lon: session.location.lng } }
        : `${session.venue}, ${session.provinceName}`,
      status: session.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
