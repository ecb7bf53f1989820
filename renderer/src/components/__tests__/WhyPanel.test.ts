// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiValue } from '../../../../app/api';
import { fail, ok } from '../../../../app/common/result';
import { deferred, fakeApi } from '../../stores/__tests__/fakeApi';
import { planLine } from '../../stores/__tests__/fixtures';
import WhyPanel from '../WhyPanel.vue';

vi.mock('../../api/client', async () => (await import('../../stores/__tests__/fakeApi')).clientModule);

const line = planLine({ itemId: 1, sku: 'A-1', recommendedQty: 24, onHand: 5, onOrder: 10, policy: 'tuned base-stock', reason: 'Stock runs out in 6 days; the lead time is 14.', details: { leadTimeDemand: 31.456, source: 'model' } });

function explanation(): ApiValue<'plans.explain'> {
  const { sku: _sku, description: _description, supplier: _supplier, unitCost: _unitCost, finalQty: _finalQty, ...record } = line;
  const band = (stockoutProbability: number) => ({ low: [4, 2, 0], median: [5, 3, 1], high: [6, 4, 2], mean: [5, 3, 1], stockoutProbability });
  return { line: record, dates: ['2024-07-01', '2024-07-02', '2024-07-03'], withOrder: band(0.123), withoutOrder: band(0.47), note: '300 simulated demand paths of the fitted model.' };
}

function mountPanel() {
  return mount(WhyPanel, { props: { planId: null, line: null }, attachTo: document.body, global: { stubs: { EChart: true } } });
}

describe('WhyPanel', () => {
  beforeEach(() => fakeApi.reset());
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('stays closed and asks nothing without a line', async () => {
    const wrapper = mountPanel();
    await flushPromises();
    expect(document.body.textContent).not.toContain('Why ');
    expect(fakeApi.calls).toEqual([]);
    wrapper.unmount();
  });

  it('explains the chosen line: reason, numbers, risk with and without the order, and the chart', async () => {
    fakeApi.respond('plans.explain', ok(explanation()));
    const wrapper = mountPanel();
    await wrapper.setProps({ planId: 4, line });
    await flushPromises();
    expect(fakeApi.paramsOf('plans.explain')).toEqual([{ planId: 4, itemId: 1 }]);
    const dialog = document.body.querySelector('[role=dialog]')!;
    expect(dialog.textContent).toContain('Why 24 of A-1?');
    expect(dialog.textContent).toContain('Stock runs out in 6 days; the lead time is 14.');
    const descriptions = [...dialog.querySelectorAll('.n-descriptions-table-content__label')].map((cell) => cell.textContent?.trim());
    // Only numeric details are listed, next to the fixed ones.
    expect(descriptions).toEqual(['Policy:', 'Classical alternative:', 'On hand:', 'On order:', 'leadTimeDemand:']);
    const values = [...dialog.querySelectorAll('.n-descriptions-table-content__content')].map((cell) => cell.textContent?.trim());
    // happy-dom's navigator says en-US.
    expect(values).toEqual(['tuned base-stock', '–: –', '5', '10', '31.46']);
    expect(document.body.querySelector('[data-testid=why-risk]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Chance of running out in the next 3 days: 12 % with the order, 47 % without it.',
    );
    const chart = wrapper.findComponent({ name: 'EChart' });
    expect(chart.props('label')).toBe('Projected on-hand of A-1 with and without the order');
    const series = chart.props('option').series as { name: string; data: [string, number][] }[];
    expect(series.map((entry) => entry.name)).toEqual(['With the order (median)', 'With the order (10 %)', 'With the order (90 %)', 'Without it (median)']);
    expect(series[0].data).toEqual([['2024-07-01', 5], ['2024-07-02', 3], ['2024-07-03', 1]]);
    expect(dialog.textContent).toContain('300 simulated demand paths of the fitted model.');
    wrapper.unmount();
  });

  it('shows only the note when the item has no demand model', async () => {
    fakeApi.respond('plans.explain', ok({ ...explanation(), withOrder: null, withoutOrder: null, note: 'No demand model: fit models to see the projected stock.' }));
    const wrapper = mountPanel();
    await wrapper.setProps({ planId: 4, line });
    await flushPromises();
    expect(document.body.textContent).toContain('No demand model: fit models to see the projected stock.');
    expect(document.body.querySelector('[data-testid=why-risk]')).toBeNull();
    expect(wrapper.findComponent({ name: 'EChart' }).exists()).toBe(false);
    wrapper.unmount();
  });

  it('shows a readable error when the projection fails', async () => {
    fakeApi.respond('plans.explain', fail('not-found', 'Plan 4 has no line for item 1.'));
    const wrapper = mountPanel();
    await wrapper.setProps({ planId: 4, line });
    await flushPromises();
    const notice = document.body.querySelector('[data-testid=error-notice]')!;
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('Projection');
    expect(notice.textContent).toContain('Plan 4 has no line for item 1.');
    wrapper.unmount();
  });

  it('asks again for another line and forgets the previous explanation', async () => {
    fakeApi.respond('plans.explain', ok(explanation()), fail('not-found', 'Plan 4 has no line for item 2.'));
    const wrapper = mountPanel();
    await wrapper.setProps({ planId: 4, line });
    await flushPromises();
    await wrapper.setProps({ line: planLine({ itemId: 2, sku: 'B-2', recommendedQty: 3 }) });
    await flushPromises();
    expect(fakeApi.paramsOf('plans.explain')).toEqual([{ planId: 4, itemId: 1 }, { planId: 4, itemId: 2 }]);
    expect(document.body.textContent).toContain('Why 3 of B-2?');
    expect(document.body.querySelector('[data-testid=why-risk]')).toBeNull();
    wrapper.unmount();
  });

  it('emits close from its close button and from the Escape key', async () => {
    fakeApi.respond('plans.explain', ok(explanation()));
    const wrapper = mountPanel();
    await wrapper.setProps({ planId: 4, line });
    await flushPromises();
    const close = document.body.querySelector<HTMLElement>('[aria-label=close]')!;
    expect(close).not.toBeNull();
    close.click();
    await flushPromises();
    expect(wrapper.emitted('close')).toHaveLength(1);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }));
    await flushPromises();
    expect(wrapper.emitted('close')).toHaveLength(2);
    wrapper.unmount();
  });

  it('fetches at once when opened with a line already chosen', async () => {
    fakeApi.respond('plans.explain', ok(explanation()));
    const wrapper = mount(WhyPanel, { props: { planId: 4, line }, attachTo: document.body, global: { stubs: { EChart: true } } });
    await flushPromises();
    expect(fakeApi.paramsOf('plans.explain')).toEqual([{ planId: 4, itemId: 1 }]);
    expect(document.body.querySelector('[data-testid=why-risk]')).not.toBeNull();
    wrapper.unmount();
  });

  it('a slow answer for an earlier line never replaces the current line\'s', async () => {
    const slow = deferred<ReturnType<typeof ok<ApiValue<'plans.explain'>>>>();
    fakeApi.respond('plans.explain', () => slow.promise, fail('not-found', 'Plan 4 has no line for item 2.'));
    const wrapper = mountPanel();
    await wrapper.setProps({ planId: 4, line });
    await wrapper.setProps({ line: planLine({ itemId: 2, sku: 'B-2', recommendedQty: 3 }) });
    await flushPromises();
    slow.resolve(ok(explanation()));
    await flushPromises();
    expect(document.body.textContent).toContain('Plan 4 has no line for item 2.');
    expect(document.body.querySelector('[data-testid=why-risk]')).toBeNull();
    wrapper.unmount();
  });
});
