import fc from 'fast-check';
import { actionsFor, DEAL_ACTIONS, DEAL_ACTORS, DEAL_STATES, DEAL_TIMERS, DEAL_TRANSITIONS, type DealState, isFinal, statesFrom, step } from './deal-states';

describe('the deal state machine', () => {
  it('follows DESIGN: agreed → delivered → completed, agreed → cancelled, delivered → disputed → completed | cancelled', () => {
    const edges = new Set(DEAL_TRANSITIONS.filter((t) => t.from !== t.to).map((t) => `${t.from}→${t.to}`));
    expect([...edges].sort()).toEqual(['agreed→cancelled', 'agreed→delivered', 'delivered→completed', 'delivered→disputed', 'disputed→cancelled', 'disputed→completed']);
  });

  it('lets each side do only its own steps', () => {
    expect(step('agreed', 'deliver', 'seller')).toEqual({ ok: true, to: 'delivered' });
    expect(step('agreed', 'deliver', 'buyer')).toEqual({ ok: false, reason: 'wrong-actor' });
    expect(step('delivered', 'confirm', 'buyer')).toEqual({ ok: true, to: 'completed' });
    expect(step('delivered', 'confirm', 'seller')).toEqual({ ok: false, reason: 'wrong-actor' });
    expect(step('delivered', 'dispute', 'buyer')).toEqual({ ok: true, to: 'disputed' });
    expect(step('delivered', 'dispute', 'seller')).toEqual({ ok: false, reason: 'wrong-actor' });
    expect(step('delivered', 'cancel', 'buyer')).toEqual({ ok: false, reason: 'wrong-state' });
    expect(step('disputed', 'resolve_completed', 'admin')).toEqual({ ok: true, to: 'completed' });
    expect(step('disputed', 'auto_confirm', 'system')).toEqual({ ok: false, reason: 'wrong-state' });
    expect(step('agreed', 'auto_cancel', 'system')).toEqual({ ok: true, to: 'cancelled' });
    expect(step('agreed', 'auto_cancel', 'buyer')).toEqual({ ok: false, reason: 'wrong-actor' });
  });

  it('ends in completed and cancelled only, and a timer or a person moves every other state on', () => {
    expect(DEAL_STATES.filter(isFinal)).toEqual(['completed', 'cancelled']);
    for (const state of DEAL_STATES.filter((s) => !isFinal(s))) {
      const timer = DEAL_TIMERS[state as keyof typeof DEAL_TIMERS];
      expect(step(state, timer, 'system').ok).toBe(true);
    }
    expect(statesFrom('auto_confirm')).toEqual(['delivered']);
    expect(actionsFor('delivered', 'buyer').sort()).toEqual(['confirm', 'dispute']);
    expect(actionsFor('completed', 'admin')).toEqual([]);
  });

  it('never leaves a final state, and any run of allowed steps stays among the states', () => {
    const anyStep = fc.record({ action: fc.constantFrom(...DEAL_ACTIONS), actor: fc.constantFrom(...DEAL_ACTORS) });
    fc.assert(
      fc.property(fc.array(anyStep, { maxLength: 30 }), (steps) => {
        let state: DealState = 'agreed';
        const seen: DealState[] = [state];
        for (const s of steps) {
          const result = step(state, s.action, s.actor);
          if (isFinal(state)) expect(result.ok).toBe(false);
          if (result.ok) {
            state = result.to;
            seen.push(state);
          }
        }
        // Once disputed, never confirmed by the timer; once delivered, never back to agreed.
        const firstDelivered = seen.indexOf('delivered');
        if (firstDelivered >= 0) expect(seen.slice(firstDelivered)).not.toContain('agreed');
        expect(DEAL_STATES).toContain(state);
      }),
    );
  });

  it('has each (state, action) pair at most once, so a step has one meaning', () => {
    const keys = DEAL_TRANSITIONS.map((t) => `${t.from}:${t.action}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
