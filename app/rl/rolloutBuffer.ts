/**
 * What one PPO rollout collects (steps × lanes, time-major: index = step * lanes + lane) and the
 * generalised advantage estimate computed from it. GAE lives here, apart from the network code,
 * so that it can be checked against a hand computation.
 */
export class RolloutBuffer {
  readonly steps: number;
  readonly lanes: number;
  readonly observationSize: number;
  readonly observations: Float32Array;
  readonly actions: Int32Array;
  readonly logProbs: Float32Array;
  readonly values: Float32Array;
  /** Rewards as the learner sees them (after centring; bootstrap of truncated lanes added). */
  readonly rewards: Float32Array;
  /** 1 where no value may flow from the next step into this one (the lane switched context). */
  readonly dones: Uint8Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;

  constructor(steps: number, lanes: number, observationSize: number) {
    this.steps = steps;
    this.lanes = lanes;
    this.observationSize = observationSize;
    const size = steps * lanes;
    this.observations = new Float32Array(size * observationSize);
    this.actions = new Int32Array(size);
    this.logProbs = new Float32Array(size);
    this.values = new Float32Array(size);
    this.rewards = new Float32Array(size);
    this.dones = new Uint8Array(size);
    this.advantages = new Float32Array(size);
    this.returns = new Float32Array(size);
  }

  /** Fill `advantages` and `returns` (= advantages + values, the critic's target). */
  computeAdvantages(lastValues: Float32Array, gamma: number, lambda: number): void {
    generalizedAdvantages(
      { rewards: this.rewards, values: this.values, dones: this.dones, lastValues, steps: this.steps, lanes: this.lanes },
      gamma,
      lambda,
      this.advantages,
    );
    for (let i = 0; i < this.returns.length; i++) this.returns[i] = this.advantages[i] + this.values[i];
  }
}

export interface GaeInput {
  rewards: ArrayLike<number>;
  values: ArrayLike<number>;
  /** dones[t] = 1: the transition at t ended its episode, so V(s_{t+1}) does not count. */
  dones: ArrayLike<number>;
  /** V of the observation after the last step, per lane (bootstrap for the unfinished rollout). */
  lastValues: ArrayLike<number>;
  steps: number;
  lanes: number;
}

/**
 * GAE(γ, λ) of Schulman et al. (2016), backwards in time per lane:
 *   δ_t = r_t + γ V(s_{t+1}) (1 − done_t) − V(s_t)
 *   A_t = δ_t + γ λ (1 − done_t) A_{t+1}
 * Accumulated in float64 so that long horizons with γ near 1 lose no precision.
 */
export function generalizedAdvantages(input: GaeInput, gamma: number, lambda: number, out: Float32Array): void {
  const { rewards, values, dones, lastValues, steps, lanes } = input;
  for (let lane = 0; lane < lanes; lane++) {
    let nextAdvantage = 0;
    let nextValue = lastValues[lane];
    for (let t = steps - 1; t >= 0; t--) {
      const index = t * lanes + lane;
      const notDone = 1 - dones[index];
      const delta = rewards[index] + gamma * nextValue * notDone - values[index];
      nextAdvantage = delta + gamma * lambda * notDone * nextAdvantage;
      out[index] = nextAdvantage;
      nextValue = values[index];
    }
  }
}
