/**
 * The contract between the simulator and a reorder policy. Policies are vectorised: one call
 * decides the raw order quantity of every lane, so a policy never costs a function call per lane.
 * The simulator then applies the review calendar and the order rules (MOQ, multiples) itself,
 * so every policy is subject to them the same way.
 */
export interface PolicyState {
  /** Number of lanes; lane = item × pathCount + path. */
  readonly lanes: number;
  readonly pathCount: number;
  /** Item index of each lane (policies keep their parameters per item). */
  readonly laneItem: Int32Array;
  /** The current period (warm-up included). */
  readonly period: number;
  /** On-hand after this period's arrivals (negative = backlog). Read only. */
  readonly onHand: Float64Array;
  /** On-hand plus everything on order. Read only. */
  readonly inventoryPosition: Float64Array;
  /**
   * Orders still to arrive, by arrival period, soonest first: lane i's k-th entry
   * `pipeline[i * pipelineLength + k]` arrives k + 1 periods from now. Filled only for policies
   * with `usesPipeline` (it costs lanes × longest lead time per period).
   */
  readonly pipeline: Float64Array;
  readonly pipelineLength: number;
}

export interface ReorderPolicy {
  /** Short name for reports, e.g. "base-stock". */
  readonly name: string;
  readonly usesPipeline?: boolean;
  /** Items the policy holds parameters for, when it holds them per item; a mismatch is refused. */
  readonly itemCount?: number;
  /** Write each lane's raw order quantity (units, may be ≤ 0 for none) into `quantity`. */
  decide(state: PolicyState, quantity: Float64Array): void;
}
