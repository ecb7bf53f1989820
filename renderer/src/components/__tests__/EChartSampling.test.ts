// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import VChart from 'vue-echarts';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../../app/common/dates';
import EChart, { type ChartOption } from '../EChart.vue';

/** Five years of daily sales: 1,826 points per series, as a long item history gives. */
const days = 5 * 365 + 1;
const daily = (seed: number): [string, number][] => Array.from({ length: days }, (_, day) => [addDays('2019-07-01', day), (day * seed) % 17]);

type Series = { type: string; name: string; sampling?: string; stack?: string; data: unknown[] };
const drawnSeries = (option: ChartOption, label = 'Daily sales of A-1') => {
  const wrapper = mount(EChart, { props: { option, label }, global: { stubs: { Echarts: true } } });
  return { wrapper, series: wrapper.findComponent(VChart).props('option')!.series as Series[] };
};

describe('EChart with long series', () => {
  it('downsamples a long line series with LTTB and hands ECharts every point to choose from', () => {
    const option = { xAxis: { type: 'time' }, yAxis: { type: 'value' }, series: [{ type: 'line', name: 'Sales', showSymbol: false, data: daily(7) }] } as ChartOption;
    const { wrapper, series } = drawnSeries(option);
    expect(series).toHaveLength(1);
    expect(series[0].sampling).toBe('lttb');
    expect(series[0].data).toHaveLength(days);
    // The page's option object is left as the page made it.
    expect((option.series as Series[])[0].sampling).toBeUndefined();
    expect(wrapper.get('[role=img]').attributes('aria-label')).toBe('Daily sales of A-1');
  });

  it('leaves stacked series (a band) and a series with its own sampling alone, and bars untouched', () => {
    const option = {
      xAxis: { type: 'time' },
      yAxis: { type: 'value' },
      series: [
        { type: 'line', name: 'Sales', data: daily(3) },
        { type: 'line', name: 'band low', stack: 'band', data: daily(5) },
        { type: 'line', name: 'band', stack: 'band', data: daily(11) },
        { type: 'line', name: 'Weekly peak', sampling: 'max', data: daily(13) },
        { type: 'bar', name: 'Orders', data: daily(2) },
      ],
    } as ChartOption;
    const { series } = drawnSeries(option);
    expect(series.map((entry) => [entry.name, entry.sampling])).toEqual([
      ['Sales', 'lttb'], ['band low', undefined], ['band', undefined], ['Weekly peak', 'max'], ['Orders', undefined],
    ]);
  });

  it('accepts a single series object as well as a list', () => {
    const option = { xAxis: { type: 'time' }, yAxis: { type: 'value' }, series: { type: 'line', name: 'Sales', data: daily(7) } } as ChartOption;
    const wrapper = mount(EChart, { props: { option, label: 'Sales' }, global: { stubs: { Echarts: true } } });
    expect((wrapper.findComponent(VChart).props('option')!.series as Series).sampling).toBe('lttb');
  });

  it('passes an option without line series through as it is', () => {
    const option = { xAxis: { type: 'category', data: ['A', 'B'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [3, 5] }] } as ChartOption;
    const wrapper = mount(EChart, { props: { option, label: 'Cost' }, global: { stubs: { Echarts: true } } });
    expect(wrapper.findComponent(VChart).props('option')).toBe(option);
  });
});
