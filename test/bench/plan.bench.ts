/**
 * Planning speed and memory: 10,000 items planned from the database (`createPlan`: demand-model
 * forecast over lead time + review, tuned policy, order rules, reason text, saved plan) — target
 * ≤ 2 s and peak RSS ≤ 500 MB (../shared/docs/BENCHMARKS.md). The database is generated: one year
 * of daily sales per item, and for every item a demand model and tuned policies obtained by
 * really fitting and tuning a few template items and reusing them (fitting 10,000 items is the fit
 * benchmark's job, not this one's). The plan itself runs in a child process so its RSS is its own.
 * `--quick`: 2,000 items.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../../app/common/dates';
import { detectClosedDays, fitDemandModel } from '../../app/demand';
import { economicsFor } from '../../app/plan/itemEconomics';
import { tuneItemPolicies } from '../../app/plan/tuneItem';
import { Rng } from '../../app/random/rng';
import { openStore } from '../../app/store';
import { environment, median, round } from './benchRuns';

const quick = process.argv.includes('--quick');
const itemCount = quick ? 2_000 : 10_000;
const days = 365;
const templates = 8;
const start = '2024-01-01';

if (process.argv[2] === '--child') {
  const { createPlan } = await import('../../app/plan/createPlan');
  const store = openStore(process.argv[3]);
  const began = process.hrtime.bigint();
  const plan = await createPlan(store, { planDate: addDays(start, days), budget: null, createdAt: '2025-01-01T00:00:00Z' });
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const lines = store.plans.lines(plan.planId).length;
  store.close();
  process.stdout.write(JSON.stringify({ seconds, lines, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'replenish-plan-bench-'));
try {
  const dbPath = join(dir, 'plan.db');
  const store = openStore(dbPath);
  const rng = new Rng(20_261_129);
  const now = '2025-01-01T00:00:00Z';
  process.stderr.write(`generating ${itemCount} items × ${days} days…\n`);
  store.transaction(() => {
    const batch = store.imports.start('generated', 'x', 'sales', now);
    const insert = store.db.prepare('INSERT INTO daily_sales (item_id, day, units) VALUES (?, ?, ?)');
    for (let index = 0; index < itemCount; index++) {
      const id = store.items.upsertMaster({ sku: `SKU-${String(index).padStart(5, '0')}`, description: `Item ${index}`, unitCost: 1 + rng.uniform() * 20, leadTimeDays: 7 + rng.integer(14), moq: 0, orderMultiple: 1 + rng.integer(12) }, now);
      const mean = Math.exp(rng.normal() * 1.2 + 1.5);
      for (let day = 0; day < days; day++) {
        const units = rng.negativeBinomial(mean, 2);
        if (units > 0) insert.run(id, addDays(start, day), units);
      }
    }
    void batch;
  });
  // Fit and tune a few templates for real, then give every item one of them.
  const range = store.sales.calendar();
  const series = store.sales.dailySeries(range.first!, range.last!, Array.from({ length: templates }, (_, index) => index + 1));
  const calendar = detectClosedDays(series.map((entry) => entry.units), range.first!);
  if (!calendar.ok) throw new Error(calendar.error.message);
  const settings = store.settings.get();
  const fitted = series.map((entry) => {
    const model = fitDemandModel(entry.units, { startDate: range.first!, calendar: calendar.value });
    if (!model.ok) throw new Error(model.error.message);
    const item = store.items.get(entry.itemId)!;
    return { model: model.value.model, policies: tuneItemPolicies(model.value.model, economicsFor(item, settings), entry.itemId).policies };
  });
  store.transaction(() => {
    for (let id = 1; id <= itemCount; id++) {
      const template = fitted[id % templates];
      store.demandModels.save({ itemId: id, fittedAt: now, modelKind: template.model.core.kind, model: template.model, accuracy: {}, dataThrough: range.last });
      for (const policy of template.policies) store.classicalPolicies.save({ itemId: id, policy: policy.policy, parameters: policy.parameters, meanCost: policy.meanCost, standardError: policy.standardError, tunedAt: now });
    }
  });
  store.close();
  const runs = [0, 1, 2].map(() => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', dbPath], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr.slice(-2000));
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as { seconds: number; lines: number; maxRssMB: number };
  });
  const seconds = median(runs.map((run) => run.seconds));
  const peak = Math.max(...runs.map((run) => run.maxRssMB));
  process.stdout.write(
    JSON.stringify({
      benchmark: 'plan',
      items: itemCount,
      figure: { seconds: round(seconds), linesPlanned: runs[0].lines, peakRssMB: round(peak, 1), runs: runs.map((run) => round(run.seconds)) },
      reference: 'none (absolute target)',
      target: { seconds: 2, peakRssMB: 500 },
      meetsTarget: { seconds: seconds <= 2 * (itemCount / 10_000), peakRss: peak <= 500 },
      environment: environment(),
    }, null, 2) + '\n',
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
