/**
 * Intermittent-demand model, Teunter–Syntetos–Babai (2011): on open day t demand occurs with
 * probability q = min(1, s_t · p) (s_t the seasonal factor) and then has size 1 + NB(u_t·z − 1, k)
 * (u_t the promotion uplift). p is smoothed every open day (p' = p + αp (o − q)), the size z only
 * on demand days (z' = z + αz (y/u − z)), so an item that stops selling sees p decay — the fix
 * TSB brings over Croston. Both updates are martingales, which makes the horizon moments exact
 * apart from the cap q ≤ 1.
 */
import type { Rng } from '../random/rng';
import { fitDispersion, negBinTotalLogLik, summariseCounts } from './negbin';
import type { HorizonMoments } from './smooth';
import type { IntermittentModel } from './types';

const PROBABILITY_ALPHAS = [0.01, 0.02, 0.05, 0.1, 0.2];
const SIZE_ALPHAS = [0.02, 0.05, 0.1, 0.2, 0.3];
const MIN_EXCESS_SIZE = 1e-3;

export interface IntermittentFit {
  model: IntermittentModel;
  logLikelihood: number;
  parameterCount: number;
}

interface FilterResult {
  squaredError: number;
  probability: number;
  size: number;
}

function filter(
  observed: Float64Array,
  season: Float64Array,
  uplift: Float64Array,
  count: number,
  alphaProbability: number,
  alphaSize: number,
  initialProbability: number,
  initialSize: number,
  record: { occurrence: Float64Array; sizeMean: Float64Array } | null,
): FilterResult {
  let probability = initialProbability;
  let size = initialSize;
  let squaredError = 0;
  for (let i = 0; i < count; i++) {
    const occurrence = Math.min(1, season[i] * probability);
    const sizeMean = uplift[i] * size;
    if (record) {
      record.occurrence[i] = occurrence;
      record.sizeMean[i] = sizeMean;
    }
    const y = observed[i];
    const error = y - occurrence * sizeMean;
    squaredError += error * error;
    const occurred = y > 0 ? 1 : 0;
    probability = Math.max(0, probability + alphaProbability * (occurred - occurrence));
    if (occurred) size = Math.max(1, size + alphaSize * (y / uplift[i] - size));
  }
  return { squaredError, probability, size };
}

/** Fit the smoothing constants on a grid by one-step squared error, then the size dispersion by ML. */
export function fitIntermittent(observed: Float64Array, season: Float64Array, uplift: Float64Array, count: number): IntermittentFit {
  const warmup = Math.min(count, 56);
  let occurrences = 0;
  let seasonSum = 0;
  for (let i = 0; i < warmup; i++) {
    occurrences += observed[i] > 0 ? 1 : 0;
    seasonSum += season[i];
  }
  const initialProbability = seasonSum > 0 ? Math.max(occurrences, 0.5) / seasonSum : 0.5;
  let sizeSum = 0;
  let sizeCount = 0;
  for (let i = 0; i < count && sizeCount < 10; i++) {
    if (observed[i] > 0) {
      sizeSum += observed[i] / uplift[i];
      sizeCount++;
    }
  }
  const initialSize = sizeCount > 0 ? Math.max(1, sizeSum / sizeCount) : 1;

  let best = { alphaProbability: PROBABILITY_ALPHAS[0], alphaSize: SIZE_ALPHAS[0], squaredError: Infinity };
  for (const alphaProbability of PROBABILITY_ALPHAS) {
    for (const alphaSize of SIZE_ALPHAS) {
      const { squaredError } = filter(observed, season, uplift, count, alphaProbability, alphaSize, initialProbability, initialSize, null);
      if (squaredError < best.squaredError) best = { alphaProbability, alphaSize, squaredError };
    }
  }
  const record = { occurrence: new Float64Array(count), sizeMean: new Float64Array(count) };
  const state = filter(observed, season, uplift, count, best.alphaProbability, best.alphaSize, initialProbability, initialSize, record);

  // Size dispersion from the demand days: y − 1 ~ NB(sizeMean − 1, k).
  const excess = new Float64Array(count);
  const excessMean = new Float64Array(count);
  let demandDays = 0;
  for (let i = 0; i < count; i++) {
    if (observed[i] <= 0) continue;
    excess[demandDays] = observed[i] - 1;
    excessMean[demandDays] = Math.max(MIN_EXCESS_SIZE, record.sizeMean[i] - 1);
    demandDays++;
  }
  const summary = summariseCounts(excess, demandDays);
  const sizeDispersion = fitDispersion(excess, excessMean, demandDays, summary);

  // Bernoulli occurrence on every open day, shifted NB size on demand days.
  let logLikelihood = negBinTotalLogLik(summary, excess, excessMean, demandDays, sizeDispersion);
  for (let i = 0; i < count; i++) {
    const q = Math.min(1 - 1e-9, Math.max(1e-9, record.occurrence[i]));
    logLikelihood += observed[i] > 0 ? Math.log(q) : Math.log(1 - q);
  }
  return {
    model: {
      kind: 'intermittent',
      alphaProbability: best.alphaProbability,
      alphaSize: best.alphaSize,
      probability: state.probability,
      size: state.size,
      sizeDispersion,
    },
    logLikelihood,
    // αp, αz, initial p, initial size, size dispersion.
    parameterCount: 5,
  };
}

