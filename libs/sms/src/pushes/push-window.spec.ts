import fc from 'fast-check';
import { isQuiet, parseQuietHours, phnomPenhDay, pushTiming, quietHoursEnd } from './push-window';

/** A moment given on Phnom Penh's wall clock (UTC+7 all year). */
const pp = (local: string) => new Date(`${local}+07:00`);
const night = parseQuietHours('21:00-07:00');

// Any moment from 2020 to 2040, to the millisecond.
const moments = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }).map((ms) => new Date(ms));
const windows = fc.record({ start: fc.integer({ min: 0, max: 1439 }), end: fc.integer({ min: 0, max: 1439 }) });
const localMinute = (d: Date) => Math.floor((d.getTime() / 60_000 + 420) % 1440);

describe('quiet hours and the day, in Phnom Penh time', () => {
  it('reads HH:MM-HH:MM and refuses anything else', () => {
    expect(parseQuietHours('21:00-07:00')).toEqual({ start: 1260, end: 420 });
    expect(parseQuietHours('00:00-00:00')).toEqual({ start: 0, end: 0 });
    for (const bad of ['21-7', '24:00-07:00', '21:00-07:60', '21:00 - 07:00', '']) expect(() => parseQuietHours(bad)).toThrow();
  });

  it('21:00-07:00 wraps midnight: 20:59 and 07:00 are open, 21:00, 23:59, 00:00 and 06:59 are quiet', () => {
    expect(isQuiet(pp('2026-12-02T20:59:59'), night)).toBe(false);
    expect(isQuiet(pp('2026-12-02T21:00:00'), night)).toBe(true);
    expect(isQuiet(pp('2026-12-02T23:59:59'), night)).toBe(true);
    expect(isQuiet(pp('2026-12-03T00:00:00'), night)).toBe(true);
    expect(isQuiet(pp('2026-12-03T06:59:59.999'), night)).toBe(true);
    expect(isQuiet(pp('2026-12-03T07:00:00'), night)).toBe(false);
  });

  it('a push at 22:00 is held until 07:00 the next morning; one at 03:00 until 07:00 that morning', () => {
    expect(pushTiming(pp('2026-12-02T22:00:00'), night)).toEqual({ action: 'hold', until: pp('2026-12-03T07:00:00') });
    expect(pushTiming(pp('2026-12-03T03:15:42'), night)).toEqual({ action: 'hold', until: pp('2026-12-03T07:00:00') });
    expect(pushTiming(pp('2026-12-03T07:00:00'), night)).toEqual({ action: 'send', day: '2026-12-03' });
  });

  it('the day turns at midnight Phnom Penh time, not UTC', () => {
    expect(phnomPenhDay(pp('2026-12-02T23:59:59'))).toBe('2026-12-02');
    expect(phnomPenhDay(pp('2026-12-03T00:00:00'))).toBe('2026-12-03');
    // 17:00 UTC is already the next day in Phnom Penh.
    expect(phnomPenhDay(new Date('2026-12-02T17:00:00Z'))).toBe('2026-12-03');
  });

  it('is quiet exactly when the wall-clock minute is in the window, for any window and moment', () => {
    fc.assert(
      fc.property(moments, windows, (now, w) => {
        const m = localMinute(now);
        const expected = w.start === w.end ? false : w.start < w.end ? m >= w.start && m < w.end : m >= w.start || m < w.end;
        expect(isQuiet(now, w)).toBe(expected);
      }),
    );
  });

  it('a held push is released at the first open minute: not quiet, within 24 h, on the window’s end, and no open minute before it', () => {
    fc.assert(
      fc.property(moments, windows, (now, w) => {
        const release = quietHoursEnd(now, w);
        expect(isQuiet(release, w)).toBe(false);
        expect(release.getTime()).toBeGreaterThanOrEqual(now.getTime() - 60_000);
        expect(release.getTime() - now.getTime()).toBeLessThanOrEqual(24 * 3_600_000);
        if (!isQuiet(now, w)) {
          expect(release).toEqual(now);
          return;
        }
        expect(localMinute(release)).toBe(w.end);
        expect(release.getTime() % 60_000).toBe(0);
        // The minute before the release is still quiet.
        expect(isQuiet(new Date(release.getTime() - 60_000), w)).toBe(true);
      }),
    );
  });

  it('the day of a moment is the UTC+7 calendar date, and a sent push counts in it', () => {
    fc.assert(
      fc.property(moments, (now) => {
        const day = phnomPenhDay(now);
        expect(day).toBe(new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10));
        const timing = pushTiming(now, night);
        if (timing.action === 'send') expect(timing.day).toBe(day);
        else expect(phnomPenhDay(timing.until) >= day).toBe(true);
      }),
    );
  });
});
