import { Module } from '@nestjs/common';
import { IdentityModule } from '@psar/identity';
import { ConversationsController } from './conversations/conversations.controller';
import { ConversationsService } from './conversations/conversations.service';
import { MessagesService } from './conversations/messages.service';
import { DealDisputeMessages } from './deal-conversations/deal-disputes';
import { DigestWriter } from './notifications/digest-writer';
import { IdentityNotifications } from './notifications/identity-notifications';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsService } from './notifications/notifications.service';
import { RealtimeConnections } from './realtime/realtime-connections';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { RealtimePublisher } from './realtime/realtime.publisher';
import { MessageResponsiveness } from './responsiveness/message-responsiveness.service';
import { SyncController } from './sync/sync.controller';
import { SyncService } from './sync/sync.service';

/**
 * Conversations, messages, notifications and the realtime gateway. Other modules import
 * it for NotificationsService.registerEventType (see README, "Notifications from your module").
 */
@Module({
  imports: [IdentityModule],
  controllers: [ConversationsController, NotificationsController, SyncController],
  providers: [
    ConversationsService,
    MessagesService,
    DealDisputeMessages,
    NotificationsService,
    DigestWriter,
    IdentityNotifications,
    RealtimeConnections,
    RealtimePublisher,
    RealtimeGateway,
    SyncService,
    MessageResponsiveness,
  ],
  exports: [NotificationsService, RealtimeConnections, MessageResponsiveness],
})
export class MessagingModule {}
