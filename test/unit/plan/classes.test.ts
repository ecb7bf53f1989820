import { describe, expect, it } from 'vitest';
import { abcXyzClasses } from '../../../app/plan/classes';

describe('ABC × XYZ classes', () => {
  it('classes by cumulative share of yearly value, the crossing item still A', () => {
    const classes = abcXyzClasses([
      { itemId: 1, yearlyValue: 700, weeklyUnits: [10, 10, 10] },
      { itemId: 2, yearlyValue: 200, weeklyUnits: [10, 10, 10] },
      { itemId: 3, yearlyValue: 60, weeklyUnits: [10, 10, 10] },
      { itemId: 4, yearlyValue: 40, weeklyUnits: [10, 10, 10] },
      { itemId: 5, yearlyValue: 0, weeklyUnits: [] },
    ]);
    expect([1, 2, 3, 4, 5].map((id) => classes.get(id)!.abc)).toEqual(['A', 'A', 'B', 'C', 'C']);
  });

  it('classes by the coefficient of variation of weekly demand', () => {
    const classes = abcXyzClasses([
      { itemId: 1, yearlyValue: 1, weeklyUnits: [10, 11, 9, 10] },
      { itemId: 2, yearlyValue: 1, weeklyUnits: [5, 15, 5, 15] },
      { itemId: 3, yearlyValue: 1, weeklyUnits: [0, 0, 40, 0] },
      { itemId: 4, yearlyValue: 1, weeklyUnits: [0, 0, 0] },
    ]);
    expect([1, 2, 3, 4].map((id) => classes.get(id)!.xyz)).toEqual(['X', 'Y', 'Z', 'Z']);
    expect(classes.get(1)!.cv).toBeCloseTo(Math.sqrt(2 / 3) / 10, 10);
    expect(classes.get(4)!.cv).toBeNull();
  });
});
