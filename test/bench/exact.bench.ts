/**
 * Exact yardstick benchmark: solves every row of ../shared/reference/lost_sales_optimal.csv
 * (optimal by relative value iteration over the full state, best base-stock, best capped
 * base-stock) and reports accuracy against the table and seconds per solve.
 *
 *   npx tsx test/bench/exact.bench.ts           all 32 rows; optimal solves timed as the median of 3
 *   npx tsx test/bench/exact.bench.ts --quick   rows with L ≤ 2, one run each
 *
 * stdout: one JSON document; stderr: a per-row table for people.
 */
import os from 'node:os';
import { loadReferenceTable } from '../helpers/referenceTable';
import { optimiseBaseStock, optimiseCappedBaseStock } from '../../app/exact/baseStock';
import { poissonDemand } from '../../app/exact/demandDistribution';
import { solveOptimal } from '../../app/exact/optimal';
import type { InventoryModel } from '../../app/exact/stateSpace';


const quick = process.argv.includes('--quick');
const repeats = quick ? 1 : 3;
const allRows = loadReferenceTable();
const rows = quick ? allRows.filter((row) => row.L <= 2) : allRows;
const demand = poissonDemand(5);

function timed<T>(run: () => T, times: number): { value: T; seconds: number } {
  const samples: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < times; i++) {
    const start = process.hrtime.bigint();
    value = run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  samples.sort((a, b) => a - b);
  return { value: value as T, seconds: samples[Math.floor(samples.length / 2)] };
}

const round = (value: number, digits = 6): number => Number(value.toFixed(digits));
const results = [];
let maxAbsDifference = 0;
let parametersMatch = true;
for (const row of rows) {
  const model: InventoryModel = {
    leadTime: row.L,
    holding: 1,
    penalty: row.p,
    shortage: row.setting === 'backorder' ? 'backorder' : 'lost-sales',
    demand,
  };
  // The backorder L = 4 full-state solve takes ~10 s and ~300 MB: time it once.
  const optimalRepeats = row.setting === 'backorder' && row.L === 4 ? 1 : repeats;
  const optimal = timed(() => solveOptimal(model), optimalRepeats);
  const baseStock = timed(() => optimiseBaseStock(model), 1);
  const capped = timed(() => optimiseCappedBaseStock(model), 1);
  const referenceCap = row.capped_r === 'inf' ? null : Number(row.capped_r);
  const differences = {
    optimal: Math.abs(optimal.value.averageCost - row.optimal),
    baseStock: Math.abs(baseStock.value.cost - row.base_stock_cost),
    capped: Math.abs(capped.value.cost - row.capped_cost),
  };
  const rowMax = Math.max(differences.optimal, differences.baseStock, differences.capped);
  maxAbsDifference = Math.max(maxAbsDifference, rowMax);
  const parametersAgree =
    baseStock.value.level === row.best_base_stock_S && capped.value.level === row.capped_S && capped.value.cap === referenceCap;
  parametersMatch &&= parametersAgree && optimal.value.converged;
  results.push({
    setting: row.setting,
    leadTime: row.L,
    penalty: row.p,
    optimal: { computed: round(optimal.value.averageCost), reference: row.optimal, iterations: optimal.value.iterations, states: optimal.value.space.size, seconds: round(optimal.seconds, 3) },
    baseStock: { computed: round(baseStock.value.cost), S: baseStock.value.level, reference: row.base_stock_cost, referenceS: row.best_base_stock_S, seconds: round(baseStock.seconds, 3) },
    capped: {
      computed: round(capped.value.cost),
      S: capped.value.level,
      r: capped.value.cap,
      reference: row.capped_cost,
      referenceS: row.capped_S,
      referenceR: referenceCap,
      seconds: round(capped.seconds, 3),
    },
    maxAbsDifference: rowMax,
    parametersAgree,
  });
  process.stderr.write(
    `${row.setting.padEnd(10)} L=${row.L} p=${String(row.p).padEnd(2)} ` +
      `opt ${optimal.value.averageCost.toFixed(5)} (ref ${row.optimal.toFixed(5)}, ${optimal.seconds.toFixed(2)} s, ${optimal.value.space.size} states) ` +
      `bs S=${baseStock.value.level} ${baseStock.value.cost.toFixed(5)} (ref S=${row.best_base_stock_S} ${row.base_stock_cost.toFixed(5)}, ${baseStock.seconds.toFixed(2)} s) ` +
      `capped (${capped.value.level},${capped.value.cap ?? 'inf'}) ${capped.value.cost.toFixed(5)} ` +
      `(ref (${row.capped_S},${row.capped_r}) ${row.capped_cost.toFixed(5)}, ${capped.seconds.toFixed(2)} s) max|diff| ${rowMax.toExponential(1)}\n`,
  );
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor(sorted.length / 2)];
};
const lostSalesLongest = results.filter((r) => r.setting === 'lost_sales' && r.leadTime === Math.max(...rows.map((row) => row.L)));
const accuracyTarget = 5e-5;
const optimalSecondsTarget = 10;
const medianOptimalSeconds = median(lostSalesLongest.map((r) => r.optimal.seconds));
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'exact',
      mode: quick ? 'quick' : 'full',
      figure: {
        maxAbsDifference,
        medianOptimalSecondsAtLongestLeadTime: medianOptimalSeconds,
        longestLeadTime: Math.max(...rows.map((row) => row.L)),
        parametersMatch,
      },
      reference: { source: 'shared/reference/lost_sales_optimal.csv', rows: rows.length },
      ratio: { maxAbsDifferenceToTarget: maxAbsDifference / accuracyTarget, optimalSecondsToTarget: medianOptimalSeconds / optimalSecondsTarget },
      target: { maxAbsDifference: accuracyTarget, optimalSecondsPerLostSalesSolve: optimalSecondsTarget },
      environment: { node: process.version, backend: 'typed arrays, one thread', cpu: os.cpus()[0]?.model ?? 'unknown', repeats },
      rows: results,
    },
    null,
    2,
  )}\n`,
);
