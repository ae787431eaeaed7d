import { api, ok } from '../api/client';
import { serverCount } from './unread-count';

// A new message, or a read marker moved (here or on another device).
const messages = serverCount(async () => (await ok(api.GET('/api/v1/conversations/unread-count'))).count, ['message.created', 'conversation.read']);

/** Unread messages over all the signed-in person's conversations (null: not known yet). */
export const messageUnread = messages.count;
export const refreshMessageUnread = messages.refresh;
