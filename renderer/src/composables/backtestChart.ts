import type { ChartOption } from '../components/EChart.vue';
import type { BacktestResult } from '../stores/backtest';

export interface BacktestCostChart {
  option: ChartOption;
  /** What the chart shows, for screen readers. */
  label: string;
  shownItems: number;
  totalItems: number;
}

/** Bars per item and policy stay readable (and quick to draw as SVG) up to about this many items. */
export const chartedItemsLimit = 30;

/**
 * The backtest's cost per item and policy as grouped bars. Items are categories, which cannot be
 * downsampled like a line: a catalogue of thousands of items would be thousands of unreadable bar
 * groups (and tens of thousands of SVG elements), so beyond `limit` items only the costliest ones —
 * by their highest cost under any policy — are charted, in the table's order. The table lists all.
 */
export function backtestCostChart(result: BacktestResult, limit = chartedItemsLimit): BacktestCostChart {
  const policies = result.totals.map((total) => total.policy);
  const highestCost = (item: BacktestResult['items'][number]): number => item.policies.reduce((highest, entry) => Math.max(highest, entry.cost), 0);
  let items = result.items;
  if (items.length > limit) {
    const costliest = new Set([...items].sort((a, b) => highestCost(b) - highestCost(a)).slice(0, limit));
    items = items.filter((item) => costliest.has(item));
  }
  const truncated = items.length < result.items.length;
  return {
    option: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: items.map((item) => item.item), axisLabel: { rotate: 40 } },
      yAxis: { type: 'value', name: 'cost' },
      series: policies.map((policy) => ({
        name: policy,
        type: 'bar' as const,
        data: items.map((item) => Math.round((item.policies.find((entry) => entry.policy === policy)?.cost ?? 0) * 100) / 100),
      })),
    } as ChartOption,
    label: truncated
      ? `Cost per policy of the ${items.length} costliest of ${result.items.length} items over the replayed weeks`
      : 'Cost per item and policy over the replayed weeks',
    shownItems: items.length,
    totalItems: result.items.length,
  };
}
