import { initialSchema } from './001_initial';
import { classicalPolicies } from './002_classical_policies';
import { recommendationOutcomes } from './003_recommendation_outcomes';
import { integerRowKeys } from './004_integer_row_keys';
import { trainingRunOwners } from './005_training_run_owners';
import { dailyDemandWithoutLineIndex } from './006_daily_demand_without_line_index';
import { salesLineKeyTable } from './007_sales_line_key_table';
import { salesLineBlocks } from './008_sales_line_blocks';
import { salesLineKeysInBlocks } from './009_sales_line_keys_in_blocks';
import { blockTextsInRuns } from './010_block_texts_in_runs';
import type { Migration } from './types';

/** Every migration, oldest first. Add a new file per schema change; never edit a shipped one. */
export const migrations: readonly Migration[] = [
  initialSchema, classicalPolicies, recommendationOutcomes, integerRowKeys, trainingRunOwners, dailyDemandWithoutLineIndex,
  salesLineKeyTable, salesLineBlocks, salesLineKeysInBlocks, blockTextsInRuns];

export type { Migration };
