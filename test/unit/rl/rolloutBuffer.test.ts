import { describe, expect, it } from 'vitest';
import { RolloutBuffer, generalizedAdvantages } from '../../../app/rl/rolloutBuffer';

describe('GAE(γ, λ)', () => {
  it('matches a hand computation with an episode boundary in the middle', () => {
    // One lane, 3 steps, γ = 0.9, λ = 0.8; the transition at t = 1 ends its episode.
    // δ2 = 3 + 0.9·4 − 0.5        = 6.1           A2 = 6.1
    // δ1 = 2 + 0 − 2              = 0             A1 = 0            (done: nothing flows back from t = 2)
    // δ0 = 1 + 0.9·2 − 1          = 1.8           A0 = 1.8 + 0.72·0 = 1.8
    const out = new Float32Array(3);
    generalizedAdvantages(
      { rewards: [1, 2, 3], values: [1, 2, 0.5], dones: [0, 1, 0], lastValues: [4], steps: 3, lanes: 1 },
      0.9,
      0.8,
      out,
    );
    expect(out[2]).toBeCloseTo(6.1, 5);
    expect(out[1]).toBeCloseTo(0, 5);
    expect(out[0]).toBeCloseTo(1.8, 5);
  });

  it('accumulates γλ-discounted TD errors without a boundary, lanes interleaved time-major', () => {
    // Two lanes; lane 1 is lane 0 with rewards doubled and values zero.
    // Lane 0: δ1 = 1 + 0.5·2 − 1 = 1, δ0 = 1 + 0.5·1 − 1 = 0.5; A1 = 1, A0 = 0.5 + 0.5·0.5·1 = 0.75.
    // Lane 1: δ1 = 2 + 0.5·0 − 0 = 2, δ0 = 2 + 0 − 0 = 2;    A1 = 2, A0 = 2 + 0.25·2 = 2.5.
    const buffer = new RolloutBuffer(2, 2, 1);
    buffer.rewards.set([1, 2, 1, 2]);
    buffer.values.set([1, 0, 1, 0]);
    buffer.computeAdvantages(Float32Array.of(2, 0), 0.5, 0.5);
    expect(Array.from(buffer.advantages)).toEqual([0.75, 2.5, 1, 2]);
    // Returns are the critic's targets: advantages + values.
    expect(Array.from(buffer.returns)).toEqual([1.75, 2.5, 2, 2]);
  });

  it('with λ = 1 gives discounted returns minus values (Monte Carlo with bootstrap)', () => {
    const out = new Float32Array(3);
    generalizedAdvantages({ rewards: [1, 1, 1], values: [0, 0, 0], dones: [0, 0, 0], lastValues: [10], steps: 3, lanes: 1 }, 0.5, 1, out);
    // G2 = 1 + 0.5·10 = 6, G1 = 1 + 3 = 4, G0 = 1 + 2 = 3.
    expect(Array.from(out)).toEqual([3, 4, 6]);
  });
});
