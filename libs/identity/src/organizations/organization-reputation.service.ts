import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxService } from '@psar/platform';
import { DataSource } from 'typeorm';
import type { OrganizationReputationDto } from './dto/organization.dto';

/** Published by the trade part of listings; identity only stores what it is told. */
export const REPUTATION_UPDATED_EVENT = 'reputation.updated';

interface ReputationUpdated {
  organizationId: string;
  completedDeals: number;
  ratedDeals: number;
  averageRating: number | null;
  onTimeShare: number | null;
  /** Absent in events from before disputes. */
  disputesLost?: number;
  /** Absent in events from before responsiveness. */
  responseRate?: number | null;
  medianResponseMinutes?: number | null;
  computedAt: string;
}

/** Keeps each organization's latest trade figures for its public profile. */
@Injectable()
export class OrganizationReputationService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe<ReputationUpdated>(REPUTATION_UPDATED_EVENT, 'identity.keep-reputation', async (event) => {
      const p = event.payload;
      // Idempotent and order-proof: a replayed or older event leaves the newer figures alone.
      await this.dataSource.query(
        `INSERT INTO organization_reputations (organization_id, completed_deals, rated_deals, average_rating, on_time_share, computed_at, disputes_lost, response_rate, median_response_minutes)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE EXISTS (SELECT 1 FROM organizations WHERE id = $1)
         ON CONFLICT (organization_id) DO UPDATE SET completed_deals = EXCLUDED.completed_deals, rated_deals = EXCLUDED.rated_deals,
           average_rating = EXCLUDED.average_rating, on_time_share = EXCLUDED.on_time_share, computed_at = EXCLUDED.computed_at,
           disputes_lost = EXCLUDED.disputes_lost, response_rate = EXCLUDED.response_rate, median_response_minutes = EXCLUDED.median_response_minutes
         WHERE organization_reputations.computed_at < EXCLUDED.computed_at`,
        [p.organizationId, p.completedDeals, p.ratedDeals, p.averageRating, p.onTimeShare, p.computedAt, p.disputesLost ?? 0, p.responseRate ?? null, p.medianResponseMinutes ?? null],
      );
    });
  }

  async of(organizationId: string): Promise<OrganizationReputationDto> {
    const [row] = (await this.dataSource.query(
      'SELECT completed_deals, rated_deals, average_rating, on_time_share, disputes_lost, response_rate, median_response_minutes FROM organization_reputations WHERE organization_id = $1',
      [organizationId],
    )) as Array<{ completed_deals: number; rated_deals: number; average_rating: string | null; on_time_share: string | null; disputes_lost: number;
      response_rate: string | null;
      median_response_minutes: number | null;
    }>;
    return {
      completedDeals: row?.completed_deals ?? 0,
      ratedDeals: row?.rated_deals ?? 0,
      averageRating: row?.average_rating == null ? null : Number(row.average_rating),
      onTimeShare: row?.on_time_share == null ? null : Number(row.on_time_share),
      disputesLost: row?.disputes_lost ?? 0,
      responseRate: row?.response_rate == null ? null : Number(row.response_rate),
      medianResponseMinutes: row?.median_response_minutes ?? null,
      reviewsUrl: `/api/v1/organizations/${organizationId}/reviews`,
    };
  }
}
