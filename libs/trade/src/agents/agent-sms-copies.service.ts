import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AgentMandatesService } from '@psar/identity';
import { type DomainEvent, OutboxService, SmsSender } from '@psar/platform';
import { DataSource } from 'typeorm';
import { LISTING_PUBLISHED, type ListingEventPayload, MarketCatalog, normalizeQuantity } from '@psar/listings';
import { OFFER_ACCEPTED, OFFER_RECEIVED, type OfferEventPayload } from '../trade-events';
import { TradeParties } from '../trade-parties.service';
import { dealAgreedCopy, listingPostedCopy, orderReceivedCopy, quoteSentCopy } from './agent-sms-copies';

/**
 * SMS copies, for a producer who came to Psar through an agent (and so may never open the
 * app), of what was done for them: a listing the agent posted, a quote the agent sent, an
 * order received, a deal agreed. Outbox handlers, so a copy leaves only for a committed
 * change; each is keyed by its event's subject, so a redelivered event sends nothing twice.
 * Without an SMS gateway they do nothing.
 */
@Injectable()
export class AgentSmsCopies implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sms: SmsSender,
    private readonly mandates: AgentMandatesService,
    private readonly catalog: MarketCatalog,
    private readonly parties: TradeParties,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe<ListingEventPayload>(LISTING_PUBLISHED, 'listings.agent-sms-copies', (e) => this.listingPosted(e));
    this.outbox.subscribe<OfferEventPayload>(OFFER_RECEIVED, 'listings.agent-sms-copies', (e) => this.offerMade(e));
    this.outbox.subscribe<OfferEventPayload>(OFFER_ACCEPTED, 'listings.agent-sms-copies', (e) => this.dealAgreed(e));
  }

  private async listingPosted(e: DomainEvent<ListingEventPayload>): Promise<void> {
    const p = e.payload;
    if (!this.sms.enabled || !p.agentOrganizationId) return;
    const contact = (await this.mandates.producerContacts([p.organizationId])).get(p.organizationId);
    if (!contact) return;
    const [listing] = (await this.dataSource.query(
      'SELECT product_code, quantity, unit, price_amount, price_currency FROM listings WHERE id = $1',
      [p.listingId],
    )) as Array<{ product_code: string; quantity: string; unit: string; price_amount: string; price_currency: string }>;
    if (!listing) return;
    const agentName = (await this.parties.names([p.agentOrganizationId])).get(p.agentOrganizationId) ?? '';
    const text = listingPostedCopy(contact.locale, {
      agentName,
      productName: await this.productName(listing.product_code, contact.locale),
      quantity: normalizeQuantity(listing.quantity),
      unit: listing.unit,
      price: { amount: listing.price_amount, currency: listing.price_currency },
    });
    await this.sms.queue({ to: contact.phone, text, key: `agent-copy:listing:${p.listingId}` });
  }

  /** An order on a producer's listing, or a quote an agent sent for a producer. */
  private async offerMade(e: DomainEvent<OfferEventPayload>): Promise<void> {
    const p = e.payload;
    if (!this.sms.enabled) return;
    const producer = p.kind === 'order' ? p.toOrganizationId : p.fromOrganizationId;
    const contact = (await this.mandates.producerContacts([producer])).get(producer);
    if (!contact) return;
    const offer = await this.offer(p.offerId);
    if (!offer) return;
    const facts = { productName: await this.productName(offer.product_code, contact.locale), quantity: p.quantity, unit: p.unit };
    let text: string;
    if (p.kind === 'order') {
      text = orderReceivedCopy(contact.locale, { ...facts, buyerName: p.fromOrganizationName });
    } else {
      // A quote the producer's own members sent is no news to them; one their agent sent is.
      if (!offer.agent_organization_id) return;
      const agentName = (await this.parties.names([offer.agent_organization_id])).get(offer.agent_organization_id) ?? '';
      text = quoteSentCopy(contact.locale, { ...facts, agentName, buyerName: p.toOrganizationName });
    }
    await this.sms.queue({ to: contact.phone, text, key: `agent-copy:offer:${p.offerId}` });
  }

  private async dealAgreed(e: DomainEvent<OfferEventPayload>): Promise<void> {
    const p = e.payload;
    if (!this.sms.enabled || !p.dealId) return;
    // A counter-offer turns from and to round; events since counters name the sides.
    const seller = p.sellerOrganizationId ?? (p.kind === 'order' ? p.toOrganizationId : p.fromOrganizationId);
    const buyerName = seller === p.toOrganizationId ? p.fromOrganizationName : p.toOrganizationName;
    const contact = (await this.mandates.producerContacts([seller])).get(seller);
    if (!contact) return;
    const offer = await this.offer(p.offerId);
    if (!offer) return;
    const text = dealAgreedCopy(contact.locale, {
      buyerName,
      productName: await this.productName(offer.product_code, contact.locale),
      quantity: p.quantity,
      unit: p.unit,
    });
    await this.sms.queue({ to: contact.phone, text, key: `agent-copy:deal:${p.dealId}` });
  }

  private async offer(id: string): Promise<{ product_code: string; agent_organization_id: string | null } | undefined> {
    const [row] = (await this.dataSource.query('SELECT product_code, agent_organization_id FROM offers WHERE id = $1', [id])) as Array<{
      product_code: string;
      agent_organization_id: string | null;
    }>;
    return row;
  }

  private async productName(code: string, locale: 'km' | 'en'): Promise<string> {
    const product = await this.catalog.product(code);
    if (!product) return code;
    return locale === 'km' ? product.nameKm : product.nameEn;
  }
}
