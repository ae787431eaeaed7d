import { Conversation } from './conversations/conversation.entity';
import { ConversationParticipant } from './conversations/conversation-participant.entity';
import { Message } from './conversations/message.entity';
import { CreateMessaging1764400003000 } from './migrations/1764400003000-create-messaging';
import { NotificationDigests1796143789734 } from './migrations/1796143789734-notification-digests';
import { ResponsivenessIndexes1796300200000 } from './migrations/1796300200000-responsiveness-indexes';
import { Notification } from './notifications/notification.entity';

export { MessagingModule } from './messaging.module';

// Notifications from other modules: see NotificationsService.registerEventType.
export { NotificationsService } from './notifications/notifications.service';
export type { DigestSummary, NotificationDigest, NotificationDraft, NotificationDrafter, NotificationRecipient } from './notifications/notification-draft';
export { NotificationDto } from './notifications/dto/notification.dto';

// Realtime: createApp installs the adapter; the event map documents what clients receive.
export { RealtimeIoAdapter, SOCKET_PATH } from './realtime/realtime-io.adapter';
export { REALTIME_NAMESPACE, type SocketError } from './realtime/realtime.gateway';
export { userRoom, type ServerToClientEvents, type TypingEvent } from './realtime/realtime-events';

export { MessageDto, ReadMarkerDto } from './conversations/dto/message.dto';
export { CONVERSATION_STARTED, type ConversationStartedPayload } from './conversations/conversations.service';
export { CONTEXT_TYPES, type ContextType } from './conversations/conversation.entity';
// Trade's reputation takes the message part of an organization's responsiveness from here.
export { MessageResponsiveness, type MessageResponseSample } from './responsiveness/message-responsiveness.service';
export { messagingDemoSeeder } from './demo/messaging-demo';

export { Conversation, ConversationParticipant, Message, Notification };
export const messagingEntities = [Conversation, ConversationParticipant, Message, Notification];
export const messagingMigrations = [CreateMessaging1764400003000, NotificationDigests1796143789734, ResponsivenessIndexes1796300200000];
