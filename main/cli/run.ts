import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { callApi, type ApiMethod, type ApiValue } from '../../app/api';
import type { AppError } from '../../app/common/result';
import type { FittedItem } from '../../app/models/fitTask';
import { OUTCOME_VERDICTS } from '../../app/outcomes/rules';
import type { ItemComparison } from '../../app/training/trainTask';
import { backupDatabase, defaultBackupPath, restoreDatabase } from '../../app/store/backup';
import { InlineTaskRunner } from '../../app/tasks/registry';
import { createHostContext, type HostContext } from '../host/context';
import { resolveDatabasePath } from '../host/paths';
import { WorkerTaskRunner } from '../worker/runner';
import { startWebHost } from '../web/server';
import type { CommandName } from './commands';
import { formatTable } from './format';
import { createProgressReporter } from './progressBar';

/** Wrong input from the user: exit code 1, message names the option or file. */
export class CliUsageError extends Error {}

type Values = Record<string, unknown>;

export async function runCommand(name: CommandName, values: Values, positionals: string[]): Promise<number> {
  const dbPath = resolveDatabasePath(values.db as string | undefined);
  // Restoring replaces the database file: it must run before this command opens a connection.
  if (name === 'restore') return restoreCommand(dbPath, values, positionals);
  const host = openHost(dbPath, name === 'serve');
  try {
    switch (name) {
      case 'import':
        return await importCommand(host, values, positionals);
      case 'items':
        return await itemsCommand(host, values);
      case 'fit':
        return await fitCommand(host, values);
      case 'train':
        return await trainCommand(host, values);
      case 'plan':
        return await planCommand(host, values);
      case 'backtest':
        return await backtestCommand(host, values);
      case 'po':
        return await purchaseOrderCommand(host, values, positionals);
      case 'outcomes':
        return await outcomesCommand(host, values);
      case 'bench':
        return await benchCommand(host, values, positionals);
      case 'backup':
        return await backupCommand(host, values);
      case 'serve':
        return await serveCommand(host, values);
      default:
        throw new CliUsageError(`unknown command ${String(name)}`);
    }
  } finally {
    if (name !== 'serve') host.close();
  }
}

function openHost(dbPath: string, inWorkers: boolean): HostContext {
  return createHostContext(dbPath, inWorkers ? new WorkerTaskRunner() : new InlineTaskRunner());
}

/** Call the API; on failure print the error (with row-level problems) and return its exit code. */
async function call<M extends ApiMethod>(host: HostContext, method: M, params: unknown, json: boolean): Promise<ApiValue<M> | number> {
  const result = await callApi({ ...host.context, progress: createProgressReporter() }, method, params);
  if (result.ok) return result.value as ApiValue<M>;
  return reportError(result.error, json);
}

function reportError(error: AppError, json: boolean): number {
  if (json) process.stdout.write(JSON.stringify({ error }, null, 2) + '\n');
  process.stderr.write(`${error.message}\n`);
  for (const problem of error.problems ?? []) {
    const where = [problem.file, problem.row !== undefined ? `row ${problem.row}` : undefined, problem.column ? `column "${problem.column}"` : undefined]
      .filter(Boolean)
      .join(', ');
    process.stderr.write(`  ${where}: ${problem.message}\n`);
  }
  if ((error.problemCount ?? 0) > (error.problems?.length ?? 0)) {
    process.stderr.write(`  … and ${(error.problemCount ?? 0) - (error.problems?.length ?? 0)} more problems\n`);
  }
  if (error.stack && process.argv.includes('--verbose')) process.stderr.write(`${error.stack}\n`);
  return error.code === 'internal' ? 2 : 1;
}

function print(json: boolean, value: unknown, text: () => string): number {
  process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : text() + '\n');
  return 0;
}

