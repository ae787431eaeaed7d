import type { MessageDto, ReadMarkerDto } from '../conversations/dto/message.dto';
import type { NotificationDto } from '../notifications/dto/notification.dto';

/** What the server emits on the `/realtime` namespace, and with what. */
export interface ServerToClientEvents {
  /** A message stored in one of the user's conversations (also the user's own, for their other devices). */
  'message.created': (message: MessageDto) => void;
  /** A participant's read marker moved forward. */
  'conversation.read': (marker: ReadMarkerDto) => void;
  'notification.created': (notification: NotificationDto) => void;
  /** A digest the user has not read took new items: the whole notification again, same id, new count and text. */
  'notification.updated': (notification: NotificationDto) => void;
  /** Someone else is typing in one of the user's conversations; never stored. */
  typing: (event: TypingEvent) => void;
}

export interface TypingEvent {
  conversationId: string;
  userId: string;
}

/** Where a user's sockets are, on every replica. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** The sockets of one login session, closed when it is revoked. */
export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}
