import { Injectable } from '@nestjs/common';
import { OrganizationAccessService } from '@psar/identity';
import { EntityManager } from 'typeorm';

/** Who is on which side of an offer or deal, through identity's public services. */
@Injectable()
export class TradeParties {
  constructor(private readonly access: OrganizationAccessService) {}

  async isMemberOfAny(userId: string, organizationIds: string[], manager?: EntityManager): Promise<boolean> {
    for (const id of organizationIds) if (await this.access.roleOf(userId, id, manager)) return true;
    return false;
  }

  /** A member of one of them, or an agent acting for one with the producer's consent: may read the offer or deal. */
  async mayRead(userId: string, organizationIds: string[], manager?: EntityManager): Promise<boolean> {
    return (await this.isMemberOfAny(userId, organizationIds, manager)) || this.access.actsFor(userId, organizationIds, manager);
  }

  /** The organizations whose offers and deals the user sees: their own and those they act for as agent. */
  async organizationIdsOf(userId: string): Promise<string[]> {
    const [own, actedFor] = await Promise.all([this.access.organizationIdsOf(userId), this.access.organizationIdsActedFor(userId)]);
    return [...new Set([...own, ...actedFor])];
  }

  /** Inside a transaction pass its manager: a second connection per transaction can exhaust the pool. */
  async names(organizationIds: string[], manager?: EntityManager): Promise<Map<string, string>> {
    return (await this.access.namesOf([], organizationIds, manager)).organizations;
  }
}
