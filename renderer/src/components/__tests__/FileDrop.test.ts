// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import FileDrop from '../FileDrop.vue';

const sales = () => new File(['Date,Item,Qty\n'], 'sales.csv', { type: 'text/csv' });

/** Give the hidden input a chosen file, as the browser's file dialog does. */
function choose(input: HTMLInputElement, files: File[]): void {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change'));
}

describe('FileDrop', () => {
  afterEach(() => vi.restoreAllMocks());

  it('labels the file input for screen readers and accepts spreadsheets only', () => {
    const wrapper = mount(FileDrop);
    const input = wrapper.get('[data-testid=file-input]');
    expect(input.attributes('type')).toBe('file');
    expect(input.attributes('accept')).toBe('.csv,.tsv,.txt,.xlsx');
    expect(wrapper.get(`label[for=${input.attributes('id')}]`).text()).toBe('Spreadsheet to import');
  });

  it('emits the picked file and clears the input so the same file can be picked again', async () => {
    const wrapper = mount(FileDrop);
    const input = wrapper.get('[data-testid=file-input]').element as HTMLInputElement;
    const file = sales();
    choose(input, [file]);
    expect(wrapper.emitted('chosen')).toEqual([[file]]);
    expect(input.value).toBe('');
    choose(input, []);
    expect(wrapper.emitted('chosen')).toHaveLength(1);
  });

  it('opens the file dialog from its keyboard-reachable button', async () => {
    const click = vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => {});
    const wrapper = mount(FileDrop);
    const button = wrapper.get('button');
    expect(button.text()).toBe('Choose file…');
    expect(button.attributes('disabled')).toBeUndefined();
    await button.trigger('click');
    expect(click).toHaveBeenCalledTimes(1);
  });

  it('disables the button while an import is busy', () => {
    const wrapper = mount(FileDrop, { props: { disabled: true } });
    expect(wrapper.get('button').attributes('disabled')).toBeDefined();
  });

  it('highlights while a file is dragged over, and emits the dropped file', async () => {
    const wrapper = mount(FileDrop);
    const zone = wrapper.get('.drop');
    await zone.trigger('dragover');
    expect(zone.classes()).toContain('dragging');
    await zone.trigger('dragleave');
    expect(zone.classes()).not.toContain('dragging');
    await zone.trigger('dragover');
    const file = sales();
    await zone.trigger('drop', { dataTransfer: { files: [file] } });
    expect(zone.classes()).not.toContain('dragging');
    expect(wrapper.emitted('chosen')).toEqual([[file]]);
  });

  it('ignores a drop without files (text dragged from another window)', async () => {
    const wrapper = mount(FileDrop);
    await wrapper.get('.drop').trigger('drop', { dataTransfer: { files: [] } });
    expect(wrapper.emitted('chosen')).toBeUndefined();
  });
});
