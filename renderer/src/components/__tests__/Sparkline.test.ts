// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import Sparkline from '../Sparkline.vue';

describe('Sparkline', () => {
  it('draws the weekly values scaled to the box, highest at the top', () => {
    const wrapper = mount(Sparkline, { props: { values: [0, 10, 5] } });
    const svg = wrapper.get('svg');
    expect([svg.attributes('width'), svg.attributes('height'), svg.attributes('viewBox')]).toEqual(['120', '28', '0 0 120 28']);
    // x: 1 + index × (120 − 2) / 2; y: 28 − 2 − value / 10 × (28 − 4).
    expect(wrapper.get('path').attributes('d')).toBe('M1.0,26.0 L60.0,2.0 L119.0,14.0');
  });

  it('describes the values to screen readers, rounded, under its label', () => {
    const wrapper = mount(Sparkline, { props: { values: [2.4, 2.6, 7], label: 'A-1 weekly units' } });
    expect(wrapper.get('svg').attributes('role')).toBe('img');
    expect(wrapper.get('svg').attributes('aria-label')).toBe('A-1 weekly units: 2, 3, 7');
  });

  it('keeps a flat line at the bottom when nothing sold (no division by zero)', () => {
    const wrapper = mount(Sparkline, { props: { values: [0, 0, 0, 0], width: 62, height: 20 } });
    expect(wrapper.get('path').attributes('d')).toBe('M1.0,18.0 L21.0,18.0 L41.0,18.0 L61.0,18.0');
  });

  it('shows a dashed placeholder and says so when there is no history', () => {
    const wrapper = mount(Sparkline, { props: { values: [] } });
    expect(wrapper.find('path').exists()).toBe(false);
    const line = wrapper.get('line');
    expect([line.attributes('y1'), line.attributes('x2'), line.attributes('stroke-dasharray')]).toEqual(['14', '119', '3 3']);
    expect(wrapper.get('svg').attributes('aria-label')).toBe('no sales history');
  });

  it('needs two weeks for a line: one value gives the placeholder but still reads out', () => {
    const wrapper = mount(Sparkline, { props: { values: [4] } });
    expect(wrapper.find('path').exists()).toBe(false);
    expect(wrapper.get('svg').attributes('aria-label')).toBe('Weekly units: 4');
  });
});
