// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../stores/__tests__/fakeApi';
import { itemSummary } from '../../stores/__tests__/fixtures';
import { mountItemsPage as mountWith, pressKey as press } from './itemsPageHarness';

vi.mock('../../api/client', async () => (await import('../../stores/__tests__/fakeApi')).clientModule);

const hiddenColumnsKey = 'replenish.items.hiddenColumns';

function mountItemsPage(): Promise<VueWrapper> {
  return mountWith(Array.from({ length: 20 }, (_, index) => itemSummary({ id: index + 1, sku: `SKU-${index}`, supplier: `Supplier ${index}` })));
}

const button = (): HTMLElement => document.querySelector<HTMLElement>('[data-testid=column-chooser]')!;
/** The panel is teleported to the end of the page: found from the button, as a screen reader would, by aria-controls. */
const panel = (): HTMLElement | null => {
  const id = button().getAttribute('aria-controls');
  return id ? document.getElementById(id) : null;
};
const checkboxes = (): HTMLElement[] => [...(panel()?.querySelectorAll<HTMLElement>('[role=checkbox]') ?? [])];
const isGone = (element: HTMLElement): boolean => !element.isConnected || element.closest<HTMLElement>('.n-popover')?.style.display === 'none';
const labelOf = (box: HTMLElement): string | undefined => document.getElementById(box.getAttribute('aria-labelledby') ?? '')?.textContent?.trim();
const headers = (wrapper: VueWrapper): string[] => wrapper.findAll('[data-testid=items-table] thead th').map((cell) => cell.text());

async function openByKeyboard(): Promise<void> {
  button().focus();
  expect(document.activeElement).toBe(button());
  await press(button(), 'Enter');
}

describe('Items column chooser by keyboard', () => {
  beforeEach(() => {
    fakeApi.reset();
    localStorage.clear();
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('announces a collapsed dialog button before it is opened', async () => {
    const wrapper = await mountItemsPage();
    expect(button().tagName).toBe('BUTTON');
    expect(button().getAttribute('aria-haspopup')).toBe('dialog');
    expect(button().getAttribute('aria-expanded')).toBe('false');
    expect(panel()).toBeNull();
    expect(document.querySelector('[data-testid=column-supplier]')).toBeNull();
    wrapper.unmount();
  });

  it('opens with Enter onto its first checkbox, hides a column with Space, closes with Escape back onto the button', async () => {
    const wrapper = await mountItemsPage();
    expect(headers(wrapper)).toContain('Description');

    await openByKeyboard();
    expect(button().getAttribute('aria-expanded')).toBe('true');
    const dialog = panel()!;
    expect(dialog).not.toBeNull();
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent?.trim()).toBe('Columns shown');
    const boxes = checkboxes();
    expect(boxes.map(labelOf)).toEqual(['Description', 'Supplier', 'Class', 'Last 26 weeks', 'Units sold', 'Mean / day', 'Last sale', 'On hand', 'Recommended']);
    expect(boxes.every((box) => box.getAttribute('aria-checked') === 'true')).toBe(true);
    expect(document.activeElement).toBe(boxes[0]);
    expect(boxes[0].closest('[data-testid]')?.getAttribute('data-testid')).toBe('column-description');

    await press(document.activeElement!, ' ');
    expect(boxes[0].getAttribute('aria-checked')).toBe('false');
    expect(headers(wrapper)).not.toContain('Description');
    expect(headers(wrapper)).toContain('Supplier');
    expect(JSON.parse(localStorage.getItem(hiddenColumnsKey)!)).toEqual(['description']);
    // Toggling keeps the panel open and focus on the checkbox, for the next one.
    expect(panel()).toBe(dialog);
    expect(document.activeElement).toBe(boxes[0]);

    await press(document.activeElement!, 'Escape');
    expect(button().getAttribute('aria-expanded')).toBe('false');
    expect(button().hasAttribute('aria-controls')).toBe(false);
    expect(document.activeElement).toBe(button());
    // The popover plays its leave animation, then hides its content (display: none) or removes it.
    await vi.waitFor(() => expect(isGone(dialog)).toBe(true), { timeout: 3_000 });
    expect(headers(wrapper)).not.toContain('Description');
    wrapper.unmount();
  });

  it('moves through its checkboxes with Tab and Shift+Tab, wrapping at both ends', async () => {
    const wrapper = await mountItemsPage();
    await openByKeyboard();
    const boxes = checkboxes();
    expect(document.activeElement).toBe(boxes[0]);
    await press(document.activeElement!, 'Tab');
    expect(document.activeElement).toBe(boxes[1]);
    await press(document.activeElement!, 'Tab', { shiftKey: true });
    expect(document.activeElement).toBe(boxes[0]);
    await press(document.activeElement!, 'Tab', { shiftKey: true });
    expect(document.activeElement).toBe(boxes[boxes.length - 1]);
    await press(document.activeElement!, 'Tab');
    expect(document.activeElement).toBe(boxes[0]);

    // Space on the second checkbox hides the second column, Space again shows it.
    await press(document.activeElement!, 'Tab');
    await press(document.activeElement!, ' ');
    expect(headers(wrapper)).not.toContain('Supplier');
    await press(document.activeElement!, ' ');
    expect(headers(wrapper)).toContain('Supplier');
    expect(JSON.parse(localStorage.getItem(hiddenColumnsKey)!)).toEqual([]);
    wrapper.unmount();
  });

  it('opens by a click onto its first checkbox; a second click on the button closes it', async () => {
    const wrapper = await mountItemsPage();
    button().click();
    await flushPromises();
    expect(button().getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(checkboxes()[0]);
    button().click();
    await flushPromises();
    expect(button().getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button());
    wrapper.unmount();
  });

  it('starts with the columns hidden last time unticked and missing from the header', async () => {
    localStorage.setItem(hiddenColumnsKey, JSON.stringify(['supplier', 'onHand']));
    const wrapper = await mountItemsPage();
    expect(headers(wrapper)).not.toContain('Supplier');
    expect(headers(wrapper)).not.toContain('On hand');
    await openByKeyboard();
    const unticked = checkboxes().filter((box) => box.getAttribute('aria-checked') === 'false').map(labelOf);
    expect(unticked).toEqual(['Supplier', 'On hand']);
    wrapper.unmount();
  });
});
