import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderFloorPlanSvg, STALL_AVAILABILITIES, SvgStall } from './floor-plan-svg';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['g', 'rect', 'text'].includes(name) });

const stall = (): fc.Arbitrary<SvgStall> =>
  fc.record({
    code: fc.string({ minLength: 1, maxLength: 20 }),
    zone: fc.option(fc.string({ maxLength: 60 }), { nil: null }),
    type: fc.constantFrom('standard', 'corner', 'food', 'livestock'),
    price: fc.constant('40.00 USD'),
    availability: fc.constantFrom(...STALL_AVAILABILITIES),
    x: fc.integer({ min: 0, max: 50 }),
    y: fc.integer({ min: 0, max: 30 }),
    width: fc.integer({ min: 1, max: 10 }),
    height: fc.integer({ min: 1, max: 10 }),
  });

describe('floor plan SVG', () => {
  it('is well-formed XML with exactly one stall shape per stall, whatever the names hold', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.array(stall(), { maxLength: 30 }), (title, stalls) => {
        const svg = renderFloorPlanSvg({ title, plan: { width: 60, height: 40 }, stalls });
        expect(XMLValidator.validate(svg)).toBe(true);
        const root = parser.parse(svg).svg;
        const shapes = (root.g ?? []).filter((g: { class: string }) => g.class === 'stall-group').flatMap((g: { rect: unknown[] }) => g.rect);
        expect(shapes).toHaveLength(stalls.length);
      }),
      { numRuns: 300 },
    );
  });

  it('escapes markup in codes, zones and the title instead of interpreting it', () => {
    const svg = renderFloorPlanSvg({
      title: '<script>alert("x")</script> & co',
      plan: { width: 10, height: 10 },
      stalls: [{ code: 'A<1>', zone: '"Pigs" & \'goats\'', type: 'livestock', price: '1 USD', availability: 'free', x: 0, y: 0, width: 2, height: 2 }],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(svg).toContain('data-code="A&lt;1&gt;"');
    expect(svg).toContain('&quot;Pigs&quot; &amp; &apos;goats&apos;');
  });

  it('scales to the screen: a viewBox and a relative width, no fixed pixel size, a legend with counts', () => {
    const svg = renderFloorPlanSvg({
      title: 'Fair',
      plan: { width: 60, height: 40 },
      stalls: [
        { code: 'A', zone: null, type: 'standard', price: '1 USD', availability: 'free', x: 0, y: 0, width: 3, height: 3 },
        { code: 'B', zone: null, type: 'standard', price: '1 USD', availability: 'taken', x: 3, y: 0, width: 3, height: 3 },
      ],
    });
    const root = parser.parse(svg).svg;
    expect(root.viewBox).toBe('0 0 1040 786.67');
    expect(root.width).toBe('100%');
    expect(root.height).toBeUndefined();
    const legend = root.g.find((g: { class: string }) => g.class === 'legend');
    expect(legend.text.map((t: { '#text': string }) => t['#text'])).toEqual(['Free (1)', 'Requested (0)', 'Taken (1)']);
  });
});
