import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../app/random/rng';
import { readAll, TempFiles } from './fileHelpers';

const temp = new TempFiles();
afterAll(() => temp.remove());

/** Ways to break one line of `Date,SKU,Description,Qty,Price` (each must be rejected). */
const MALFORMATIONS: ((rng: Rng) => string)[] = [
  () => 'yesterday,A1,plain,3,1.50',
  () => '2024-02-30,A1,plain,3,1.50',
  () => '2024-01-05,A1,plain,three,1.50',
  () => '2024-01-05,,plain,3,1.50',
  () => '2024-01-05,A1,plain,,1.50',
  () => '2024-01-05,A1,plain,3,cheap',
  () => '2024-01-05,A1',
  (rng) => `2024-01-05,A1,"quoted, with comma",${rng.integer(9)}x,1.50`,
  () => '13/13/2024,A1,plain,3,1.50',
  () => '2024-01-05,A1,plain,1.2.3,1.50',
];

/** A line that must be accepted: unique quantity (no duplicates), price above 0 (0 is an adjustment). */
function validLine(rng: Rng, index: number): string {
  const day = String(1 + rng.integer(28)).padStart(2, '0');
  const description = rng.uniform() < 0.2 ? `"multi\nline ""${index}"", ok"` : `item ${index}`;
  return `2024-03-${day},SKU${rng.integer(40)},${description},${1 + index},${((1 + rng.integer(999)) / 100).toFixed(2)}`;
}

describe('malformed rows injected into a valid file', () => {
  it('produce errors for exactly those rows, never a crash', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const rng = new Rng(seed);
      const rowCount = 50 + rng.integer(150);
      const lines = ['Date,SKU,Description,Qty,Price'];
      const broken = new Set<number>();
      for (let index = 0; index < rowCount; index++) {
        const spreadsheetRow = index + 2;
        if (rng.uniform() < 0.15) {
          broken.add(spreadsheetRow);
          lines.push(MALFORMATIONS[rng.integer(MALFORMATIONS.length)](rng));
        } else {
          lines.push(validLine(rng, index));
        }
      }
      const path = temp.write(`property-${seed}.csv`, lines.join(rng.uniform() < 0.5 ? '\n' : '\r\n'));
      const chunkBytes = rng.uniform() < 0.5 ? 1 + rng.integer(64) : 1 << 16;
      const { records, summary } = await readAll(path, { chunkBytes });
      const errorRows = new Set(summary.errors.map((error) => error.row));
      expect([...errorRows].sort((a, b) => (a ?? 0) - (b ?? 0)), `seed ${seed}`).toEqual([...broken].sort((a, b) => a - b));
      expect(summary.errors.every((error) => error.file === path && error.column !== undefined && error.message !== ''), `seed ${seed}`).toBe(true);
      expect(records.map((record) => record.row), `seed ${seed}`).toEqual(
        Array.from({ length: rowCount }, (_, index) => index + 2).filter((row) => !broken.has(row)));
      expect(summary.rowsRead).toBe(rowCount);
    }
  });
});
