import type { Migration } from './types';

/**
 * No table changes: from this version on, a block's texts (sales_line_blocks.texts) are written as
 * runs of equal values (salesLineBlocks.ts) instead of one value per line, and blocks written
 * before stay as they are (both forms are read). The version number is what matters: a version of
 * Replenish from before it would fail on such blocks, so it must refuse the database, as it refuses
 * any database of a newer schema (database.ts).
 *
 * Why: the lines of one invoice share its number, customer and location; one value per line made
 * those texts 21 MB of the 70 MB a 1,000,000-line import wrote (twice: the WAL, then the
 * checkpoint); in runs they take 1.4 MB, about 180 runs per column of a 4,096-line block.
 */
export const blockTextsInRuns: Migration = {
  version: 10,
  name: 'sales line block texts in runs',
  sql: '-- no table changes: block texts are written as runs from this version on',
};
