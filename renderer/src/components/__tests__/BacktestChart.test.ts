// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { backtestCostChart, chartedItemsLimit } from '../../composables/backtestChart';
import BacktestPage from '../../pages/BacktestPage.vue';
import { useBacktestStore, type BacktestResult } from '../../stores/backtest';
import { fakeApi } from '../../stores/__tests__/fakeApi';

vi.mock('../../api/client', async () => (await import('../../stores/__tests__/fakeApi')).clientModule);

const policies = ['tuned base-stock', 'capped-base-stock', 'service-level base-stock'];
/** Item i costs i × 10 under its dearest policy (the second); items are listed by code, not by cost. */
function result(itemCount: number): BacktestResult {
  const policy = (name: string, cost: number) => ({ policy: name, parameters: {}, cost, holdingCost: cost, stockoutCost: 0, fillRate: 0.95, stockoutDays: 0, averageStock: 10, turns: 5 });
  const order = Array.from({ length: itemCount }, (_, index) => (index * 37) % itemCount);
  return {
    window: { from: '2024-05-06', to: '2024-06-30', days: 56 },
    trainedThrough: '2024-05-05',
    items: order.map((rank) => ({ item: `I-${rank}`, demand: 100, startOnHand: 20, policies: [policy(policies[0], rank * 5), policy(policies[1], rank * 10), policy(policies[2], rank * 7)] })),
    totals: policies.map((name) => ({ policy: name, cost: 1, fillRate: 0.95, stockoutDays: 0, averageStock: 10 })),
    notes: [],
  };
}

type Bars = { xAxis: { data: string[] }; series: { name: string; data: number[] }[] };

describe('backtest cost chart', () => {
  it('charts every item, in the table order, when the catalogue is short', () => {
    const chart = backtestCostChart(result(12));
    const option = chart.option as unknown as Bars;
    expect(option.xAxis.data).toEqual(result(12).items.map((item) => item.item));
    expect(option.series.map((series) => series.name)).toEqual(policies);
    expect(option.series[1].data[option.xAxis.data.indexOf('I-11')]).toBe(110);
    expect([chart.shownItems, chart.totalItems, chart.label]).toEqual([12, 12, 'Cost per item and policy over the replayed weeks']);
  });

  it('charts only the costliest items of a long catalogue, and says so', () => {
    const long = result(5000);
    const chart = backtestCostChart(long);
    const option = chart.option as unknown as Bars;
    expect(option.xAxis.data).toHaveLength(chartedItemsLimit);
    // The 30 dearest are I-4970 … I-4999, kept in the table's order.
    expect([...option.xAxis.data].sort()).toEqual(Array.from({ length: 30 }, (_, index) => `I-${4970 + index}`).sort());
    const tableOrder = long.items.map((item) => item.item).filter((item) => option.xAxis.data.includes(item));
    expect(option.xAxis.data).toEqual(tableOrder);
    expect(option.series.every((series) => series.data.length === chartedItemsLimit)).toBe(true);
    expect(chart.label).toBe('Cost per policy of the 30 costliest of 5000 items over the replayed weeks');
    expect([chart.shownItems, chart.totalItems]).toEqual([30, 5000]);
  });

  it('shows the shortened chart with its label and a visible note on the page', async () => {
    fakeApi.reset();
    setActivePinia(createPinia());
    useBacktestStore().result = result(400);
    const wrapper = mount(BacktestPage, { global: { stubs: { EChart: true } } });
    await flushPromises();
    const chart = wrapper.findComponent({ name: 'EChart' });
    expect(chart.props('label')).toBe('Cost per policy of the 30 costliest of 400 items over the replayed weeks');
    expect((chart.props('option') as Bars).xAxis.data).toHaveLength(30);
    expect(wrapper.get('[data-testid=backtest-chart-note]').text()).toBe('The chart shows the 30 costliest of 400 items; the table below lists them all.');
    // One row per item would be 400 rows: the list is virtual.
    const tables = wrapper.findAllComponents({ name: 'DataTable' });
    expect(tables.map((table) => table.props('virtualScroll'))).toEqual([false, true]);
    wrapper.unmount();
  });
});
