import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AgentMandatesService, type ListAgentProducersQuery } from '@psar/identity';
import { type Currency, Page } from '@psar/platform';
import { DataSource } from 'typeorm';
import { normalizeQuantity } from '@psar/listings';
import type { AgentProducerTradeDto, AgentVolumeDto } from './dto/agent-producer-trade.dto';

/**
 * The agent's page: the producers it serves (identity's mandates) with the deals it brought
 * each of them and their volumes, the figures agents settle their commissions on outside Psar.
 */
@Injectable()
export class AgentProducersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mandates: AgentMandatesService,
  ) {}

  async list(userId: string, agentOrganizationId: string, query: ListAgentProducersQuery): Promise<Page<AgentProducerTradeDto>> {
    const page = await this.mandates.listForAgent(userId, agentOrganizationId, query);
    const producers = [...new Set(page.items.map((p) => p.producerOrganizationId))];
    if (producers.length === 0) return { items: [], nextCursor: page.nextCursor };
    // deals_agent_idx. The seller's own lines only: a pooled quote's other firms are not this agent's.
    const rows = (await this.dataSource.query(
      `SELECT d.seller_organization_id, d.product_code, d.unit, l.unit_price_currency,
         sum(l.quantity)::text AS quantity, round(sum(l.quantity * l.unit_price_amount), 2)::text AS value, count(DISTINCT d.id)::int AS deals
       FROM deals d JOIN deal_lines l ON l.deal_id = d.id AND l.organization_id = d.seller_organization_id
       WHERE d.agent_organization_id = $1 AND d.seller_organization_id = ANY($2::uuid[]) AND d.status <> 'cancelled'
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 4`,
      [agentOrganizationId, producers],
    )) as Array<{ seller_organization_id: string; product_code: string; unit: string; unit_price_currency: Currency; quantity: string; value: string; deals: number }>;
    const counts = (await this.dataSource.query(
      `SELECT seller_organization_id, count(*)::int AS deals FROM deals
       WHERE agent_organization_id = $1 AND seller_organization_id = ANY($2::uuid[]) AND status <> 'cancelled' GROUP BY 1`,
      [agentOrganizationId, producers],
    )) as Array<{ seller_organization_id: string; deals: number }>;
    const dealsOf = new Map(counts.map((c) => [c.seller_organization_id, c.deals]));
    const volumesOf = new Map<string, AgentVolumeDto[]>();
    for (const r of rows) {
      const list = volumesOf.get(r.seller_organization_id) ?? [];
      list.push({
        productCode: r.product_code,
        unit: r.unit,
        quantity: normalizeQuantity(r.quantity),
        value: { amount: r.value, currency: r.unit_price_currency },
        deals: r.deals,
      });
      volumesOf.set(r.seller_organization_id, list);
    }
    return {
      items: page.items.map((p) => ({ ...p, deals: dealsOf.get(p.producerOrganizationId) ?? 0, volumes: volumesOf.get(p.producerOrganizationId) ?? [] })),
      nextCursor: page.nextCursor,
    };
  }
}
