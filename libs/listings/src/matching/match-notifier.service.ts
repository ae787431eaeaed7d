import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DomainEvent, OutboxService } from '@psar/platform';
import { DataSource } from 'typeorm';
import {
  DEMAND_PUBLISHED,
  DEMAND_UPDATED,
  type DemandEventPayload,
  LISTING_PUBLISHED,
  LISTING_UPDATED,
  type ListingEventPayload,
  MATCH_FOUND,
  type MatchFoundPayload,
} from '../market-events';
import { MarketCatalog } from '../market/market-catalog.service';
import { MatchingService } from './matching.service';

/** How many of a new listing's (or demand's) best matches are announced. */
export const NOTIFIED_MATCHES = 20;

interface Announcement {
  listingId: string;
  demandId: string;
  payload: MatchFoundPayload;
}

/**
 * When a listing is posted (or changes so that it may fit more), the owners of the open
 * demands it fits best hear of it; when a demand is posted, the sellers of its best-fitting
 * listings. A pair is announced once: match_notifications' primary key decides, in the same
 * transaction that records the match.found event, so a redelivered event or two replicas
 * handling it at once announce nothing twice.
 */
@Injectable()
export class MatchNotifier implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly matching: MatchingService,
    private readonly catalog: MarketCatalog,
  ) {}

  onModuleInit(): void {
    const onListing = async (event: DomainEvent<ListingEventPayload>) => {
      await this.listingPosted(event.payload.listingId);
    };
    const onDemand = async (event: DomainEvent<DemandEventPayload>) => {
      await this.demandPosted(event.payload.demandId);
    };
    // Matching is read-mostly and announce() is safe side by side (the pair's primary key
    // decides, rows locked in one order): a burst of postings is matched two at a time.
    const options = { concurrency: 2 };
    this.outbox.subscribe(LISTING_PUBLISHED, 'listings.notify-matching-demands', onListing, options);
    this.outbox.subscribe(LISTING_UPDATED, 'listings.notify-matching-demands', onListing, options);
    this.outbox.subscribe(DEMAND_PUBLISHED, 'listings.notify-matching-listings', onDemand, options);
    this.outbox.subscribe(DEMAND_UPDATED, 'listings.notify-matching-listings', onDemand, options);
  }

  /** Tells the buyers of the demands this listing fits best. Returns how many pairs were new. */
  async listingPosted(listingId: string): Promise<number> {
    const listing = await this.matching.listing(listingId).catch(() => null);
    if (!listing) return 0;
    const matches = (await this.matching.forListing(listing)).slice(0, NOTIFIED_MATCHES);
    const product = await this.catalog.product(listing.product_code);
    const sellerName = (await this.matching.organizationNames([listing.organization_id])).get(listing.organization_id) ?? '';
    return this.announce(
      matches.map((m) => ({
        listingId,
        demandId: m.demand.id,
        payload: {
          listingId,
          demandId: m.demand.id,
          notifiedOrganizationId: m.demand.organizationId,
          notifiedSide: 'buyer',
          counterpartOrganizationId: listing.organization_id,
          counterpartName: sellerName,
          productCode: listing.product_code,
          productName: product?.nameEn ?? listing.product_code,
          listingTitle: listing.title,
          demandQuantity: m.demand.quantity,
          demandUnit: m.demand.unit,
          demandGrade: m.demand.qualityGrade,
          score: m.score,
          reasons: m.reasons,
        },
      })),
    );
  }

  /** Tells the sellers of the listings that fit this demand best (pooled parts included). */
  async demandPosted(demandId: string): Promise<number> {
    const demand = await this.matching.demand(demandId).catch(() => null);
    if (!demand) return 0;
    const matches = await this.matching.forDemand(demand);
    const product = await this.catalog.product(demand.product_code);
    const buyerName = (await this.matching.organizationNames([demand.organization_id])).get(demand.organization_id) ?? '';
    const seen = new Set<string>();
    const announcements: Announcement[] = [];
    for (const match of matches) {
      for (const line of match.listings) {
        if (seen.has(line.listingId) || announcements.length >= NOTIFIED_MATCHES) continue;
        seen.add(line.listingId);
        announcements.push({
          listingId: line.listingId,
          demandId,
          payload: {
            listingId: line.listingId,
            demandId,
            notifiedOrganizationId: line.organizationId,
            notifiedSide: 'seller',
            counterpartOrganizationId: demand.organization_id,
            counterpartName: buyerName,
            productCode: demand.product_code,
            productName: product?.nameEn ?? demand.product_code,
            listingTitle: line.title,
            score: match.score,
            reasons: match.kind === 'pooled' ? [`part of a pool of ${match.listings.length} producers`, ...match.reasons] : match.reasons,
          },
        });
      }
    }
    return this.announce(announcements);
  }

  private async announce(announcements: Announcement[]): Promise<number> {
    if (announcements.length === 0) return 0;
    // One order for every writer, so two handlers inserting overlapping pairs cannot deadlock.
    announcements = [...announcements].sort((a, b) => (a.listingId + a.demandId < b.listingId + b.demandId ? -1 : 1));
    return this.dataSource.transaction(async (manager) => {
      const fresh = (await manager.query(
        `INSERT INTO match_notifications (listing_id, demand_id, notified_organization_id, score)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::numeric[])
         ON CONFLICT (listing_id, demand_id) DO NOTHING
         RETURNING listing_id, demand_id`,
        [
          announcements.map((a) => a.listingId),
          announcements.map((a) => a.demandId),
          announcements.map((a) => a.payload.notifiedOrganizationId),
          announcements.map((a) => a.payload.score),
        ],
      )) as Array<{ listing_id: string; demand_id: string }>;
      const isFresh = new Set(fresh.map((r) => `${r.listing_id}/${r.demand_id}`));
      await this.outbox.recordMany(
        manager,
        MATCH_FOUND,
        announcements.filter((a) => isFresh.has(`${a.listingId}/${a.demandId}`)).map((a) => a.payload),
      );
      return fresh.length;
    });
  }
}
