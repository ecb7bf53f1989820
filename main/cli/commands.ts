import type { ParseArgsConfig } from 'node:util';

interface CommandSpec {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
}

/** The commands of ../shared/docs/CLI.md that this version serves. */
export const commands = {
  import: {
    summary: 'Import a CSV/TSV/XLSX file of sales, items, inventory or open orders (all or nothing)',
    usage:
      'replenish import FILE [--kind sales|items|inventory|open-orders] [--sheet NAME] [--map field=Column …] [--date-order dmy|mdy] [--dry-run] [--json]',
    options: {
      kind: { type: 'string' },
      sheet: { type: 'string' },
      map: { type: 'string', multiple: true },
      'date-order': { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
  },
  items: {
    summary: 'Items with their master data and demand statistics',
    usage: 'replenish items [--json]',
    options: {},
  },
  fit: {
    summary: 'Fit the demand model of each item; report hold-out accuracy (MASE against seasonal naive, interval coverage)',
    usage: 'replenish fit [--item ID …] [--holdout-weeks N] [--json]',
    options: { item: { type: 'string', multiple: true }, 'holdout-weeks': { type: 'string' } },
  },
  train: {
    summary: 'Train or fine-tune the PPO policy for these items (resumes from the last checkpoint after a crash)',
    usage: 'replenish train [--item ID …] [--seconds N] [--seed S] [--json]',
    options: { item: { type: 'string', multiple: true }, seconds: { type: 'string' }, seed: { type: 'string' } },
  },
  plan: {
    summary: 'Recommended order quantity per item, with the policy used and the reason',
    usage: 'replenish plan [--date YYYY-MM-DD] [--budget AMOUNT] [--json]',
    options: { date: { type: 'string' }, budget: { type: 'string' } },
  },
  backtest: {
    summary: 'Replay the last N weeks of real demand under each policy: cost, fill rate, stockout days, average stock',
    usage: 'replenish backtest [--weeks N] [--json]',
    options: { weeks: { type: 'string' } },
  },
  outcomes: {
    summary: 'What happened to past recommendations once sales covered their lead time + review period: stockout, overstock, forecast error',
    usage:
      'replenish outcomes [--plan ID] [--verdict ok|stockout|overstock|forecast-high|forecast-low|pending …] [--recompute] [--json]\n\n' +
      'Brings the outcomes up to date with the sales imported so far (imports do this too), then lists them with a summary;\n' +
      '--recompute recomputes every plan, not only those with missing or pending outcomes.\n' +
      'Each recommendation is replayed day by day over its window (plan date + lead time + review period) with the actual\n' +
      'sales: the plan\'s on-hand, the open orders as they fell due and the ordered quantity after the lead time.\n' +
      'Verdicts, first match wins: stockout (a day the stock could not cover the sales), overstock (ending stock above the\n' +
      "plan's expectation by more than a review period of forecast demand), forecast-high / forecast-low (demand off the\n" +
      'forecast by more than max(25 %, 2·√forecast, 1 unit)), ok. A window the sales do not cover yet is pending.\n' +
      '--json: {salesThrough, summary: {total, evaluated, pending, byVerdict, meanAbsoluteForecastError,\n' +
      '  weightedAbsolutePercentError, stockoutRate, stockoutDayRate, lostUnits}, outcomes: [{planId, planDate, item, verdict, …}]}',
    options: { plan: { type: 'string' }, verdict: { type: 'string', multiple: true }, recompute: { type: 'boolean' } },
  },
  po: {
    summary: 'Purchase orders: `po create` from the current plan, `po export OUT.xlsx|csv|pdf`, `po list`',
    usage: 'replenish po create [--supplier NAME …] [--json]\nreplenish po export OUT.xlsx|OUT.csv|OUT.pdf [--po NUMBER …]\nreplenish po list [--json]',
    options: { supplier: { type: 'string', multiple: true }, po: { type: 'string', multiple: true } },
  },
  bench: {
    summary: 'The lost-sales benchmark: exact optimum, best base-stock and capped base-stock (and PPO) for one instance',
    usage:
      'replenish bench lost-sales --lead-time L --penalty P [--demand poisson|geometric|negbin] [--mean M] [--cv C] [--holding H] [--policy LIST] [--json]',
    options: {
      'lead-time': { type: 'string' },
      penalty: { type: 'string' },
      holding: { type: 'string' },
      demand: { type: 'string' },
      mean: { type: 'string' },
      cv: { type: 'string' },
      policy: { type: 'string' },
      seconds: { type: 'string' },
      seed: { type: 'string' },
    },
  },
  backup: {
    summary: 'Back up the database (a verified copy, in the backups folder or --out FILE)',
    usage: 'replenish backup [--out FILE] [--json]',
    options: { out: { type: 'string' } },
  },
  restore: {
    summary: 'Restore the database from a backup (the current one is kept as .before-restore)',
    usage: 'replenish restore FILE [--json]',
    options: {},
  },
  serve: {
    summary: 'Open the dashboard in a browser (served on 127.0.0.1 only)',
    usage: 'replenish serve [--port N] [--open]',
    options: { port: { type: 'string' }, open: { type: 'boolean' } },
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof commands;
