/**
 * The exact part of `replenish bench lost-sales`: for one instance of the single-item lost-sales
 * model, the long-run average cost of the optimal policy, the best base-stock policy and the best
 * capped base-stock policy — the `--json` shape of ../shared/docs/CLI.md (the host adds `ppo`).
 */
import { fail, ok } from '../common/result';
import type { Result } from '../common/result';
import { discreteDemand } from './demandDistribution';
import type { DemandKind } from './demandDistribution';
import { optimiseBaseStock, optimiseCappedBaseStock } from './baseStock';
import { optimalSpaceBounds, solveOptimal } from './optimal';
import type { OptimalSolution } from './optimal';
import { MAX_STATES } from './stateSpace';
import type { InventoryModel } from './stateSpace';

export type ExactPolicyName = 'optimal' | 'base-stock' | 'capped-base-stock';
export const EXACT_POLICIES: readonly ExactPolicyName[] = ['optimal', 'base-stock', 'capped-base-stock'];

export interface LostSalesInstance {
  leadTime: number;
  penalty: number;
  /** Holding cost per unit per period (default 1). */
  holding?: number;
  /** Demand distribution (default poisson). */
  demand?: DemandKind;
  /** Mean demand per period (default 5). */
  mean?: number;
  /** Coefficient of variation; required for negbin, implied by the mean otherwise. */
  cv?: number;
}

export interface ExactPolicyResult {
  policy: ExactPolicyName;
  cost: number;
  /**
   * optimal: {iterations, span, positionBound}; base-stock: {baseStockLevel};
   * capped-base-stock: {baseStockLevel, orderCap} with orderCap null when no cap helps (r = ∞).
   */
  params?: Record<string, number | null>;
}

export interface LostSalesBenchmarkResult {
  instance: { leadTime: number; penalty: number; holding: number; demand: DemandKind; mean: number; cv: number };
  results: ExactPolicyResult[];
}

/** Validate an instance and turn it into the model the solvers take. */
export function lostSalesModel(instance: LostSalesInstance): Result<InventoryModel> {
  const { leadTime, penalty } = instance;
  const holding = instance.holding ?? 1;
  if (!Number.isInteger(leadTime) || leadTime < 1 || leadTime > 12) {
    return fail('invalid-input', `--lead-time must be a whole number of periods from 1 to 12, got ${leadTime}.`);
  }
  if (!Number.isFinite(penalty) || penalty <= 0) return fail('invalid-input', `--penalty must be positive, got ${penalty}.`);
  if (!Number.isFinite(holding) || holding <= 0) return fail('invalid-input', `holding cost must be positive, got ${holding}.`);
  const demand = discreteDemand({ kind: instance.demand ?? 'poisson', mean: instance.mean ?? 5, cv: instance.cv });
  if (!demand.ok) return demand;
  return ok({ leadTime, holding, penalty, shortage: 'lost-sales', demand: demand.value });
}

/**
 * Solve the requested policies exactly. Refuses (as data) instances whose state space is too big
 * for an exact solution, rather than running for hours.
 */
export function solveLostSalesBenchmark(
  instance: LostSalesInstance,
  policies: readonly ExactPolicyName[] = EXACT_POLICIES,
): Result<LostSalesBenchmarkResult> {
  const built = lostSalesModel(instance);
  if (!built.ok) return built;
  const model = built.value;
  for (const policy of policies) {
    if (!EXACT_POLICIES.includes(policy)) {
      return fail('invalid-input', `Unknown policy "${String(policy)}": use ${EXACT_POLICIES.join(', ')}.`);
    }
  }
  const { states } = optimalSpaceBounds(model);
  if (states > MAX_STATES) {
    return fail(
      'invalid-input',
      `This instance needs ${states.toExponential(2)} states for the exact solution (limit ${MAX_STATES}); ` +
        'use a shorter lead time, a smaller mean demand or a lower penalty.',
    );
  }
  const results: ExactPolicyResult[] = [];
  for (const policy of policies) {
    if (policy === 'optimal') {
      const solution = solveOptimal(model);
      if (!solution.converged) return fail('internal', `Value iteration did not converge (span ${solution.span}).`);
      results.push({
        policy,
        cost: solution.averageCost,
        params: { iterations: solution.iterations, span: solution.span, positionBound: solution.space.positionMax },
      });
    } else if (policy === 'base-stock') {
      const best = optimiseBaseStock(model);
      results.push({ policy, cost: best.cost, params: { baseStockLevel: best.level } });
    } else {
      const best = optimiseCappedBaseStock(model);
      results.push({ policy, cost: best.cost, params: { baseStockLevel: best.level, orderCap: best.cap } });
    }
  }
  const { demand } = model;
  return ok({
    instance: {
      leadTime: model.leadTime,
      penalty: model.penalty,
      holding: model.holding,
      demand: instance.demand ?? 'poisson',
      mean: demand.mean,
      cv: demand.cv,
    },
    results,
  });
}

/** The optimal policy of an instance, for comparing a learned policy's actions state by state. */
export function solveLostSalesOptimalPolicy(instance: LostSalesInstance): Result<OptimalSolution> {
  const built = lostSalesModel(instance);
  if (!built.ok) return built;
  const { states } = optimalSpaceBounds(built.value);
  if (states > MAX_STATES) return fail('invalid-input', `This instance needs ${states} states for the exact solution (limit ${MAX_STATES}).`);
  return ok(solveOptimal(built.value));
}