/** Sample paths into `out` (paths × horizon); season[t] = 0 marks a closed day. */
export function simulateIntermittent(
  model: IntermittentModel,
  season: Float64Array,
  uplift: Float64Array,
  paths: number,
  rng: Rng,
  out: Float64Array,
): void {
  const horizon = season.length;
  const { alphaProbability, alphaSize, sizeDispersion } = model;
  for (let path = 0; path < paths; path++) {
    let probability = model.probability;
    let size = model.size;
    const row = path * horizon;
    for (let t = 0; t < horizon; t++) {
      const s = season[t];
      if (s <= 0) {
        out[row + t] = 0;
        continue;
      }
      const occurrence = Math.min(1, s * probability);
      if (rng.uniform() < occurrence) {
        const demand = 1 + rng.negativeBinomial(uplift[t] * size - 1, sizeDispersion);
        out[row + t] = demand;
        probability += alphaProbability * (1 - occurrence);
        size = Math.max(1, size + alphaSize * (demand / uplift[t] - size));
      } else {
        out[row + t] = 0;
        probability = Math.max(0, probability - alphaProbability * occurrence);
      }
    }
  }
}

/**
 * Moments of the TSB model over a horizon. p and z are independent martingales, so with
 * P, Z their (constant) means and Vp, Vz their growing variances:
 *   E[y_t] = s P u Z,  E[y_t²] = s P · E[size²],
 *   Cov(y_i, y_j) = s_j u_j (E[y_i p_{i+1} z_{i+1}] − E[y_i] P Z) for j > i,
 * and E[y_i p_{i+1} z_{i+1}] = s E[p (p + αp (1 − s p))] · E[u z² + αz v(z)/u] with v the size
 * variance. Exact except where s·p reaches the cap 1.
 */
export function intermittentMoments(model: IntermittentModel, season: Float64Array, uplift: Float64Array): HorizonMoments {
  const horizon = season.length;
  const { alphaProbability: a, alphaSize: b, probability: P, size: Z, sizeDispersion: k } = model;
  const mean = new Float64Array(horizon);
  const variance = new Float64Array(horizon);
  const crossTerm = new Float64Array(horizon);
  let varP = 0;
  let varZ = 0;
  let totalMean = 0;
  for (let t = 0; t < horizon; t++) {
    const s = season[t];
    if (s <= 0) continue;
    const u = uplift[t];
    const q = Math.min(1, s * P);
    const excess = Math.max(0, u * Z - 1);
    const sizeVariance = excess + (excess * excess + u * u * varZ) / k;
    const sizeSecondMoment = sizeVariance + u * u * (Z * Z + varZ);
    mean[t] = q * u * Z;
    variance[t] = q * sizeSecondMoment - mean[t] * mean[t];
    totalMean += mean[t];
    const pTerm = (P * P + varP) * (1 - a * s) + a * P;
    const zTerm = u * (Z * Z + varZ) + (b * sizeVariance) / u;
    crossTerm[t] = s * pTerm * zTerm - mean[t] * P * Z;
    varP += a * a * Math.max(0, q - s * s * (P * P + varP));
    varZ += (b * b * q * sizeVariance) / (u * u);
  }
  let totalVariance = 0;
  let laterWeight = 0;
  for (let t = horizon - 1; t >= 0; t--) {
    if (season[t] <= 0) continue;
    totalVariance += variance[t] + 2 * crossTerm[t] * laterWeight;
    laterWeight += season[t] * uplift[t];
  }
  return { mean, variance, totalMean, totalVariance };
}
