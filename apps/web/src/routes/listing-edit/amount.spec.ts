import { editableMoney } from './amount';

describe('editableMoney', () => {
  it('drops decimals that are zero, keeps the others', () => {
    expect(editableMoney({ amount: '1200.00', currency: 'KHR' })).toEqual({ amount: '1200', currency: 'KHR' });
    expect(editableMoney({ amount: '12.50', currency: 'USD' })).toEqual({ amount: '12.50', currency: 'USD' });
    expect(editableMoney({ amount: '700', currency: 'KHR' })).toEqual({ amount: '700', currency: 'KHR' });
  });
});
