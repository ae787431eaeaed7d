import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What other modules may read about an organization besides its public profile. */
export interface OrganizationTraits {
  id: string;
  name: string;
  verified: boolean;
  /** The cooperatives and working groups it is an approved member of; a group counts as its own. */
  groupIds: string[];
}

/** What a page of listings or demands shows of each organization it names. */
export type OrganizationCard = Pick<OrganizationTraits, 'id' | 'name' | 'verified'>;

/**
 * A select expression giving the organization whose id is `idSql` as an OrganizationCard
 * (JSON; null when there is none), so that a search statement brings its sellers' names
 * along instead of a look-up after it: one round trip per page, not two.
 */
export function organizationCardSql(idSql: string): string {
  return `(SELECT json_build_object('id', o.id, 'name', o.name, 'verified', o.verified_at IS NOT NULL) FROM organizations o WHERE o.id = ${idSql})`;
}

/** The cards of a page's rows by organization id. */
export function cardsById(cards: ReadonlyArray<OrganizationCard | null | undefined>): Map<string, OrganizationCard> {
  return new Map(cards.filter((c): c is OrganizationCard => Boolean(c)).map((c) => [c.id, c]));
}

/**
 * Read-only look-ups for other modules (listings ranks matches by trust and by shared
 * cooperative), so that they never query identity's tables themselves.
 */
@Injectable()
export class OrganizationDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** By id; unknown ids are simply absent from the map. Uses group_memberships_organization_idx. */
  async traits(ids: readonly string[]): Promise<Map<string, OrganizationTraits>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.name, o.verified_at IS NOT NULL AS verified,
              ARRAY(SELECT g.group_id FROM group_memberships g WHERE g.organization_id = o.id AND g.status = 'approved'
                    UNION SELECT o.id WHERE o.kind IN ('cooperative', 'working_group')) AS group_ids
       FROM organizations o WHERE o.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    )) as Array<{ id: string; name: string; verified: boolean; group_ids: string[] }>;
    return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, verified: r.verified, groupIds: r.group_ids }]));
  }
}
