import { OVERFLOW_LABEL, createBoundedLabel } from '../../../src/observability/bounded-label';

describe('bounded label', () => {
  it('admits the first distinct values, repeats them, and folds newcomers past the bound', () => {
    const label = createBoundedLabel(2);
    expect([label('a'), label('b'), label('c'), label('a'), label('b')]).toEqual([
      'a',
      'b',
      OVERFLOW_LABEL,
      'a',
      'b',
    ]);
  });

  it('cuts very long values so one label cannot carry a payload', () => {
    const label = createBoundedLabel(10);
    expect(label('x'.repeat(500))).toHaveLength(100);
  });
});
