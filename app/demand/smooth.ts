/**
 * Smooth-demand model: level + damped additive trend exponential smoothing on the deseasonalised
 * series (x = y / season), negative-binomial observations around (level + φ·trend) · season.
 * State-space form over open days: m = ℓ + φb, e = x − m, ℓ' = m + αe, b' = φb + αβe.
 * Because sample paths feed their own draws back into the state, the level wanders in the future
 * exactly as it did in the history: that is the level uncertainty of the forecast.
 */
import type { Rng } from '../random/rng';
import { fitDispersion, negBinTotalLogLik, summariseCounts } from './negbin';
import type { SmoothModel } from './types';

const ALPHAS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5];
/** beta = 0 is "no trend"; the others are damped trends (φ < 1 so forecasts flatten out). */
const TRENDS = [
  { beta: 0, damping: 0 },
  { beta: 0.01, damping: 0.9 },
  { beta: 0.01, damping: 0.98 },
  { beta: 0.05, damping: 0.9 },
];
/** Keeps the NB mean positive: a zero mean makes any positive observation impossible. */
const MIN_MEAN = 1e-3;

export interface SmoothFit {
  model: SmoothModel;
  logLikelihood: number;
  parameterCount: number;
}

/**
 * One filtering pass. `observed[i]` is demand on the i-th open day, `factor[i]` its seasonal ×
 * promotion factor. Writes one-step-ahead means into `means` when given; returns the mean absolute
 * one-step error and the final state.
 */
function filter(
  observed: Float64Array,
  factor: Float64Array,
  count: number,
  alpha: number,
  beta: number,
  damping: number,
  initialLevel: number,
  means: Float64Array | null,
): { absError: number; level: number; trend: number } {
  let level = initialLevel;
  let trend = 0;
  let absError = 0;
  for (let i = 0; i < count; i++) {
    const m = level + damping * trend;
    const mean = Math.max(MIN_MEAN, m * factor[i]);
    if (means) means[i] = mean;
    absError += Math.abs(observed[i] - mean);
    const error = observed[i] / factor[i] - m;
    level = Math.max(0, m + alpha * error);
    trend = damping * trend + alpha * beta * error;
  }
  return { absError, level, trend };
}

/**
 * Fit in two steps. α per trend form by one-step mean absolute error on a grid (robust to the odd
 * huge order); then the trend form (none or one of the damped ones) by AIC of the NB one-step
 * likelihood, since error criteria alone let a trend chase noise: a trend costs two parameters and
 * must buy more than two log-likelihood units. The dispersion is the ML estimate around the
 * no-trend means (shared, so the AICs differ only through the means), re-estimated for the winner.
 */
export function fitSmooth(observed: Float64Array, factor: Float64Array, count: number): SmoothFit {
  const warmup = Math.min(count, 28);
  let initialLevel = 0;
  for (let i = 0; i < warmup; i++) initialLevel += observed[i] / factor[i];
  initialLevel = warmup > 0 ? initialLevel / warmup : 0;

  const perTrend = TRENDS.map(({ beta, damping }) => {
    let best = { alpha: ALPHAS[0], absError: Infinity };
    for (const alpha of ALPHAS) {
      const { absError } = filter(observed, factor, count, alpha, beta, damping, initialLevel, null);
      if (absError < best.absError) best = { alpha, absError };
    }
    return { alpha: best.alpha, beta, damping };
  });
  const summary = summariseCounts(observed, count);
  const logLikelihoodOf = (means: Float64Array, dispersion: number) => negBinTotalLogLik(summary, observed, means, count, dispersion);
  const means = new Float64Array(count);
  filter(observed, factor, count, perTrend[0].alpha, 0, 0, initialLevel, means);
  const sharedDispersion = fitDispersion(observed, means, count, summary);
  let best = { ...perTrend[0], aic: 2 * 3 - 2 * logLikelihoodOf(means, sharedDispersion) };
  for (const candidate of perTrend.slice(1)) {
    filter(observed, factor, count, candidate.alpha, candidate.beta, candidate.damping, initialLevel, means);
    const aic = 2 * 5 - 2 * logLikelihoodOf(means, sharedDispersion);
    if (aic < best.aic) best = { ...candidate, aic };
  }
  const state = filter(observed, factor, count, best.alpha, best.beta, best.damping, initialLevel, means);
  const dispersion = best.beta > 0 ? fitDispersion(observed, means, count, summary) : sharedDispersion;
  const logLikelihood = logLikelihoodOf(means, dispersion);
  return {
    model: {
      kind: 'smooth',
      alpha: best.alpha,
      beta: best.beta,
      damping: best.damping,
      level: state.level,
      trend: state.trend,
      dispersion,
    },
    logLikelihood,
    // α, initial level, dispersion, plus β and φ when a trend is used.
    parameterCount: best.beta > 0 ? 5 : 3,
  };
}

