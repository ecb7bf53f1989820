// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import type { AppError } from '../../../../app/common/result';
import ErrorNotice from '../ErrorNotice.vue';

const internal: AppError = { code: 'internal', message: 'Internal error: boom. Try again; if it keeps failing, send the technical details below with a bug report.', stack: 'Error: boom\n    at plan (createPlan.ts:12:3)' };

function mountNotice(error: AppError = internal) {
  return mount(ErrorNotice, { props: { error, title: 'Planning failed' }, attachTo: document.body });
}

/** What a key press does to the focused element: keydown, then keyup; returns whether either default was cancelled. */
async function press(element: Element, key: string): Promise<boolean> {
  const down = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  const up = new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true });
  element.dispatchEvent(down);
  element.dispatchEvent(up);
  await Promise.resolve();
  return down.defaultPrevented && up.defaultPrevented;
}

describe('ErrorNotice technical details disclosure', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('is a real button in the tab order that names what it shows and starts collapsed', () => {
    const wrapper = mountNotice();
    const toggle = wrapper.get('[data-testid=error-details-toggle]');
    expect(toggle.element.tagName).toBe('BUTTON');
    expect(toggle.attributes('type')).toBe('button');
    // A native button is focusable without a tabindex; nothing takes it out of the tab order.
    expect(toggle.attributes('tabindex')).toBeUndefined();
    expect(toggle.attributes('disabled')).toBeUndefined();
    (toggle.element as HTMLButtonElement).focus();
    expect(document.activeElement).toBe(toggle.element);
    expect(toggle.text()).toBe('▸ Technical details');
    // The chevron is decoration: the accessible name is the words only.
    expect(toggle.get('.chevron').attributes('aria-hidden')).toBe('true');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    const controlled = document.getElementById(toggle.attributes('aria-controls')!);
    expect(controlled?.tagName).toBe('PRE');
    expect(wrapper.get('pre').isVisible()).toBe(false);
    wrapper.unmount();
  });

  it('opens with Enter and closes with Space, saying so in aria-expanded, without a second browser click', async () => {
    const wrapper = mountNotice();
    const toggle = wrapper.get('[data-testid=error-details-toggle]');
    expect(await press(toggle.element, 'Enter')).toBe(true);
    await wrapper.vm.$nextTick();
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(wrapper.get('pre').isVisible()).toBe(true);
    expect(wrapper.get('pre').text()).toBe('Error: boom\n    at plan (createPlan.ts:12:3)');
    expect(await press(toggle.element, ' ')).toBe(true);
    await wrapper.vm.$nextTick();
    expect(toggle.attributes('aria-expanded')).toBe('false');
    expect(wrapper.get('pre').isVisible()).toBe(false);
    wrapper.unmount();
  });

  it('toggles once per key press: a held-down key repeats nothing, other keys do nothing', async () => {
    const wrapper = mountNotice();
    const toggle = wrapper.get('[data-testid=error-details-toggle]');
    await toggle.trigger('keydown', { key: 'Enter' });
    await toggle.trigger('keydown', { key: 'Enter', repeat: true });
    await toggle.trigger('keydown', { key: 'Enter', repeat: true });
    expect(toggle.attributes('aria-expanded')).toBe('true');
    await toggle.trigger('keydown', { key: 'a' });
    await toggle.trigger('keydown', { key: 'Tab' });
    expect(toggle.attributes('aria-expanded')).toBe('true');
    wrapper.unmount();
  });

  it('opens from a mouse click as well', async () => {
    const wrapper = mountNotice();
    const toggle = wrapper.get('[data-testid=error-details-toggle]');
    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(wrapper.get('pre').isVisible()).toBe(true);
    wrapper.unmount();
  });

  it('keeps the readable message, which says what to do next, outside the disclosure', () => {
    const wrapper = mountNotice();
    const message = wrapper.get('.message');
    expect(message.text()).toBe(internal.message);
    expect(message.isVisible()).toBe(true);
    expect(wrapper.get('[data-testid=error-notice]').text()).toContain('Planning failed');
    wrapper.unmount();
  });

  it('gives two notices on one page different ids for their details', () => {
    const page = defineComponent(() => () => h('div', [h(ErrorNotice, { error: internal }), h(ErrorNotice, { error: { ...internal, stack: 'Error: other' } })]));
    const wrapper = mount(page, { attachTo: document.body });
    const ids = wrapper.findAll('[data-testid=error-details-toggle]').map((toggle) => toggle.attributes('aria-controls'));
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(ids.map((id) => document.getElementById(id!)?.textContent)).toEqual(['Error: boom\n    at plan (createPlan.ts:12:3)', 'Error: other']);
    wrapper.unmount();
  });
});
