// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import Sparkline from '../Sparkline.vue';

/** Points of an SVG path "M1.0,26.0 L60.0,2.0 …" as [x, y] pairs. */
const points = (d: string): [number, number][] => d.split(' ').map((step) => step.slice(1).split(',').map(Number) as [number, number]);

describe('Sparkline with a long series', () => {
  // Five years of days: far more values than the 120 px box has pixels.
  const values = Array.from({ length: 1826 }, (_, day) => 3 + (day % 5));
  values[900] = 40;

  it('draws at most one point per two pixels, spanning the whole box, and keeps the peak', () => {
    const wrapper = mount(Sparkline, { props: { values } });
    const drawn = points(wrapper.get('path').attributes('d')!);
    expect(drawn.length).toBeLessThanOrEqual(59);
    expect(drawn.length).toBeGreaterThan(10);
    expect(drawn[0][0]).toBe(1);
    expect(drawn[drawn.length - 1][0]).toBe(119);
    // The highest value sits at the top (y = 2), where day 900 falls on the x axis.
    const peak = drawn.find(([, y]) => y === 2);
    expect(peak?.[0]).toBeCloseTo(1 + (900 * 118) / 1825, 1);
    expect(drawn.every(([x], index) => index === 0 || x > drawn[index - 1][0])).toBe(true);
  });

  it('describes the range instead of reading 1,826 numbers out', () => {
    const wrapper = mount(Sparkline, { props: { values, label: 'A-1 daily units' } });
    expect(wrapper.get('svg').attributes('aria-label')).toBe('A-1 daily units: 1,826 values from 3 to 40, the last 3');
  });

  it('still reads out half a year of weeks value by value', () => {
    const weeks = Array.from({ length: 26 }, (_, week) => week % 4);
    const wrapper = mount(Sparkline, { props: { values: weeks } });
    expect(wrapper.get('svg').attributes('aria-label')).toBe(`Weekly units: ${weeks.join(', ')}`);
    expect(points(wrapper.get('path').attributes('d')!)).toHaveLength(26);
  });
});
