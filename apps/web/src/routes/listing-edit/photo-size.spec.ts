import { fitWithin } from './photo-size';

describe('fitWithin', () => {
  it('shrinks a phone photo to 1600 px on its longest side, keeping its shape', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
  });

  it('never enlarges a small photo', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(1600, 1600)).toEqual({ width: 1600, height: 1600 });
  });

  it('keeps at least one pixel on a very thin photo', () => {
    expect(fitWithin(10000, 2)).toEqual({ width: 1600, height: 1 });
  });
});
