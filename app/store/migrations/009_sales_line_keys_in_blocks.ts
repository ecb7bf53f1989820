import type { Migration } from './types';

/**
 * sales_line_keys goes: a line's identity is kept only in its block (sales_line_blocks.row_keys),
 * and whoever stores lines checks them against the stored keys read from the blocks
 * (SalesRepository.storedKeys), holding them in memory for the transaction.
 *
 * Why: filling the key table was the largest step left after the last line of a big import was
 * read — a million keys sorted and appended took 0.36–0.54 s, and its 13 MB of pages were written
 * twice more (the WAL, then the checkpoint). Reading a million stored keys from the blocks takes
 * about a tenth of a second, and none on a first import. The cost moves to small imports into
 * big databases, which now read every stored key once.
 *
 * No VACUUM: the table's pages go to the free list, and the next import's blocks reuse them.
 */
export const salesLineKeysInBlocks: Migration = {
  version: 9,
  name: 'sales line keys only in their blocks',
  sql: `
DROP TABLE sales_line_keys;
`,
};
