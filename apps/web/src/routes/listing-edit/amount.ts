import type { Money } from '../../api/types';

/** A price as a person types it back: `1200`, not the API's `1200.00`. */
export function editableMoney(money: Money): Money {
  return { ...money, amount: money.amount.replace(/\.0+$/, '') };
}
