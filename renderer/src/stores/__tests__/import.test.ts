// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, ok, type Result } from '../../../../app/common/result';
import { useImportStore, type ImportSummary } from '../import';
import { deferred, fakeApi } from './fakeApi';
import { importPreview, importSummary, invalidInput } from './fixtures';

vi.mock('../../api/client', async () => (await import('./fakeApi')).clientModule);

const csv = () => new File(['Date,Item,Qty\n2024-01-02,A-1,3\n'], 'sales.csv', { type: 'text/csv' });
const savedMapping = {
  id: 1, name: 'Shop export', kind: 'items' as const, mapping: { item: 'Code', supplier: 'Vendor' }, headerSignature: 'code|vendor', createdAt: '2024-06-01T10:00:00.000Z',
};

describe('import store', () => {
  beforeEach(() => {
    fakeApi.reset();
    setActivePinia(createPinia());
    fakeApi.respond('data.mappings', ok([savedMapping]));
  });

  it('stages the chosen file, previews it and takes the detected kind and mapping', async () => {
    fakeApi.respond('data.previewImport', ok(importPreview()));
    const wizard = useImportStore();
    const choosing = wizard.choose(csv());
    expect(wizard.busy).toBe(true);
    await choosing;
    expect(wizard.busy).toBe(false);
    expect(fakeApi.stagedFiles.map((file) => file.name)).toEqual(['sales.csv']);
    expect(wizard.file).toEqual({ fileId: 'staged-1', name: 'sales.csv' });
    // The first preview lets the server detect kind and mapping.
    expect(fakeApi.paramsOf('data.previewImport')).toEqual([{ fileId: 'staged-1', kind: undefined, mapping: undefined }]);
    expect(wizard.kind).toBe('sales');
    expect(wizard.mapping).toEqual({ date: 'Date', item: 'Item', quantity: 'Qty' });
    expect(wizard.preview?.headers).toEqual(['Date', 'Item', 'Qty']);
    expect(wizard.savedMappings.map((entry) => entry.name)).toEqual(['Shop export']);
  });

  it('keeps the staging error readable and is not busy afterwards', async () => {
    fakeApi.stageResult = fail('invalid-input', 'The file is larger than 4 GiB.');
    const wizard = useImportStore();
    await wizard.choose(csv());
    expect(wizard.busy).toBe(false);
    expect(wizard.file).toBeNull();
    expect(wizard.error).toEqual({ code: 'invalid-input', message: 'The file is larger than 4 GiB.' });
    expect(fakeApi.paramsOf('data.previewImport')).toEqual([]);
  });

  it('drops the preview when a refreshed preview fails, and recovers on the next one', async () => {
    fakeApi.respond('data.previewImport', ok(importPreview()), fail(invalidInput.code, invalidInput.message), ok(importPreview({ detectedKind: undefined })));
    const wizard = useImportStore();
    await wizard.choose(csv());
    wizard.mapping = { date: 'Date', item: 'Qty' };
    await wizard.refreshPreview();
    expect(fakeApi.paramsOf('data.previewImport')[1]).toEqual({ fileId: 'staged-1', kind: 'sales', mapping: { date: 'Date', item: 'Qty' } });
    expect(wizard.preview).toBeNull();
    expect(wizard.error?.message).toBe(invalidInput.message);
    await wizard.refreshPreview();
    expect(wizard.error).toBeNull();
    expect(wizard.preview).not.toBeNull();
    // No detected kind in the answer: the planner's choice stays.
    expect(wizard.kind).toBe('sales');
  });

  it('applies a saved mapping and its kind, then previews with it', async () => {
    fakeApi.respond('data.previewImport', ok(importPreview()), ok(importPreview({ detectedKind: 'items', mapping: { item: 'Code', supplier: 'Vendor' } })));
    const wizard = useImportStore();
    await wizard.choose(csv());
    await flushPromises();
    await wizard.useMapping('Shop export');
    expect(fakeApi.paramsOf('data.previewImport')[1]).toEqual({ fileId: 'staged-1', kind: 'items', mapping: { item: 'Code', supplier: 'Vendor' } });
    expect(wizard.kind).toBe('items');
    expect(wizard.mapping).toEqual({ item: 'Code', supplier: 'Vendor' });
    await wizard.useMapping('No such mapping');
    expect(fakeApi.paramsOf('data.previewImport')).toHaveLength(2);
  });

  it('imports with the mapping, a trimmed name to save it under, and follows its progress', async () => {
    fakeApi.respond('data.previewImport', ok(importPreview()));
    const answer = deferred<Result<ImportSummary>>();
    fakeApi.respond('data.import', () => answer.promise);
    const wizard = useImportStore();
    await wizard.choose(csv());
    wizard.saveMappingAs = '  Weekly export ';
    const importing = wizard.run();
    expect(wizard.busy).toBe(true);
    const [params] = fakeApi.paramsOf('data.import');
    expect(params).toMatchObject({ fileId: 'staged-1', kind: 'sales', mapping: { date: 'Date', item: 'Item', quantity: 'Qty' }, dryRun: false, saveMappingAs: 'Weekly export' });
    fakeApi.emit({ taskId: params.taskId!, kind: 'import', phase: 'writing', done: 60, total: 120 });
    await flushPromises();
    expect(wizard.progress).toMatchObject({ phase: 'writing', done: 60, total: 120 });
    answer.resolve(ok(importSummary()));
    await importing;
    expect(wizard.busy).toBe(false);
    expect(wizard.summary).toMatchObject({ rowsImported: 118, items: 15, batchId: 7 });
  });

  it('sends a dry run without a mapping name when none is given', async () => {
    fakeApi.respond('data.previewImport', ok(importPreview()));
    fakeApi.respond('data.import', ok(importSummary({ dryRun: true, batchId: null })));
    const wizard = useImportStore();
    await wizard.choose(csv());
    wizard.saveMappingAs = '   ';
    await wizard.run(true);
    expect(fakeApi.paramsOf('data.import')[0]).toMatchObject({ dryRun: true, saveMappingAs: undefined });
    expect(wizard.summary?.dryRun).toBe(true);
  });

  it('keeps row-level problems of a failed import and no summary', async () => {
    fakeApi.respond('data.previewImport', ok(importPreview()));
    const problems = [{ file: 'sales.csv', row: 3, column: 'Qty', value: 'x', expected: 'a number', message: 'not a number' }];
    fakeApi.respond('data.import', fail('invalid-input', 'sales.csv has 1 row with errors; nothing was imported.', { problems, problemCount: 1 }));
    const wizard = useImportStore();
    await wizard.choose(csv());
    await wizard.run();
    expect(wizard.busy).toBe(false);
    expect(wizard.summary).toBeNull();
    expect(wizard.error).toEqual({ code: 'invalid-input', message: 'sales.csv has 1 row with errors; nothing was imported.', problems, problemCount: 1 });
  });

  it('does nothing without a file, and reset forgets the previous file', async () => {
    fakeApi.respond('data.previewImport', ok(importPreview()));
    const wizard = useImportStore();
    await wizard.run();
    await wizard.refreshPreview();
    expect(fakeApi.calls).toEqual([]);
    await wizard.choose(csv());
    wizard.reset();
    expect([wizard.file, wizard.preview, wizard.summary, wizard.error, wizard.kind]).toEqual([null, null, null, null, undefined]);
    expect(wizard.mapping).toEqual({});
  });
});
