/** The one policy that serves the whole catalogue is stored under this kind. */
export const cataloguePolicyKind = 'ppo-catalogue';

/** How the catalogue policy did against an item's tuned classical policy (stored with the policy). */
export interface ItemComparison {
  item: string;
  itemId: number;
  ppoCost: number;
  ppoStandardError: number;
  classicalPolicy: string;
  classicalCost: number;
  classicalStandardError: number;
  /** PPO is used for this item only when it is cheaper beyond two standard errors of the difference. */
  usePpo: boolean;
}