/**
 * Sample paths into `out` (paths × horizon, row-major). `factor[t]` is the seasonal × promotion
 * factor of future day t, 0 on closed days (no demand, no state update).
 */
export function simulateSmooth(model: SmoothModel, factor: Float64Array, paths: number, rng: Rng, out: Float64Array): void {
  const horizon = factor.length;
  const { alpha, beta, damping, dispersion } = model;
  for (let p = 0; p < paths; p++) {
    let level = model.level;
    let trend = model.trend;
    const row = p * horizon;
    for (let t = 0; t < horizon; t++) {
      const s = factor[t];
      if (s <= 0) {
        out[row + t] = 0;
        continue;
      }
      const m = level + damping * trend;
      const demand = rng.negativeBinomial(m * s, dispersion);
      out[row + t] = demand;
      const error = demand / s - m;
      level = Math.max(0, m + alpha * error);
      trend = damping * trend + alpha * beta * error;
    }
  }
}

export interface HorizonMoments {
  /** Expected demand per future day. */
  mean: Float64Array;
  /** Variance of demand per future day (observation noise + level uncertainty). */
  variance: Float64Array;
  /** Mean and variance of total demand over the whole horizon (covariances between days included). */
  totalMean: number;
  totalVariance: number;
}

/**
 * Exact moments of the state-space model (ignoring the level floor at 0). With the state
 * (ℓ, b), F = [[1, φ], [0, φ]] and g = (α, αβ): E[state] evolves by F, its covariance by
 * F P Fᵀ + g gᵀ σ², where σ² = E[Var(x | m)] = M/s + (M² + Var m)/k. The total over the horizon
 * is a constant plus Σ cᵢ eᵢ with uncorrelated innovations, so Var(total) = Σ cᵢ² σᵢ².
 */
export function smoothMoments(model: SmoothModel, factor: Float64Array): HorizonMoments {
  const horizon = factor.length;
  const { alpha, beta, damping: phi, dispersion } = model;
  const inverseK = 1 / dispersion;
  const mean = new Float64Array(horizon);
  const variance = new Float64Array(horizon);
  const innovationVariance = new Float64Array(horizon);
  let level = model.level;
  let trend = model.trend;
  let pLL = 0;
  let pLB = 0;
  let pBB = 0;
  const gL = alpha;
  const gB = alpha * beta;
  let totalMean = 0;
  for (let t = 0; t < horizon; t++) {
    const s = factor[t];
    if (s <= 0) continue;
    const m = level + phi * trend;
    const varM = pLL + 2 * phi * pLB + phi * phi * pBB;
    const sigma2 = m / s + (m * m + varM) * inverseK;
    innovationVariance[t] = sigma2;
    mean[t] = m * s;
    variance[t] = s * s * (varM + sigma2);
    totalMean += mean[t];
    // P' = F P Fᵀ + g gᵀ σ²
    const newLL = pLL + 2 * phi * pLB + phi * phi * pBB + gL * gL * sigma2;
    const newLB = phi * pLB + phi * phi * pBB + gL * gB * sigma2;
    const newBB = phi * phi * pBB + gB * gB * sigma2;
    pLL = newLL;
    pLB = newLB;
    pBB = newBB;
    level = m;
    trend = phi * trend;
  }
  // Backward pass: r = Σ_{later open days t} s_t · w · F^(steps between), w = (1, φ).
  let rL = 0;
  let rB = 0;
  let totalVariance = 0;
  for (let t = horizon - 1; t >= 0; t--) {
    const s = factor[t];
    if (s <= 0) continue;
    const c = s + rL * gL + rB * gB;
    totalVariance += c * c * innovationVariance[t];
    // r ← s·w + r·F, with r·F = (rL, φ·rL + φ·rB)
    const nextL = s + rL;
    const nextB = s * phi + phi * rL + phi * rB;
    rL = nextL;
    rB = nextB;
  }
  return { mean, variance, totalMean, totalVariance };
}
