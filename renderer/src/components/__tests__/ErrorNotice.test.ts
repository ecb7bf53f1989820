// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../../app/common/result';
import ErrorNotice from '../ErrorNotice.vue';

const badRows: AppError = {
  code: 'invalid-input',
  message: 'sales.csv has 7 rows with errors; nothing was imported.',
  problems: [
    { file: 'sales.csv', row: 3, column: 'Quantity', value: 'x', message: 'expected a number' },
    { file: 'sales.csv', row: 9, message: 'the row has 2 cells, the header 5' },
    { file: 'sales.csv', column: 'Date', message: 'no column holds dates' },
    { message: 'the file is empty after the header' },
  ],
  problemCount: 7,
};

describe('ErrorNotice', () => {
  it('is an alert with a default title and the message', () => {
    const wrapper = mount(ErrorNotice, { props: { error: { code: 'unavailable', message: 'Replenish is not answering.' } } });
    const alert = wrapper.get('[data-testid=error-notice]');
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.text()).toContain('Something went wrong');
    expect(wrapper.get('.message').text()).toBe('Replenish is not answering.');
    expect(wrapper.find('.problems').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('more.');
    expect(wrapper.text()).not.toContain('Technical details');
  });

  it('uses the given title', () => {
    const wrapper = mount(ErrorNotice, { props: { error: badRows, title: 'Import failed' } });
    expect(wrapper.text()).toContain('Import failed');
    expect(wrapper.text()).not.toContain('Something went wrong');
  });

  it('lists each problem with its row and column when known', () => {
    const wrapper = mount(ErrorNotice, { props: { error: badRows } });
    const items = wrapper.findAll('.problems li').map((item) => item.text().replace(/\s+/g, ' '));
    expect(items).toEqual([
      'Row 3, column “Quantity”: expected a number',
      'Row 9: the row has 2 cells, the header 5',
      ', column “Date”: no column holds dates',
      'the file is empty after the header',
    ]);
    expect(wrapper.findAll('.problems li strong').map((strong) => strong.text())).toEqual(['Row 3', 'Row 9']);
  });

  it('says how many more problems there are than it lists', () => {
    const wrapper = mount(ErrorNotice, { props: { error: badRows } });
    expect(wrapper.text()).toContain('… and 3 more.');
  });

  it('keeps the stack of an internal error behind a collapsed “Technical details”', async () => {
    const wrapper = mount(ErrorNotice, {
      props: { error: { code: 'internal', message: 'Internal error: boom', stack: 'Error: boom\n    at plan (createPlan.ts:12:3)' } },
      attachTo: document.body,
    });
    const toggle = wrapper.get('[data-testid=error-details-toggle]');
    expect(toggle.text()).toContain('Technical details');
    expect(wrapper.get('pre').isVisible()).toBe(false);
    await toggle.trigger('click');
    await flushPromises();
    expect(wrapper.get('pre').isVisible()).toBe(true);
    expect(wrapper.get('pre').text()).toBe('Error: boom\n    at plan (createPlan.ts:12:3)');
    wrapper.unmount();
  });
});
