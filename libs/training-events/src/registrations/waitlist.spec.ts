import fc from 'fast-check';
import { promote, Queued, WAITLIST_RULES, WaitlistRule } from './waitlist';

const queueArb = fc
  .array(fc.integer({ min: 1, max: 8 }), { maxLength: 30 })
  .map((seats) => seats.map((s, i) => ({ id: `r${i}`, seats: s })));
const ruleArb = fc.constantFrom<WaitlistRule>(...WAITLIST_RULES);
const freeArb = fc.integer({ min: -3, max: 60 });

const sum = (entries: Queued[]) => entries.reduce((n, e) => n + e.seats, 0);

describe('waitlist promotion', () => {
  it('never gives away more seats than are free, and accounts for every seat', () => {
    fc.assert(
      fc.property(freeArb, queueArb, ruleArb, (free, queue, rule) => {
        const { promoted, seatsLeft } = promote(free, queue, rule);
        expect(sum(promoted)).toBeLessThanOrEqual(Math.max(0, free));
        expect(seatsLeft).toBe(Math.max(0, free) - sum(promoted));
      }),
    );
  });

  it('keeps everyone exactly once, each part in waitlist order', () => {
    fc.assert(
      fc.property(freeArb, queueArb, ruleArb, (free, queue, rule) => {
        const { promoted, waiting } = promote(free, queue, rule);
        const index = (e: Queued) => queue.indexOf(e);
        expect([...promoted, ...waiting].map(index).sort((a, b) => a - b)).toEqual(queue.map((_, i) => i));
        for (const part of [promoted, waiting]) {
          const order = part.map(index);
          expect(order).toEqual([...order].sort((a, b) => a - b));
        }
      }),
    );
  });

  it('strict order: promotes a prefix of the queue, and stops only at someone who does not fit', () => {
    fc.assert(
      fc.property(freeArb, queueArb, (free, queue) => {
        const { promoted, waiting, seatsLeft } = promote(free, queue, 'strict_order');
        expect(promoted).toEqual(queue.slice(0, promoted.length));
        if (waiting.length > 0) expect(waiting[0]!.seats).toBeGreaterThan(seatsLeft);
      }),
    );
  });

  it('fill free seats: nobody left waiting would fit in the seats left, and nobody is passed over who fit when reached', () => {
    fc.assert(
      fc.property(freeArb, queueArb, (free, queue) => {
        const { promoted, waiting, seatsLeft } = promote(free, queue, 'fill_free_seats');
        for (const entry of waiting) expect(entry.seats).toBeGreaterThan(seatsLeft);
        // Replaying in order: each entry is promoted exactly when it fits in what is left then.
        let left = Math.max(0, free);
        for (const entry of queue) {
          const fits = entry.seats <= left;
          expect(promoted.includes(entry)).toBe(fits);
          if (fits) left -= entry.seats;
        }
      }),
    );
  });

  it('fill free seats promotes at least the seats strict order does', () => {
    fc.assert(
      fc.property(freeArb, queueArb, (free, queue) => {
        expect(sum(promote(free, queue, 'fill_free_seats').promoted)).toBeGreaterThanOrEqual(sum(promote(free, queue, 'strict_order').promoted));
      }),
    );
  });

  it('a waiting group of 3 is not skipped for a later single under strict order, and is under fill free seats', () => {
    const queue = [
      { id: 'group', seats: 3 },
      { id: 'single', seats: 1 },
    ];
    expect(promote(2, queue, 'strict_order')).toEqual({ promoted: [], waiting: queue, seatsLeft: 2 });
    expect(promote(2, queue, 'fill_free_seats')).toEqual({ promoted: [queue[1]], waiting: [queue[0]], seatsLeft: 1 });
    expect(promote(3, queue, 'strict_order').promoted).toEqual([queue[0]]);
  });

  it('nothing free, nothing promoted', () => {
    expect(promote(0, [{ id: 'a', seats: 1 }], 'strict_order').promoted).toEqual([]);
    expect(promote(5, [], 'fill_free_seats')).toEqual({ promoted: [], waiting: [], seatsLeft: 5 });
  });

  describe('with meeting points', () => {
    const pointsArb = fc.array(fc.integer({ min: -2, max: 20 }), { minLength: 1, maxLength: 3 });
    const pointQueueArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: -1, max: 2 })), { maxLength: 30 });

    it('never fills a meeting point over its free seats, nor the session over its seats', () => {
      fc.assert(
        fc.property(freeArb, pointsArb, pointQueueArb, ruleArb, (free, points, raw, rule) => {
          const seats = new Map(points.map((n, i) => [`p${i}`, n]));
          const queue = raw.map(([n, p], i) => ({ id: `r${i}`, seats: n, meetingPointId: p >= 0 && p < points.length ? `p${p}` : null }));
          const { promoted } = promote(free, queue, rule, seats);
          expect(sum(promoted)).toBeLessThanOrEqual(Math.max(0, free));
          for (const [id, n] of seats) expect(sum(promoted.filter((e) => e.meetingPointId === id))).toBeLessThanOrEqual(Math.max(0, n));
        }),
      );
    });

    it('a full meeting point holds back only its own line', () => {
      const queue = [
        { id: 'a1', seats: 1, meetingPointId: 'a' },
        { id: 'a2', seats: 1, meetingPointId: 'a' },
        { id: 'b1', seats: 1, meetingPointId: 'b' },
        { id: 'n1', seats: 1, meetingPointId: null },
      ];
      const { promoted, waiting } = promote(10, queue, 'strict_order', new Map([['a', 1], ['b', 5]]));
      expect(promoted.map((e) => e.id)).toEqual(['a1', 'b1', 'n1']);
      expect(waiting.map((e) => e.id)).toEqual(['a2']);
    });
  });
});
