import type { Schemas } from '../../api/types';
import { me } from '../../session/session';

/**
 * Who is on the other side of a conversation, by name: the organizations taking part that
 * the person is not in, or else the other people (when known).
 */
export function otherParty(
  conversation: Schemas['ConversationDto'],
  participants: Array<{ userId: string; name: string }> = [],
  myId: string | undefined = me.value?.user.id,
): string {
  const mine = new Set((me.value?.memberships ?? []).map((m) => m.organizationId));
  const organizations = conversation.organizations.filter((o) => !mine.has(o.id)).map((o) => o.name);
  if (organizations.length > 0) return organizations.join(', ');
  return participants
    .filter((p) => p.userId !== myId && p.name)
    .map((p) => p.name)
    .join(', ');
}
