import { initialSchema } from './001_initial';
import { classicalPolicies } from './002_classical_policies';
import type { Migration } from './types';

/** Every migration, oldest first. Add a new file per schema change; never edit a shipped one. */
export const migrations: readonly Migration[] = [initialSchema, classicalPolicies];

export type { Migration };
