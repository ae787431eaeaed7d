import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

describe('exceedsJsonDepth', () => {
  it('allows nesting up to the limit and refuses one level more', () => {
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(exceedsJsonDepth('{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('counts depth, not the number of brackets', () => {
    const wide = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ i, tags: [[i]] })));
    expect(exceedsJsonDepth(wide)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(JSON.stringify({ note: '['.repeat(100) }))).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ note: 'say \\"[[[[ and "' + '{'.repeat(100) }))).toBe(false);
    expect(exceedsJsonDepth(`["\\\\", ${nested(MAX_JSON_DEPTH)}]`)).toBe(true);
  });

  it('reads UTF-8 bytes (Khmer text) like the string', () => {
    const body = Buffer.from(JSON.stringify({ name: 'ក្បឿងដី [', deep: JSON.parse(nested(10)) }));
    expect(exceedsJsonDepth(body)).toBe(false);
    expect(exceedsJsonDepth(Buffer.from(`{"name":"ក្បឿង","deep":${nested(MAX_JSON_DEPTH)}}`))).toBe(true);
  });

  it('scans a 100,000-deep body and stops early', () => {
    expect(exceedsJsonDepth(nested(100_000))).toBe(true);
  });
});
