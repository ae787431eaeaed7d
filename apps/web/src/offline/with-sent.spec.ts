import { withSent } from './with-sent';

describe('withSent', () => {
  it('shows what was sent above a list that does not hold it yet (a copy from before it was sent)', () => {
    const list = [{ id: 'old', title: 'Kept tiles' }];
    const sent = [{ id: 'new', title: 'Tiles written offline' }];
    expect(withSent(list, sent).map((item) => item.id)).toEqual(['new', 'old']);
  });

  it('shows the list’s own copy once it holds what was sent, once', () => {
    const list = [
      { id: 'new', status: 'paused' },
      { id: 'old', status: 'active' },
    ];
    expect(withSent(list, [{ id: 'new', status: 'active' }])).toEqual(list);
  });

  it('shows what was sent when no list could be loaded', () => {
    expect(withSent([], [{ id: 'b' }, { id: 'a' }])).toEqual([{ id: 'b' }, { id: 'a' }]);
  });
});
