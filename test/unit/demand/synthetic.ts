/** Seeded synthetic demand histories with known parameters, for the recovery tests. */
import { Rng } from '../../../app/random/rng';
import { weekdayOf } from '../../../app/demand/calendar';

export interface SmoothSpec {
  seed: number;
  days: number;
  /** Day number of day 0. */
  startDay: number;
  level: number;
  /** Multiplicative weekday factors (0 = Sunday); 0 marks a closed weekday. */
  dayOfWeek: number[];
  dispersion: number;
  /** Yearly factor 1 + amplitude · sin(2π · dayOfYear / 365.25). */
  yearlyAmplitude?: number;
  /** Promotion days and their uplift. */
  promotions?: Uint8Array;
  uplift?: number;
}

export function yearlyFactor(amplitude: number, dayNumber: number): number {
  return 1 + amplitude * Math.sin((2 * Math.PI * dayNumber) / 365.25);
}

export function smoothSeries(spec: SmoothSpec): Float64Array {
  const rng = new Rng(spec.seed);
  const values = new Float64Array(spec.days);
  for (let t = 0; t < spec.days; t++) {
    const day = spec.startDay + t;
    let mean = spec.level * spec.dayOfWeek[weekdayOf(day)] * yearlyFactor(spec.yearlyAmplitude ?? 0, day);
    if (spec.promotions?.[t]) mean *= spec.uplift ?? 1;
    values[t] = rng.negativeBinomial(mean, spec.dispersion);
  }
  return values;
}

/** Demand on each day with probability `probability`, size 1 + NB(sizeMean − 1, sizeDispersion). */
export function intermittentSeries(seed: number, days: number, probability: number, sizeMean: number, sizeDispersion: number): Float64Array {
  const rng = new Rng(seed);
  const values = new Float64Array(days);
  for (let t = 0; t < days; t++) {
    if (rng.uniform() < probability) values[t] = 1 + rng.negativeBinomial(sizeMean - 1, sizeDispersion);
  }
  return values;
}
