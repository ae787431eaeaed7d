import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogService } from '@psar/catalog';
import { GROUP_KINDS, OrganizationAccessService } from '@psar/identity';
import { OutboxService, ProblemException } from '@psar/platform';
import { DataSource } from 'typeorm';
import { rethrowAsProblem } from '../constraint-problems';
import { type EventKindOfPayload, type InvitationPayload, TRAINING_EVENTS } from '../training-events';
import { TrainingsService } from '../trainings/trainings.service';
import type { InvitationDto, InvitedMemberDto } from './dto/invitation.dto';
import { nearestSession } from './nearest-session';

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly catalog: CatalogService,
    private readonly outbox: OutboxService,
    private readonly trainings: TrainingsService,
  ) {}

  /**
   * The supplier invites a cooperative or working group: each approved member firm is told
   * of the open session nearest to it (its location, else its province's centre). Once per
   * group and training, so nobody is notified twice.
   */
  async invite(userId: string, trainingId: string, groupId: string): Promise<InvitationDto> {
    const training = await this.trainings.manageable(userId, trainingId);
    if (training.status !== 'active') {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'training-cancelled', 'This training was cancelled');
    }
    const kind = (await this.access.kindsOf([groupId])).get(groupId);
    if (!kind) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such organization');
    if (!GROUP_KINDS.includes(kind)) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'not-a-group', 'Only a cooperative or a working group can be invited');
    }
    const centroids = new Map((await this.catalog.listProvinces()).map((p) => [p.code, { lat: p.lat, lng: p.lng }]));
    const sessions = (
      (await this.dataSource.query(
        `SELECT id, starts_at, province_code, venue, lat, lng FROM training_sessions
         WHERE training_id = $1 AND status = 'scheduled' AND starts_at > now() ORDER BY starts_at`,
        [trainingId],
      )) as Array<{ id: string; starts_at: Date; province_code: string; venue: string; lat: number | null; lng: number | null }>
    ).map((s) => ({
      ...s,
      startsAt: s.starts_at,
      place: s.lat !== null && s.lng !== null ? { lat: s.lat, lng: s.lng } : centroids.get(s.province_code)!,
    }));
    if (sessions.length === 0) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'no-open-sessions', 'This training has no upcoming session to invite to');
    }
    const memberIds = await this.access.memberOrganizationIdsOf(groupId);
    const places = await this.access.placesOf(memberIds);
    const invited: InvitedMemberDto[] = memberIds.flatMap((organizationId) => {
      const place = places.get(organizationId);
      if (!place) return [];
      const from = place.lat !== null && place.lng !== null ? { lat: place.lat, lng: place.lng } : centroids.get(place.provinceCode)!;
      const nearest = nearestSession(from, sessions)!;
      return [
        {
          organizationId,
          sessionId: nearest.session.id,
          startsAt: nearest.session.starts_at.toISOString(),
          provinceCode: nearest.session.province_code,
          venue: nearest.session.venue,
          distanceKm: Math.round(nearest.distanceKm * 10) / 10,
        },
      ];
    });
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [row] = (await manager.query(
          `INSERT INTO training_invitations (training_id, group_id, invited_by, member_count) VALUES ($1, $2, $3, $4) RETURNING created_at`,
          [trainingId, groupId, userId, invited.length],
        )) as Array<{ created_at: Date }>;
        const [{ title, kind }] = (await manager.query('SELECT title, kind FROM trainings WHERE id = $1', [trainingId])) as [
          { title: string; kind: EventKindOfPayload },
        ];
        const payload: InvitationPayload = {
          trainingId,
          trainingTitle: title,
          eventKind: kind,
          organizationId: training.organizationId,
          groupId,
          invitations: invited,
        };
        await this.outbox.record(manager, TRAINING_EVENTS.invitationSent, payload);
        return { trainingId, groupId, invited, createdAt: row!.created_at.toISOString() };
      });
    } catch (error) {
      rethrowAsProblem(error);
    }
  }
}
