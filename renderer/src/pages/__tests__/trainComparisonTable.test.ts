// @vitest-environment happy-dom
import './fixedSizeResizeObserver';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiValue } from '../../../../app/api';
import { ok } from '../../../../app/common/result';
import { fakeApi } from '../../stores/__tests__/fakeApi';
import { trainingRuns } from '../../stores/__tests__/fixtures';
import type { TrainingResult } from '../../stores/training';
import TrainPage from '../TrainPage.vue';

vi.mock('../../api/client', async () => (await import('../../stores/__tests__/fakeApi')).clientModule);

type Comparison = TrainingResult['comparison'][number];
const itemCount = 5_000;
const skuOf = (index: number): string => `T-${String(index).padStart(5, '0')}`;

function comparisonRow(index: number): Comparison {
  return {
    item: skuOf(index), itemId: index + 1, ppoCost: 1 + index / 1000, ppoStandardError: 0.01, classicalPolicy: 'capped-base-stock',
    classicalCost: 2, classicalStandardError: 0.02, usePpo: index % 2 === 0,
  };
}

/** The comparison the active policy was stored with, as the page shows it before any run of this session. */
function runsWithActivePolicy(): ApiValue<'training.runs'> {
  const comparison = Array.from({ length: itemCount }, (_, index) => comparisonRow(index));
  return {
    ...trainingRuns(12),
    activePolicy: { id: 2, name: 'catalogue', version: 1, backend: 'cpu', createdAt: '2024-07-01T09:02:00.000Z', metadata: { comparison } },
  };
}

async function mountTrainPage(): Promise<VueWrapper> {
  fakeApi.respond('training.runs', ok(runsWithActivePolicy()));
  // ECharts needs a laid-out canvas the DOM stand-in does not have; the chart is not what this file checks.
  const wrapper = mount(TrainPage, { global: { plugins: [createPinia()], stubs: { EChart: true } }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const rows = (wrapper: VueWrapper) => wrapper.findAll('[data-testid=training-comparison] tbody tr');

describe('Train page, per-item comparison of 5,000 items', () => {
  beforeEach(() => fakeApi.reset());
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('draws only a screenful of rows, the first items in order', async () => {
    const wrapper = await mountTrainPage();
    const drawn = rows(wrapper).map((row) => row.findAll('td').map((cell) => cell.text()));
    expect(drawn.length).toBeGreaterThan(5);
    expect(drawn.length).toBeLessThan(100);
    expect(drawn.map((cells) => cells[0])).toEqual(Array.from({ length: drawn.length }, (_, index) => skuOf(index)));
    expect(drawn.slice(0, 2)).toEqual([
      [skuOf(0), '1.000 ± 0.010', 'capped-base-stock', '2.000 ± 0.020', 'PPO'],
      [skuOf(1), '1.001 ± 0.010', 'capped-base-stock', '2.000 ± 0.020', 'classical'],
    ]);
    wrapper.unmount();
  });
});
