import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { sharedDir } from './tempDir';

/** One row of ../shared/reference/lost_sales_optimal.csv (`capped_r` is 'inf' where no cap helps). */
export interface ReferenceRow {
  setting: string;
  L: number;
  p: number;
  optimal: number;
  best_base_stock_S: number;
  base_stock_cost: number;
  capped_S: number;
  capped_r: number | string;
  capped_cost: number;
}

export function loadReferenceTable(): ReferenceRow[] {
  const text = readFileSync(join(sharedDir, 'reference', 'lost_sales_optimal.csv'), 'utf8');
  return Papa.parse<ReferenceRow>(text, { header: true, dynamicTyping: true, skipEmptyLines: true }).data;
}
