import { Injectable } from '@nestjs/common';
import type { Reputation } from './scoring';

/** Rated deals and average rating per organization, absent until rated. */
export type ReputationSource = (organizationIds: string[]) => Promise<Map<string, Reputation>>;

/**
 * Where matching takes the ratings it scores with. Trade keeps them (deal reviews) and
 * plugs its source in when it starts, so listings does not depend on trade. With none
 * plugged in, nobody is rated yet.
 */
@Injectable()
export class MatchReputation {
  private source: ReputationSource = async () => new Map();

  use(source: ReputationSource): void {
    this.source = source;
  }

  of(organizationIds: string[]): Promise<Map<string, Reputation>> {
    return this.source(organizationIds);
  }
}
