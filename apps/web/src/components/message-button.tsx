import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ok } from '../api/client';
import { ApiError } from '../api/problem';
import type { Schemas } from '../api/types';
import { currentMembership, me, signedIn } from '../session/session';
import { FormError } from './field';

/** What a conversation can be about: listing, demand, offer, deal, training, trade_fair. */
export type ConversationAbout = Schemas['ContextDto'];

interface MessageButtonProps {
  /** The thing the conversation is about. */
  about: ConversationAbout;
  /** Who to talk to: the organization on the other side (seller, buyer, trainer, organizer), or one person. */
  to: { organizationId: string } | { userId: string };
  /** The button's words (`messages.toSeller`, `messages.toBuyer`, `messages.toTrainer`...), already translated. */
  label: string;
  /** The conversation's subject if one is started: what the thing is called (a listing's title). */
  subject?: string;
  /** The organization the person acts for here (default: the one chosen in the app), which takes part too. */
  from?: string;
  class?: string;
}

/**
 * Opens the person's conversation about `about` with `to`, starting it the first time (the
 * server answers the existing one to `reuse`). Signed out: the sign-in screen, then back
 * here. Not shown to the other side itself (a seller on their own listing).
 */
export function MessageButton({ about, to, label, subject, from, class: className }: MessageButtonProps) {
  const { route, url } = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mine = 'organizationId' in to ? me.value?.memberships.some((m) => m.organizationId === to.organizationId) : me.value?.user.id === to.userId;
  if (mine) return null;

  const open = async () => {
    if (!signedIn.value) {
      route(`/sign-in?next=${encodeURIComponent(url)}`);
      return;
    }
    setBusy(true);
    setError(null);
    const acting = from ?? currentMembership.value?.organizationId;
    try {
      const conversation = await ok(
        api.POST('/api/v1/conversations', {
          // Acting for an organization: it takes part too, so its people see the conversation and the other side sees who writes.
          body: { participants: [to, ...(acting ? [{ organizationId: acting }] : [])], context: about, reuse: true, ...(subject?.trim() ? { subject: subject.trim().slice(0, 200) } : {}) },
        }),
      );
      route(`/messages/${conversation.id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'offline', ''));
      setBusy(false);
    }
  };

  return (
    <div class="message-button">
      <button type="button" class={className ?? 'button secondary'} disabled={busy} onClick={() => void open()}>
        {label}
      </button>
      <FormError error={error} />
    </div>
  );
}
