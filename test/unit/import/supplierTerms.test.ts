import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectKind, resolveColumns } from '../../../app/import/columns';
import { recordKeyParts } from '../../../app/import/recordKey';
import { SupplierMinimums, supplierMinimumChanges, supplierMinimumNote } from '../../../app/import/supplierTerms';
import type { ItemRecord, UnkeyedRecord } from '../../../app/import/types';
import { openStore } from '../../../app/store';
import { tempDir } from '../../helpers/tempDir';
import { readAll, TempFiles } from './fileHelpers';

const files = new TempFiles();
const temp = tempDir('replenish-supplier-terms-');
afterAll(() => {
  files.remove();
  temp.cleanup();
});

async function items(name: string, text: string, mapping?: Record<string, string>) {
  const path = files.write(name, text);
  const { records, summary } = await readAll(path, mapping ? { mapping } : {});
  return { path, records: records as ItemRecord[], summary };
}

describe('supplier minimum order value columns', () => {
  it.each(['Min order value', 'Minimum order value', 'MOV', 'Supplier minimum', 'Mindestbestellwert', 'Minimum Order Value (€)',
    'minimale orderwaarde', 'Importe mínimo de pedido'])('detects "%s"', (header) => {
    const columns = resolveColumns('items', ['SKU', 'Supplier', header]);
    expect(columns.indexes.supplierMinOrderValue).toBe(2);
    expect(detectKind(['SKU', 'Supplier', header])).toBe('items');
  });

  it('keeps "Min order" (a quantity) and "Min order value" (money) apart in one file', () => {
    const columns = resolveColumns('items', ['Item', 'Vendor', 'Min order', 'Min order value']);
    expect(columns.indexes).toMatchObject({ item: 0, supplier: 1, moq: 2, supplierMinOrderValue: 3 });
  });

  it('takes an explicitly mapped column with any name', async () => {
    const { records, summary } = await items('mapped.csv', 'SKU,Supplier,Threshold\nA1,Acme,250\n', { supplierMinOrderValue: 'Threshold' });
    expect(summary.errors).toEqual([]);
    expect(records[0]).toMatchObject({ item: 'A1', supplier: 'Acme', supplierMinOrderValue: 250 });
  });
});

describe('reading supplier minimums from item rows', () => {
  it('reads decimal commas, thousands separators and currency symbols like other numbers', async () => {
    const comma = await items('comma.csv', 'SKU;Lieferant;Mindestbestellwert\nA1;Acme;1.234,50\nB1;Bolt;€ 99,9\n');
    expect(comma.summary.errors).toEqual([]);
    expect(comma.records.map((record) => record.supplierMinOrderValue)).toEqual([1234.5, 99.9]);
    const point = await items('point.csv', 'SKU,Supplier,MOV\nA1,Acme,"1,234.50"\nB1,Bolt,$500\n');
    expect(point.summary.errors).toEqual([]);
    expect(point.records.map((record) => record.supplierMinOrderValue)).toEqual([1234.5, 500]);
  });

  it('rejects a negative or non-numeric minimum, naming file, row and column', async () => {
    const { path, records, summary } = await items('negative.csv', 'SKU,Supplier,Min order value\nA1,Acme,-5\nB1,Bolt,lots\nC1,Cord,10\n');
    expect(summary.errorCount).toBe(2);
    expect(summary.errors[0]).toMatchObject({ file: path, row: 2, column: 'Min order value', value: '-5' });
    expect(summary.errors[0].message).toMatch(/out of range in column "Min order value", row 2/);
    expect(summary.errors[1]).toMatchObject({ file: path, row: 3, column: 'Min order value', value: 'lots' });
    expect(records.map((record) => record.item)).toEqual(['C1']);
  });

  it('rejects the same supplier with different minimums, naming both rows', async () => {
    const { path, summary } = await items('conflict.csv', 'SKU,Supplier,MOV\nA1,Acme,500\nB1,Bolt,80\nC1,Acme,500\nD1,Acme,750\n');
    expect(summary.errorCount).toBe(1);
    const [error] = summary.errors;
    expect(error).toMatchObject({ file: path, row: 5, column: 'MOV', value: '750' });
    expect(error.message).toContain('supplier "Acme" has two minimum order values (500 on row 2, 750 on row 5) in column "MOV", row 5');
    expect(error.expected).toContain('row 2');
  });

  it('leaves the minimum out of a row whose cell is empty (the stored value stays), without conflict', async () => {
    const { records, summary } = await items('empty.csv', 'SKU,Supplier,MOV\nA1,Acme,\nB1,Acme,300\nC1,Acme,\n');
    expect(summary.errors).toEqual([]);
    expect(records.map((record) => record.supplierMinOrderValue)).toEqual([undefined, 300, undefined]);
    expect('supplierMinOrderValue' in records[0]).toBe(false);
  });

  it('needs a supplier: a row without one is an error, a file without the column is refused', async () => {
    const row = await items('nosupplier.csv', 'SKU,Supplier,MOV\nA1,,300\n');
    expect(row.summary.errors[0]).toMatchObject({ row: 2, column: 'MOV' });
    expect(row.summary.errors[0].message).toMatch(/needs the supplier/);
    const file = await items('nocolumn.csv', 'SKU,Description,MOV\nA1,Anchor,300\n');
    expect(file.records).toEqual([]);
    expect(file.summary.errors[0]).toMatchObject({ row: 1, column: 'MOV' });
    expect(file.summary.errors[0].message).toMatch(/no supplier column/);
  });

  it('keys item rows without a minimum as before, and tells rows apart by their minimum', () => {
    const base: UnkeyedRecord = { kind: 'items', row: 2, item: 'A1', supplier: 'Acme' };
    const key = (record: UnkeyedRecord): number[] => {
      const out = new Uint32Array(2);
      recordKeyParts(record, out);
      return [...out];
    };
    expect(key({ ...base, supplierMinOrderValue: 100 })).not.toEqual(key(base));
    expect(key({ ...base, supplierMinOrderValue: 100 })).not.toEqual(key({ ...base, supplierMinOrderValue: 200 }));
    // A record with the field absent hashes exactly as one of the type before the field existed.
    expect(key({ ...base, supplierMinOrderValue: undefined })).toEqual(key(base));
  });
});

