import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { sharedDir, tempDir } from '../helpers/tempDir';

const salesCsv = join(sharedDir, 'data', 'online_retail_uci_top15.csv');

/** Daily demand by the documented rule, computed independently of the importer. */
function expectedTotals(): Map<string, number> {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(salesCsv, 'utf8'), { header: true, skipEmptyLines: true });
  const seen = new Set<string>();
  const totals = new Map<string, number>();
  for (const row of parsed.data) {
    const line = JSON.stringify(row);
    if (seen.has(line)) continue; // exact duplicate lines count once
    seen.add(line);
    const quantity = Number(row.Quantity);
    if (row.InvoiceNo.startsWith('C') || quantity <= 0 || Number(row.UnitPrice) === 0) continue;
    totals.set(row.StockCode, (totals.get(row.StockCode) ?? 0) + quantity);
  }
  return totals;
}

describe('replenish command line', () => {
  const temp = tempDir();
  const db = join(temp.dir, 'cli.db');
  afterAll(() => temp.cleanup());

  it('prints help and exits 0', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/replenish <command>/);
    for (const command of ['import', 'items', 'plan', 'serve']) expect(run.stdout).toContain(command);
  });

  describe('the thin slice on the real sales file', () => {
    let imported: Record<string, unknown>;
    beforeAll(() => {
      const run = runCli(['import', salesCsv, '--db', db, '--json']);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.status).toBe(0);
      imported = JSON.parse(run.stdout);
    });

    it('imports and reports the summary of CLI.md', () => {
      expect(imported).toMatchObject({ kind: 'sales', file: 'online_retail_uci_top15.csv', rowsRead: 23633, items: 15, dateFrom: '2010-12-01', dateTo: '2011-12-09' });
      expect(imported.rowsImported as number).toBeGreaterThan(22000);
      expect(Array.isArray(imported.warnings)).toBe(true);
    });

    it('lists 15 items whose totalUnits equal the daily demand of the documented rule', () => {
      const run = runCli(['items', '--db', db, '--json']);
      expect(run.status).toBe(0);
      const items = JSON.parse(run.stdout).items as { item: string; totalUnits: number; firstSale: string; meanDailyUnits: number }[];
      expect(items).toHaveLength(15);
      const expected = expectedTotals();
      for (const item of items) expect(item.totalUnits, item.item).toBe(expected.get(item.item));
    });

    it('re-importing the same file adds nothing', () => {
      const run = runCli(['import', salesCsv, '--db', db, '--json']);
      expect(run.status).toBe(0);
      const again = JSON.parse(run.stdout);
      expect(again.rowsImported).toBe(0);
      expect(again.duplicates).toBeGreaterThanOrEqual(imported.rowsImported as number);
    });

    it('fits a demand model per item and reports hold-out accuracy', () => {
      const run = runCli(['fit', '--db', db, '--json']);
      expect(run.status).toBe(0);
      const fit = JSON.parse(run.stdout);
      expect(fit.calendar).toMatchObject({ from: '2010-12-01', to: '2011-12-09' });
      // The wholesaler never sells on Saturdays (0 = Sunday … 6 = Saturday).
      expect(fit.calendar.closedWeekdays).toEqual([6]);
      expect(fit.items).toHaveLength(15);
      const mases = fit.items.map((item: { accuracy: { mase: number } }) => item.accuracy.mase).sort((a: number, b: number) => a - b);
      expect(mases[7]).toBeLessThan(1);
      for (const item of fit.items) {
        expect(item.model).toMatch(/smooth|intermittent/);
        expect(item.accuracy.coverage80).toBeGreaterThan(0.5);
      }
    });

    it('backtests the last weeks with policies tuned only on the history before them', () => {
      const run = runCli(['backtest', '--weeks', '4', '--db', db, '--json']);
      expect(run.status).toBe(0);
      const backtest = JSON.parse(run.stdout);
      expect(backtest.window).toEqual({ from: '2011-11-12', to: '2011-12-09', days: 28 });
      expect(backtest.trainedThrough).toBe('2011-11-11');
      expect(backtest.items).toHaveLength(15);
      expect(backtest.totals.map((total: { policy: string }) => total.policy).sort()).toEqual(['base-stock', 'capped-base-stock', 'service-level base-stock']);
      for (const item of backtest.items) {
        for (const policy of item.policies) {
          expect(policy.fillRate).toBeGreaterThanOrEqual(0);
          expect(policy.fillRate).toBeLessThanOrEqual(1);
          expect(policy.cost).toBeCloseTo(policy.holdingCost + policy.stockoutCost, 6);
          expect(policy.stockoutDays).toBeLessThanOrEqual(28);
        }
      }
    });

    it('plans a recommended quantity per item with policy and reason', () => {
      const run = runCli(['plan', '--db', db, '--date', '2011-12-12', '--json']);
      expect(run.status).toBe(0);
      const plan = JSON.parse(run.stdout);
      expect(plan.date).toBe('2011-12-12');
      expect(plan.items).toHaveLength(15);
      for (const line of plan.items) {
        expect(line).toMatchObject({ policy: expect.any(String), recommendedQty: expect.any(Number), onHand: 0, onOrder: 0, reason: expect.any(String) });
        expect(line.recommendedQty).toBeGreaterThanOrEqual(0);
      }
      const heart = plan.items.find((line: { item: string }) => line.item === '85123A');
      expect(heart.recommendedQty).toBeGreaterThan(0);
      // Models were fitted above, so the plan uses the tuned policy and shows the textbook rule beside it.
      expect(heart.policy).toMatch(/tuned/);
      expect(heart.classicalPolicy).toBe('service-level base-stock');
      expect(heart.reason).toMatch(/^Order \d+ to bring the inventory position/);
      expect(heart.expectedCostPerDay).toBeLessThanOrEqual(heart.serviceLevelRuleCostPerDay);
    });
  });

  it('backs the database up (verified) and restores it, keeping the replaced file', () => {
    const copy = join(temp.dir, 'copy.db');
    const backup = runCli(['backup', '--db', db, '--out', copy, '--json']);
    expect(backup.status).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ path: copy, tableCounts: { items: 15 } });
    const restore = runCli(['restore', copy, '--db', db]);
    expect(restore.status).toBe(0);
    expect(existsSync(`${db}.before-restore`)).toBe(true);
    expect(JSON.parse(runCli(['items', '--db', db, '--json']).stdout).items).toHaveLength(15);
    const junk = join(temp.dir, 'not-a-backup.db');
    writeFileSync(junk, 'this is not a database');
    const refused = runCli(['restore', junk, '--db', db]);
    expect(refused.status).toBe(1);
    expect(JSON.parse(runCli(['items', '--db', db, '--json']).stdout).items).toHaveLength(15);
  });

  it('refuses bad input with exit 1, naming file, row and column, and writes nothing', () => {
    const bad = join(temp.dir, 'bad.csv');
    writeFileSync(bad, 'Date,SKU,Qty\n2024-01-02,A1,3\n2024-01-03,A1,three\n2024-13-45,A2,1\n');
    const badDb = join(temp.dir, 'bad.db');
    const run = runCli(['import', bad, '--db', badDb]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad\.csv/);
    expect(run.stderr).toMatch(/row 3/);
    expect(run.stderr).toMatch(/Qty/);
    const check = new Database(badDb);
    expect(check.prepare('SELECT COUNT(*) FROM sales_line_blocks').pluck().get()).toBe(0);
    expect(check.prepare('SELECT COUNT(*) FROM import_batches').pluck().get()).toBe(0);
    check.close();
  });

  it('solves the lost-sales benchmark exactly, matching the reference row for L=2, p=9', () => {
    const run = runCli(['bench', 'lost-sales', '--lead-time', '2', '--penalty', '9', '--db', db, '--json']);
    expect(run.status).toBe(0);
    const bench = JSON.parse(run.stdout);
    expect(bench.instance).toEqual({ leadTime: 2, penalty: 9, holding: 1, demand: 'poisson', mean: 5, cv: expect.any(Number) });
    const byPolicy = Object.fromEntries(bench.results.map((row: { policy: string }) => [row.policy, row]));
    // lost_sales,2,9,6.09364,19,6.31626,19,6,6.11909 in ../shared/reference/lost_sales_optimal.csv
    expect(byPolicy.optimal.cost).toBeCloseTo(6.09364, 4);
    expect(byPolicy['base-stock']).toMatchObject({ params: { baseStockLevel: 19 } });
    expect(byPolicy['base-stock'].cost).toBeCloseTo(6.31626, 4);
    expect(byPolicy['capped-base-stock'].cost).toBeCloseTo(6.11909, 4);
    expect(byPolicy['capped-base-stock'].gapToOptimalPct).toBeCloseTo((6.11909 / 6.09364 - 1) * 100, 2);
    expect(runCli(['bench', 'lost-sales', '--lead-time', '0', '--penalty', '9', '--db', db]).status).toBe(1);
  });

  it('exits 1 on an unknown option and on a missing file', () => {
    expect(runCli(['items', '--db', db, '--bogus']).status).toBe(1);
    const missing = runCli(['import', join(temp.dir, 'nope.csv'), '--db', db]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
  });

  it('refuses a database from a newer version with exit 1 and leaves it alone', () => {
    const newer = join(temp.dir, 'newer.db');
    const raw = new Database(newer);
    raw.pragma('user_version = 999');
    raw.close();
    const run = runCli(['items', '--db', newer]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/newer version of Replenish/);
  });

  it('uses REPLENISH_DB when --db is absent', () => {
    const run = runCli(['items', '--json'], { REPLENISH_DB: db });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).items).toHaveLength(15);
  });
});
