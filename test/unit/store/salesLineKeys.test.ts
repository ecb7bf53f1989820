import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../app/store';
import type { Store } from '../../../app/store';
import { tempDir } from '../../helpers/tempDir';

/** One line's parameters in insertKeyedLines' order. */
function line(batchId: number, itemId: number, high: number, low: number, day: string): unknown[] {
  return [batchId, high, low, itemId, day, 1, null, null, null, null, 'sale'];
}

describe('sales line keys (migration 007: a table of their own)', () => {
  let dir: string;
  let cleanup: () => void;
  let store: Store;
  let batchId: number;
  let itemId: number;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    store = openStore(join(dir, 'keys.db'));
    batchId = store.imports.start('f.csv', 'hash', 'sales', '2026-01-01T00:00:00Z');
    itemId = store.items.ensure('A', null, '2026-01-01T00:00:00Z');
  });
  afterEach(() => {
    store.close();
    cleanup();
  });
  const count = (table: string): number => store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

  it('stores a line only when its key was not claimed before, one line at a time', () => {
    expect(store.sales.insertKeyed(batchId, 1, 2, itemId, '2024-01-01', 1, null, null, null, null, 'sale')).toBe(true);
    expect(store.sales.insertKeyed(batchId, 1, 2, itemId, '2024-01-02', 5, null, null, null, null, 'sale')).toBe(false);
    expect(store.sales.hasKey(2n ** 32n + 2n)).toBe(true);
    expect(store.sales.insert({ batchId, rowKey: 2n ** 32n + 2n, itemId, saleDate: '2024-01-03', quantity: 1, unitPrice: null, orderNumber: null, customer: null, location: null, category: 'sale' })).toBe(false);
    expect([count('sales_lines'), count('sales_line_keys')]).toEqual([1, 1]);
  });

  it("claims a bulk load's keys at its end, and fails the transaction when one is stored twice", () => {
    store.transaction(() => {
      const stored: [number, number][] = [];
      store.sales.beginBulkLoad((high, low) => stored.push([high, low]));
      expect(stored).toEqual([]);
      store.sales.insertKeyedLines([...line(batchId, itemId, 0xffffffff, 7, '2024-01-01'), ...line(batchId, itemId, 3, 4, '2024-01-02')]);
      store.sales.endBulkLoad(new BigInt64Array([BigInt.asIntN(64, 0xffffffff00000007n), 3n * 2n ** 32n + 4n]));
    });
    expect(store.db.prepare('SELECT row_key FROM sales_line_keys').pluck().all()).toEqual([-(2 ** 32) + 7, 3 * 2 ** 32 + 4]);
    const before = [count('sales_lines'), count('sales_line_keys')];
    expect(() => store.transaction(() => {
      const stored: [number, number][] = [];
      store.sales.beginBulkLoad((high, low) => stored.push([high, low]));
      expect(stored).toEqual([[0xffffffff, 7], [3, 4]]);
      // A writer that failed to de-duplicate: the key 3:4 is stored already.
      store.sales.insertKeyedLines(line(batchId, itemId, 3, 4, '2024-01-03'));
      store.sales.endBulkLoad(new BigInt64Array([3n * 2n ** 32n + 4n]));
    })).toThrow(/UNIQUE constraint failed: sales_line_keys.row_key/);
    expect([count('sales_lines'), count('sales_line_keys')]).toEqual(before);
  });
});