describe('supplier minimums across rows and in the summary', () => {
  it('SupplierMinimums remembers the first row per supplier', () => {
    const minimums = new SupplierMinimums();
    expect(minimums.disagreement('Acme', 100, 2)).toBeUndefined();
    expect(minimums.disagreement('Bolt', 50, 3)).toBeUndefined();
    expect(minimums.disagreement('Acme', 100, 4)).toBeUndefined();
    expect(minimums.disagreement('Acme', 120, 5)).toEqual({ row: 2, value: 100 });
    expect(minimums.disagreement('acme', 120, 6)).toBeUndefined();
  });

  it('counts and names the suppliers whose minimum changed', () => {
    const changes = supplierMinimumChanges(new Map([['Acme', 100], ['Bolt', 50], ['Cord', 10]]), new Map([['Acme', 100], ['Bolt', 75], ['Dart', 20]]));
    expect(changes).toEqual([
      { supplier: 'Bolt', before: 50, after: 75 },
      { supplier: 'Cord', before: 10, after: null },
      { supplier: 'Dart', before: null, after: 20 },
    ]);
    expect(supplierMinimumNote(changes, 'EUR')).toBe('Minimum order value (EUR) changed for 3 suppliers: Bolt 50 → 75, Cord 10 → none, Dart none → 20.');
    const many = Array.from({ length: 7 }, (_, index) => ({ supplier: `S${index}`, before: null, after: index + 1 }));
    expect(supplierMinimumNote(many, 'GBP')).toMatch(/for 7 suppliers: S0 none → 1, .*S4 none → 5, and 2 more\.$/);
  });
});

describe('ItemsRepository.upsertMaster with a supplier minimum', () => {
  it('sets the supplier minimum, keeps it when absent, clears it with 0', () => {
    const store = openStore(join(temp.dir, 'terms.db'));
    try {
      const now = '2024-05-01T00:00:00Z';
      store.items.upsertMaster({ sku: 'A1', supplier: 'Acme', supplierMinOrderValue: 250 }, now);
      expect(store.suppliers.minimumOrderValues()).toEqual(new Map([['Acme', 250]]));
      store.items.upsertMaster({ sku: 'B1', supplier: 'Acme', unitCost: 3 }, now);
      expect(store.suppliers.minimumOrderValues()).toEqual(new Map([['Acme', 250]]));
      // No supplier given: the item's stored supplier takes the term.
      store.items.upsertMaster({ sku: 'A1', supplierMinOrderValue: 300 }, now);
      expect(store.suppliers.minimumOrderValues()).toEqual(new Map([['Acme', 300]]));
      store.items.upsertMaster({ sku: 'A1', supplier: 'Acme', supplierMinOrderValue: 0 }, now);
      expect(store.suppliers.list()).toEqual([{ id: expect.any(Number), name: 'Acme', minOrderValue: null, items: 2 }]);
      expect(store.items.bySku('A1')).toMatchObject({ supplier: 'Acme' });
      expect(() => store.items.upsertMaster({ sku: 'Z9', supplierMinOrderValue: 10 }, now)).toThrow(/no supplier/);
      expect(store.items.bySku('Z9')).toBeUndefined();
    } finally {
      store.close();
    }
  });
});
