import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate } from '../../../app/common/dates';

describe('calendar arithmetic', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
  it('counts days between dates', () => {
    expect(daysBetween('2010-12-01', '2011-12-09')).toBe(373);
    expect(daysBetween('2011-12-09', '2010-12-01')).toBe(-373);
  });
  it('accepts real dates only, without throwing', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    for (const bad of ['2023-02-29', '2010-13-01', '2010-00-10', '2010-01-32', '2010-1-1', 'x']) expect(isIsoDate(bad), bad).toBe(false);
  });
});
