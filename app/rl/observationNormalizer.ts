/**
 * Running mean and variance of observations (Chan et al.'s parallel update, as in CleanRL's
 * NormalizeObservation). The statistics are part of a saved policy: the network only ever saw
 * normalised inputs, so the same statistics must be applied at inference.
 */
export interface ObservationStatistics {
  mean: number[];
  variance: number[];
  count: number;
}

/** Normalised observations are clipped to ±this many standard deviations (CleanRL default 10). */
const clipRange = 10;
/** Added to the variance so that constant features (e.g. one instance's context) map to 0, not NaN. */
const varianceFloor = 1e-8;

export class ObservationNormalizer {
  readonly size: number;
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  count: number;
  /** Frozen normalisers (evaluation, inference) do not update their statistics. */
  frozen = false;
  private readonly batchMean: Float64Array;
  private readonly batchVariance: Float64Array;

  constructor(size: number, statistics?: ObservationStatistics) {
    this.size = size;
    this.mean = new Float64Array(size);
    this.variance = new Float64Array(size).fill(1);
    // A tiny prior count, as in CleanRL, so the first batch does not divide by zero.
    this.count = 1e-4;
    this.batchMean = new Float64Array(size);
    this.batchVariance = new Float64Array(size);
    if (statistics) this.load(statistics);
  }

  /** Fold a batch of `rows` observations (row-major) into the running statistics. */
  update(observations: Float32Array, rows: number): void {
    if (this.frozen) return;
    const { size, batchMean, batchVariance } = this;
    batchMean.fill(0);
    batchVariance.fill(0);
    for (let r = 0; r < rows; r++) for (let j = 0; j < size; j++) batchMean[j] += observations[r * size + j];
    for (let j = 0; j < size; j++) batchMean[j] /= rows;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < size; j++) {
        const d = observations[r * size + j] - batchMean[j];
        batchVariance[j] += d * d;
      }
    }
    const total = this.count + rows;
    for (let j = 0; j < size; j++) {
      const variance = batchVariance[j] / rows;
      const delta = batchMean[j] - this.mean[j];
      const m2 = this.variance[j] * this.count + variance * rows + ((delta * delta * this.count * rows) / total);
      this.mean[j] += (delta * rows) / total;
      this.variance[j] = m2 / total;
    }
    this.count = total;
  }

  /** Normalise `rows` observations from `input` into `out` (may be the same array). */
  normalize(input: Float32Array, rows: number, out: Float32Array): void {
    const { size, mean, variance } = this;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < size; j++) {
        const value = (input[r * size + j] - mean[j]) / Math.sqrt(variance[j] + varianceFloor);
        out[r * size + j] = value > clipRange ? clipRange : value < -clipRange ? -clipRange : value;
      }
    }
  }

  statistics(): ObservationStatistics {
    return { mean: Array.from(this.mean), variance: Array.from(this.variance), count: this.count };
  }

  load(statistics: ObservationStatistics): void {
    this.mean.set(statistics.mean);
    this.variance.set(statistics.variance);
    this.count = statistics.count;
  }
}
