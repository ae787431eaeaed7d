import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { OutboxService } from '@psar/platform';
import { ConversationsService } from '../conversations/conversations.service';
import { MessagesService } from '../conversations/messages.service';

/** Published by trade (libs/trade imports messaging, so the name is written out here). */
export const DEAL_DISPUTED_EVENT = 'deal.disputed';

interface DealDisputed {
  dealId: string;
  buyerOrganizationId: string;
  sellerOrganizationId: string;
  productName: string;
  byUserId: string;
  reason: string;
  message: string;
}

const REASONS: Record<string, string> = {
  quantity: 'បរិមាណ / quantity',
  quality: 'គុណភាព / quality',
  not_received: 'មិនបានទទួល / not received',
  other: 'ផ្សេងទៀត / other',
};

/**
 * A disputed delivery is posted in the deal's conversation, from the buyer who disputed it,
 * so both sides talk it over where they already talk about the deal. The conversation about
 * the deal is reused (or started with both sides' managers); the event's id keys the message,
 * so a redelivered event stores nothing new.
 */
@Injectable()
export class DealDisputeMessages implements OnModuleInit {
  private readonly logger = new Logger(DealDisputeMessages.name);

  constructor(
    private readonly outbox: OutboxService,
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe<DealDisputed>(DEAL_DISPUTED_EVENT, 'messaging: dispute in the deal conversation', async (event) => {
      const p = event.payload;
      const conversation = await this.conversations.create(p.byUserId, {
        participants: [{ organizationId: p.buyerOrganizationId }, { organizationId: p.sellerOrganizationId }],
        subject: `${p.productName}`.slice(0, 200),
        context: { type: 'deal', id: p.dealId },
        reuse: true,
      });
      const body = `វិវាទលើការដឹកជញ្ជូន / Delivery disputed (${REASONS[p.reason] ?? p.reason}):\n${p.message}`.slice(0, 4000);
      await this.messages.send(p.byUserId, conversation.id, { clientMessageId: `deal-dispute-${event.id}`, body });
      this.logger.debug({ dealId: p.dealId, conversationId: conversation.id }, 'dispute posted');
    });
  }
}
