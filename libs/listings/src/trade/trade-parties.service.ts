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

  /** Inside a transaction pass its manager: a second connection per transaction can exhaust the pool. */
  async names(organizationIds: string[], manager?: EntityManager): Promise<Map<string, string>> {
    return (await this.access.namesOf([], organizationIds, manager)).organizations;
  }
}
