// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import VChart from 'vue-echarts';
import { describe, expect, it } from 'vitest';
import EChart, { type ChartOption } from '../EChart.vue';

const option: ChartOption = { xAxis: { type: 'category', data: ['W1', 'W2'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [3, 5] }] } as ChartOption;

describe('EChart', () => {
  // ECharts itself needs a laid-out canvas the DOM stand-in does not have; what this component adds is checked here.
  const mountChart = (props: { option: ChartOption; label: string; height?: string }) => mount(EChart, { props, global: { stubs: { Echarts: true } } });

  it('is an image with the given label for screen readers, 280 px high by default', () => {
    const wrapper = mountChart({ option, label: 'Weekly sales of A-1' });
    const figure = wrapper.get('[role=img]');
    expect(figure.attributes('aria-label')).toBe('Weekly sales of A-1');
    expect((figure.element as HTMLElement).style.height).toBe('280px');
  });

  it('takes another height, and hands the option to ECharts with autoresize', () => {
    const wrapper = mountChart({ option, label: 'Forecast', height: '160px' });
    expect((wrapper.get('[role=img]').element as HTMLElement).style.height).toBe('160px');
    const chart = wrapper.findComponent(VChart);
    expect(chart.props('option')).toEqual(option);
    expect(chart.props('autoresize')).toBe(true);
  });
});
