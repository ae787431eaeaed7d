/**
 * The deal state machine: every status a deal may have, every step between them and who may
 * take it. Services ask `step()` before they write; the conditional UPDATE that follows
 * (`WHERE status = from`) makes the step happen once under concurrency. No framework here.
 */

export const DEAL_STATES = ['agreed', 'delivered', 'disputed', 'completed', 'cancelled'] as const;
export type DealState = (typeof DEAL_STATES)[number];

/** seller, buyer: a manager of that side; system: a scheduled job; admin: a platform administrator. */
export const DEAL_ACTORS = ['seller', 'buyer', 'system', 'admin'] as const;
export type DealActor = (typeof DEAL_ACTORS)[number];

export const DEAL_ACTIONS = [
  'deliver',
  'confirm',
  'dispute',
  'cancel',
  'auto_cancel',
  'auto_confirm',
  'propose_resolution',
  'escalate',
  'resolve_completed',
  'resolve_cancelled',
] as const;
export type DealAction = (typeof DEAL_ACTIONS)[number];

export interface DealTransition {
  action: DealAction;
  from: DealState;
  to: DealState;
  by: readonly DealActor[];
  description: string;
}

export const DEAL_TRANSITIONS: readonly DealTransition[] = [
  { action: 'deliver', from: 'agreed', to: 'delivered', by: ['seller'], description: 'The seller marks the goods delivered, with the quantity per line' },
  { action: 'cancel', from: 'agreed', to: 'cancelled', by: ['seller', 'buyer'], description: 'Either side cancels before delivery' },
  { action: 'auto_cancel', from: 'agreed', to: 'cancelled', by: ['system'], description: 'Not marked delivered some days after deliverBy: cancelled, counted late for the seller' },
  { action: 'confirm', from: 'delivered', to: 'completed', by: ['buyer'], description: 'The buyer confirms the delivered quantities' },
  { action: 'auto_confirm', from: 'delivered', to: 'completed', by: ['system'], description: 'Neither confirmed nor disputed some days after delivery: confirmed' },
  { action: 'dispute', from: 'delivered', to: 'disputed', by: ['buyer'], description: 'The buyer disputes the delivery (reason, message)' },
  { action: 'propose_resolution', from: 'disputed', to: 'disputed', by: ['seller', 'buyer'], description: 'One side proposes a settlement; the other may agree to it' },
  { action: 'escalate', from: 'disputed', to: 'disputed', by: ['system'], description: 'Unsettled some days after it opened: platform admins are asked to decide' },
  {
    action: 'resolve_completed',
    from: 'disputed',
    to: 'completed',
    by: ['seller', 'buyer', 'admin'],
    description: 'Settled as completed (with agreed quantities): the second side agreeing, or an admin deciding',
  },
  { action: 'resolve_cancelled', from: 'disputed', to: 'cancelled', by: ['seller', 'buyer', 'admin'], description: 'Settled by cancelling: the second side agreeing, or an admin deciding' },
];

export type StepResult = { ok: true; to: DealState } | { ok: false; reason: 'wrong-state' | 'wrong-actor' };

/**
 * Whether `actor` may take `action` from `from`, and where it leads. An actor who may never
 * take the action is the wrong actor (403) whatever the state; one who may, but not now, meets
 * the wrong state (409).
 */
export function step(from: DealState, action: DealAction, actor: DealActor): StepResult {
  if (!DEAL_TRANSITIONS.some((t) => t.action === action && t.by.includes(actor))) return { ok: false, reason: 'wrong-actor' };
  const transition = DEAL_TRANSITIONS.find((t) => t.action === action && t.from === from);
  if (!transition) return { ok: false, reason: 'wrong-state' };
  return { ok: true, to: transition.to };
}

/** The states an action may start from: the `WHERE status = ANY(...)` of its conditional UPDATE. */
export function statesFrom(action: DealAction): DealState[] {
  return DEAL_TRANSITIONS.filter((t) => t.action === action).map((t) => t.from);
}

/** What an actor may do with a deal in this state (the web app shows these buttons). */
export function actionsFor(state: DealState, actor: DealActor): DealAction[] {
  return DEAL_TRANSITIONS.filter((t) => t.from === state && t.by.includes(actor)).map((t) => t.action);
}

export function isFinal(state: DealState): boolean {
  return !DEAL_TRANSITIONS.some((t) => t.from === state);
}

/** The scheduled step that moves a deal on when nobody acts, for each non-final state (DESIGN: a deal never stalls). */
export const DEAL_TIMERS: Readonly<Record<Exclude<DealState, 'completed' | 'cancelled'>, DealAction>> = {
  agreed: 'auto_cancel',
  delivered: 'auto_confirm',
  // An open dispute must not confirm itself: its timer brings in the platform admins.
  disputed: 'escalate',
};
