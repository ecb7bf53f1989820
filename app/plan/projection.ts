/**
 * Projected on-hand stock for the coming days on sample paths of the item's demand model, with
 * and without today's order: what the "Why this quantity?" panel draws. No further orders are
 * placed after today, so the picture shows what this one decision buys. Lost sales (a customer
 * who finds an empty shelf walks away).
 */
export interface ProjectionInput {
  onHand: number;
  /** Units arriving at the start of day k (k ≥ 1), open orders included. */
  arrivals: { day: number; quantity: number }[];
  order: { day: number; quantity: number } | null;
  /** Demand paths, path-major: paths × days. */
  demand: Float64Array;
  paths: number;
  days: number;
}

export interface ProjectionBand {
  /** Per day: 10 %, 50 % and 90 % quantiles of on-hand at the end of the day, and the mean. */
  low: number[];
  median: number[];
  high: number[];
  mean: number[];
  /** Share of paths that run out (a day with unmet demand) within the horizon. */
  stockoutProbability: number;
}

export function projectOnHand(input: ProjectionInput): ProjectionBand {
  const { paths, days, demand } = input;
  const incoming = new Float64Array(days + 1);
  for (const arrival of input.arrivals) if (arrival.day >= 0 && arrival.day <= days) incoming[arrival.day] += arrival.quantity;
  if (input.order && input.order.day <= days) incoming[input.order.day] += input.order.quantity;
  const levels = new Float64Array(paths * days);
  let stockouts = 0;
  for (let path = 0; path < paths; path++) {
    let stock = input.onHand + incoming[0];
    let ranOut = false;
    for (let day = 0; day < days; day++) {
      if (day > 0) stock += incoming[day];
      const want = demand[path * days + day];
      if (want > stock) ranOut = true;
      stock = Math.max(0, stock - want);
      levels[path * days + day] = stock;
    }
    if (ranOut) stockouts++;
  }
  const low: number[] = [];
  const median: number[] = [];
  const high: number[] = [];
  const mean: number[] = [];
  const column = new Float64Array(paths);
  for (let day = 0; day < days; day++) {
    let sum = 0;
    for (let path = 0; path < paths; path++) {
      column[path] = levels[path * days + day];
      sum += column[path];
    }
    column.sort();
    const at = (probability: number): number => column[Math.min(paths - 1, Math.floor(probability * paths))];
    low.push(at(0.1));
    median.push(at(0.5));
    high.push(at(0.9));
    mean.push(sum / paths);
  }
  return { low, median, high, mean, stockoutProbability: stockouts / paths };
}
