import { Injectable } from '@nestjs/common';
import { CatalogService } from '@psar/catalog';
import { OrganizationAccessService } from '@psar/identity';
import { ProblemException } from '@psar/platform';
import { FindTrainingsQuery, RegistrationsService, TrainingsService } from '@psar/training-events';
import { DateTime } from 'luxon';
import type { SmsUser } from '../market/market-commands.service';
import { ShortCodesService } from '../short-codes/short-codes.service';
import { trainingText } from './training-texts';

const NEAR_KM = 100;
const LIST_ITEMS = 3;

/** 12/03 08:00, Cambodia time: short enough for an SMS, read the same in both languages. */
export function smsWhen(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'Asia/Phnom_Penh' }).toFormat('dd/MM HH:mm');
}

/** Trainings by SMS: the stops near the sender, and joining one by its code. */
@Injectable()
export class TrainingCommandsService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly access: OrganizationAccessService,
    private readonly trainings: TrainingsService,
    private readonly registrations: RegistrationsService,
    private readonly shortCodes: ShortCodesService,
  ) {}

  /** The next stops in a province, or else within 100 km of the sender's firm (its place, or its province's centre). */
  async nearMe(user: SmsUser, provinceCode?: string): Promise<string> {
    const near = provinceCode ? null : await this.placeOf(user);
    const where = provinceCode ? { province: provinceCode } : near ? { near, radiusKm: NEAR_KM } : {};
    const query = Object.assign(new FindTrainingsQuery(), { limit: LIST_ITEMS, ...where });
    const page = await this.trainings.find(query);
    if (page.items.length === 0) return trainingText(user.locale, 'none-near');
    const items = await Promise.all(
      page.items.map(async (t) => {
        const code = await this.shortCodes.codeFor(user.phone, 'session', t.nextSession.id);
        return `${code} ${t.title}, ${smsWhen(t.nextSession.startsAt)} ${t.nextSession.venue}`;
      }),
    );
    return trainingText(user.locale, 'near', { items: items.join('; ') });
  }

  /** JOIN <code>: one seat for the sender; the reply carries the check-in code. */
  async join(user: SmsUser, typedCode: string): Promise<string> {
    const code = typedCode.toUpperCase();
    const sessionId = await this.shortCodes.resolve(user.phone, 'session', typedCode);
    if (!sessionId) return trainingText(user.locale, 'unknown-code', { code });
    try {
      const registration = await this.registrations.register(user.userId, sessionId, {});
      if (registration.status === 'waitlisted') return trainingText(user.locale, 'waitlisted', { position: registration.position ?? '' });
      const training = await this.trainings.get(registration.trainingId);
      const session = training.sessions.find((s) => s.id === sessionId);
      return trainingText(user.locale, 'joined', {
        title: training.title,
        when: session ? smsWhen(session.startsAt) : '',
        venue: session?.venue ?? '',
        checkInCode: registration.checkInCode ?? '',
      });
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      const body = error.getResponse() as { title?: string };
      return trainingText(user.locale, 'refused', { code, reason: body.title ?? 'refused' });
    }
  }

  private async placeOf(user: SmsUser): Promise<string | null> {
    const [organizationId] = await this.access.organizationIdsOf(user.userId);
    if (!organizationId) return null;
    const place = (await this.access.placesOf([organizationId])).get(organizationId);
    if (!place) return null;
    if (place.lat !== null && place.lng !== null) return `${place.lat},${place.lng}`;
    const province = await this.catalog.findProvince(place.provinceCode);
    return province ? `${province.lat},${province.lng}` : null;
  }
}