async function importCommand(host: HostContext, values: Values, positionals: string[]): Promise<number> {
  const json = values.json === true;
  if (positionals.length !== 1) throw new CliUsageError('give exactly one FILE to import, e.g. `replenish import sales.csv`.');
  const path = resolve(positionals[0]);
  if (!existsSync(path)) throw new CliUsageError(`${positionals[0]}: no such file.`);
  const mapping: Record<string, string> = {};
  for (const pair of (values.map as string[] | undefined) ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliUsageError(`--map ${pair}: expected field=Column, e.g. --map item=SKU.`);
    mapping[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  const fileId = host.files.addPath(path);
  const result = await call(
    host,
    'data.import',
    {
      fileId,
      kind: values.kind,
      sheet: values.sheet,
      mapping: Object.keys(mapping).length > 0 ? mapping : undefined,
      dateOrder: values['date-order'],
      dryRun: values['dry-run'] === true,
    },
    json,
  );
  if (typeof result === 'number') return result;
  return print(json, result, () => {
    const lines = [
      `${result.dryRun ? 'Checked (dry run, nothing written)' : 'Imported'} ${result.file} as ${result.kind}:`,
      `  ${result.rowsRead} rows read, ${result.rowsImported} imported, ${result.rowsSkipped} skipped, ${result.duplicates} duplicates`,
      `  ${result.items} items, ${result.dateFrom ?? '–'} → ${result.dateTo ?? '–'}`,
      ...Object.entries(result.skippedByReason).map(([reason, count]) => `  skipped as ${reason}: ${count}`),
      ...result.warnings.map((warning) => `  note: ${warning}`),
    ];
    return lines.join('\n');
  });
}

async function itemsCommand(host: HostContext, values: Values): Promise<number> {
  const json = values.json === true;
  const result = await call(host, 'items.list', {}, json);
  if (typeof result === 'number') return result;
  const items = result.items.map(({ weeklyUnits: _weekly, ...item }) => item);
  return print(json, { dataThrough: result.dataThrough, items: items.map((item) => ({ item: item.sku, ...item })) }, () =>
    formatTable(
      ['Item', 'Description', 'Supplier', 'Class', 'First sale', 'Last sale', 'Total units', 'Mean/day', 'On hand'],
      items.map((item) => [item.sku, item.description ?? '', item.supplier ?? '', `${item.abc}${item.xyz}`, item.firstSale, item.lastSale, item.totalUnits, item.meanDailyUnits, item.onHand]),
    ),
  );
}

async function fitCommand(host: HostContext, values: Values): Promise<number> {
  const json = values.json === true;
  let holdoutWeeks: number | undefined;
  if (values['holdout-weeks'] !== undefined) {
    holdoutWeeks = Number(values['holdout-weeks']);
    if (!Number.isInteger(holdoutWeeks) || holdoutWeeks < 1) throw new CliUsageError(`--holdout-weeks ${String(values['holdout-weeks'])}: expected a whole number of weeks.`);
  }
  const result = await call(host, 'models.fit', { items: values.item, holdoutWeeks }, json);
  if (typeof result === 'number') return result;
  const percent = (value: number | undefined): string | null => (value === undefined || Number.isNaN(value) ? null : `${Math.round(value * 100)} %`);
  return print(json, result, () =>
    [
      `Calendar ${result.calendar.from} → ${result.calendar.to}, ${result.calendar.closedDays} closed days` +
        (result.calendar.closedWeekdays.length > 0 ? ` (closed every ${result.calendar.closedWeekdays.map((day: number) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][day] ?? String(day)).join(', ')})` : ''),
      formatTable(
        ['Item', 'Model', 'Class', 'Mean/day', 'MASE', '80 % cover', '95 % cover', 'Note'],
        result.items.map((item: FittedItem) => [
          item.item, item.model, item.demandClass ?? '', item.meanDaily, item.accuracy ? item.accuracy.mase : null,
          percent(item.accuracy?.coverage80), percent(item.accuracy?.coverage95), item.note ?? '',
        ]),
      ),
    ].join('\n'),
  );
}

async function trainCommand(host: HostContext, values: Values): Promise<number> {
  const json = values.json === true;
  const seconds = numberOption(values, 'seconds', (v) => v >= 5 && v <= 86_400, 'seconds from 5 to 86400') ?? 120;
  const seed = numberOption(values, 'seed', (v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0');
  const result = await call(host, 'training.start', { items: values.item, seconds, seed }, json);
  if (typeof result === 'number') return result;
  return print(json, result, () =>
    [
      `${result.cancelled ? 'Stopped' : 'Trained'} on the ${result.backend} backend: ${result.updatesDone} updates, ${result.steps} steps in ${result.seconds.toFixed(0)} s` +
        (result.resumedFromUpdate !== null ? ` (resumed from update ${result.resumedFromUpdate})` : ''),
      formatTable(
        ['Item', 'PPO cost/day', 'Classical', 'Classical cost/day', 'Used'],
        result.comparison.map((row: ItemComparison) => [row.item, row.ppoCost.toFixed(3), row.classicalPolicy, row.classicalCost.toFixed(3), row.usePpo ? 'PPO' : 'classical']),
      ),
    ].join('\n'),
  );
}

async function planCommand(host: HostContext, values: Values): Promise<number> {
  const json = values.json === true;
  let budget: number | undefined;
  if (values.budget !== undefined) {
    budget = Number(values.budget);
    if (!(budget > 0)) throw new CliUsageError(`--budget ${String(values.budget)}: expected a positive amount.`);
  }
  const result = await call(host, 'plans.create', { date: values.date, budget }, json);
  if (typeof result === 'number') return result;
  const document = {
    date: result.plan.planDate,
    warnings: (result.plan.summary.warnings as string[] | undefined) ?? [],
    items: result.lines.map((line) => ({
      item: line.sku,
      description: line.description,
      supplier: line.supplier,
      policy: line.policy,
      recommendedQty: line.recommendedQty,
      classicalPolicy: line.classicalPolicy,
      classicalQty: line.classicalQty,
      inventoryPosition: line.inventoryPosition,
      onHand: line.onHand,
      onOrder: line.onOrder,
      reason: line.reason,
      ...line.details,
    })),
  };
  return print(json, document, () =>
    [
      `Plan for ${document.date}`,
      ...document.warnings.map((warning) => `note: ${warning}`),
      formatTable(
        ['Item', 'Description', 'On hand', 'On order', 'Recommended', 'Policy'],
        document.items.map((line) => [line.item, line.description ?? '', line.onHand, line.onOrder, line.recommendedQty, line.policy]),
      ),
    ].join('\n'),
  );
}

async function backtestCommand(host: HostContext, values: Values): Promise<number> {
  const json = values.json === true;
  const weeks = numberOption(values, 'weeks', (v) => Number.isInteger(v) && v >= 1 && v <= 104, 'a whole number of weeks from 1 to 104') ?? 8;
  const result = await call(host, 'plans.backtest', { weeks }, json);
  if (typeof result === 'number') return result;
  const percent = (value: number): string => `${(value * 100).toFixed(1)} %`;
  return print(json, result, () =>
    [
      `Backtest ${result.window.from} → ${result.window.to} (${result.window.days} days); trained on data through ${result.trainedThrough}`,
      ...result.notes.map((note: string) => `note: ${note}`),
      formatTable(
        ['Policy', 'Cost', 'Fill rate', 'Stockout days', 'Average stock'],
        result.totals.map((total: { policy: string; cost: number; fillRate: number; stockoutDays: number; averageStock: number }) => [total.policy, total.cost, percent(total.fillRate), total.stockoutDays, total.averageStock]),
      ),
    ].join('\n'),
  );
}

async function purchaseOrderCommand(host: HostContext, values: Values, positionals: string[]): Promise<number> {
  const json = values.json === true;
  const [action, ...rest] = positionals;
  if (action === 'create') {
    const result = await call(host, 'orders.createFromPlan', { suppliers: values.supplier }, json);
    if (typeof result === 'number') return result;
    return print(json, { orders: result }, () =>
      formatTable(
        ['PO number', 'Supplier', 'Lines', 'Units'],
        result.map((order) => [order.poNumber, order.supplier ?? '(no supplier)', order.lines.length, order.lines.reduce((sum, line) => sum + line.quantity, 0)]),
      ),
    );
  }
  if (action === 'list') {
    const result = await call(host, 'orders.list', {}, json);
    if (typeof result === 'number') return result;
    return print(json, { orders: result }, () =>
      formatTable(['PO number', 'Supplier', 'Status', 'Lines', 'Created'], result.map((order) => [order.poNumber, order.supplier ?? '', order.status, order.lines.length, order.createdAt.slice(0, 10)])),
    );
  }
  if (action === 'export') {
    const out = rest[0];
    const format = out?.match(/\.(xlsx|csv|pdf)$/i)?.[1]?.toLowerCase();
    if (!out || !format) throw new CliUsageError('give the output file, ending in .xlsx, .csv or .pdf, e.g. `replenish po export orders.xlsx`.');
    const result = await call(host, 'orders.export', { format, numbers: values.po }, json);
    if (typeof result === 'number') return result;
    writeFileSync(resolve(out), Buffer.from(result.base64, 'base64'));
    process.stdout.write(json ? JSON.stringify({ file: resolve(out), format }) + '\n' : `Wrote ${out}\n`);
    return 0;
  }
  throw new CliUsageError('expected `po create`, `po list` or `po export OUT.xlsx|OUT.csv|OUT.pdf`.');
}

async function outcomesCommand(host: HostContext, values: Values): Promise<number> {
  const json = values.json === true;
  const planId = numberOption(values, 'plan', (v) => Number.isInteger(v) && v >= 1, 'a plan number (a whole number ≥ 1)');
  const verdicts = (values.verdict as string[] | undefined)?.flatMap((entry) => entry.split(',').map((verdict) => verdict.trim()));
  const unknown = verdicts?.find((verdict) => !(OUTCOME_VERDICTS as readonly string[]).includes(verdict));
  if (unknown !== undefined) throw new CliUsageError(`--verdict ${unknown}: expected one of ${OUTCOME_VERDICTS.join(', ')}.`);
  const refreshed = await call(host, 'outcomes.refresh', { full: values.recompute === true }, json);
  if (typeof refreshed === 'number') return refreshed;
  const list = await call(host, 'outcomes.list', { planId, verdicts }, json);
  if (typeof list === 'number') return list;
  const summary = await call(host, 'outcomes.summary', { planId, verdicts }, json);
  if (typeof summary === 'number') return summary;
  const { plans: _plans, rules: _rules, salesThrough, ...figures } = summary;
  const document = {
    salesThrough,
    summary: figures,
    outcomes: list.outcomes.map(({ sku, ...outcome }) => ({ item: sku, ...outcome })),
  };
  const percent = (value: number | null): string => (value === null ? '–' : `${(value * 100).toFixed(1)} %`);
  return print(json, document, () =>
    [
      `Outcomes of past recommendations (sales through ${salesThrough ?? '–'}): ${figures.evaluated} evaluated, ${figures.pending} pending`,
      `  ${Object.entries(figures.byVerdict).filter(([, count]) => count > 0).map(([verdict, count]) => `${verdict} ${count}`).join(', ') || 'none yet'}`,
      `  stockout rate ${percent(figures.stockoutRate)}, mean absolute forecast error ${figures.meanAbsoluteForecastError === null ? '–' : figures.meanAbsoluteForecastError.toFixed(1)} units` +
        (figures.weightedAbsolutePercentError === null ? '' : ` (${figures.weightedAbsolutePercentError.toFixed(1)} % of demand)`),
      formatTable(
        ['Plan', 'Date', 'Item', 'Ordered', 'Forecast', 'Actual', 'Stockout days', 'Ending stock', 'Verdict'],
        document.outcomes.map((row) => [row.planId, row.planDate, row.item, row.orderedQty, row.forecastDemand, row.actualDemand, row.stockoutDays, row.endingStock, row.verdict]),
      ),
    ].join('\n'),
  );
}

function numberOption(values: Values, name: string, check: (value: number) => boolean, expected: string): number | undefined {
  if (values[name] === undefined) return undefined;
  const value = Number(values[name]);
  if (!check(value)) throw new CliUsageError(`--${name} ${String(values[name])}: expected ${expected}.`);
  return value;
}

async function benchCommand(host: HostContext, values: Values, positionals: string[]): Promise<number> {
  const json = values.json === true;
  if (positionals[0] !== 'lost-sales') throw new CliUsageError('expected `bench lost-sales --lead-time L --penalty P`.');
  const leadTime = numberOption(values, 'lead-time', (v) => Number.isInteger(v) && v >= 1, 'a whole number of periods ≥ 1');
  const penalty = numberOption(values, 'penalty', (v) => v > 0, 'a positive cost per lost unit');
  if (leadTime === undefined || penalty === undefined) throw new CliUsageError('--lead-time and --penalty are required.');
  const policies = values.policy === undefined ? undefined : String(values.policy).split(',').map((name) => name.trim());
  const result = await call(
    host,
    'bench.lostSales',
    {
      leadTime,
      penalty,
      holding: numberOption(values, 'holding', (v) => v > 0, 'a positive holding cost'),
      demand: values.demand,
      mean: numberOption(values, 'mean', (v) => v > 0, 'a positive mean demand'),
      cv: numberOption(values, 'cv', (v) => v > 0, 'a positive coefficient of variation'),
      policies,
    },
    json,
  );
  if (typeof result === 'number') return result;
  return print(json, result, () =>
    [
      `Lost sales, lead time ${result.instance.leadTime}, penalty ${result.instance.penalty}, holding ${result.instance.holding}, ${result.instance.demand} demand mean ${result.instance.mean}`,
      formatTable(
        ['Policy', 'Cost/period', 'Gap to optimum', 'Parameters'],
        result.results.map((row: { policy: string; cost: number; gapToOptimalPct?: number; params?: Record<string, number | null> }) => [
          row.policy,
          row.cost.toFixed(5),
          row.gapToOptimalPct === undefined ? null : `${row.gapToOptimalPct.toFixed(2)} %`,
          row.params ? Object.entries(row.params).map(([key, value]) => `${key}=${value ?? '∞'}`).join(' ') : '',
        ]),
      ),
    ].join('\n'),
  );
}

async function backupCommand(host: HostContext, values: Values): Promise<number> {
  const json = values.json === true;
  const destination = values.out ? resolve(String(values.out)) : defaultBackupPath(host.store.path, 'manual', new Date());
  const result = await backupDatabase(host.store.db, destination);
  if (!result.ok) return reportError(result.error, json);
  return print(json, result.value, () => `Backed up ${host.store.path} to ${result.value.path} (verified).`);
}

async function restoreCommand(dbPath: string, values: Values, positionals: string[]): Promise<number> {
  const json = values.json === true;
  if (positionals.length !== 1) throw new CliUsageError('give the backup FILE to restore, e.g. `replenish restore backup.db`.');
  const result = await restoreDatabase(resolve(positionals[0]), dbPath);
  // (restoreDatabase opened the result as the app does: an older backup is migrated already, or rolled back.)
  if (!result.ok) return reportError(result.error, json);
  return print(json, result.value, () => `Restored ${dbPath} from ${positionals[0]}; the previous database is kept next to it as .before-restore.`);
}

async function serveCommand(host: HostContext, values: Values): Promise<number> {
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliUsageError(`--port ${String(values.port)}: expected a port number.`);
  const staticDir = new URL('../../out/renderer', import.meta.url).pathname;
  const web = await startWebHost({ context: host.context, files: host.files, staticDir, port });
  process.stdout.write(`Replenish dashboard: ${web.url}\nDatabase: ${host.store.path}\nPress Ctrl+C to stop.\n`);
  if (!existsSync(resolve(staticDir, 'index.html'))) {
    process.stderr.write('note: the dashboard is not built yet; run `npm run build` and reload.\n');
  }
  if (values.open === true) openBrowser(web.url);
  await new Promise<void>((done) => {
    const stop = (): void => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await web.close();
  host.close();
  return 0;
}

function openBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(opener, [url], { detached: true, stdio: 'ignore' }).on('error', () => {
    process.stderr.write(`Could not open a browser; open ${url} yourself.\n`);
  }).unref();
}
