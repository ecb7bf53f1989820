/**
 * Supplier terms carried by item-master rows. Planners repeat a supplier's terms on every item row
 * of that supplier, so one supplier appears on many rows. The rows that give a value must agree:
 * two different minimums are an error naming both rows, never "the last row wins", because the
 * importer cannot know which one the planner meant. A row whose cell is empty says nothing about
 * the terms, so the stored value stays (store: ItemsRepository.upsertMaster).
 */

/** The row that first gave a supplier's minimum order value, and the value. */
export interface EarlierSupplierMinimum {
  row: number;
  value: number;
}

/** The minimum order value each supplier was given so far in one file. */
export class SupplierMinimums {
  private readonly bySupplier = new Map<string, EarlierSupplierMinimum>();

  /**
   * Records `value` for `supplier` from `row` when it is the first; returns the earlier row when
   * it gave a different value (undefined when the rows agree).
   */
  disagreement(supplier: string, value: number, row: number): EarlierSupplierMinimum | undefined {
    const earlier = this.bySupplier.get(supplier);
    if (earlier === undefined) {
      this.bySupplier.set(supplier, { row, value });
      return undefined;
    }
    return earlier.value === value ? undefined : earlier;
  }
}

/** One supplier whose minimum order value an import changed (null: none). */
export interface SupplierMinimumChange {
  supplier: string;
  before: number | null;
  after: number | null;
}

/** Suppliers whose minimum differs between two readings of the store (by name), in name order. */
export function supplierMinimumChanges(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): SupplierMinimumChange[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .map((supplier) => ({ supplier, before: before.get(supplier) ?? null, after: after.get(supplier) ?? null }))
    .filter((change) => change.before !== change.after)
    .sort((a, b) => a.supplier.localeCompare(b.supplier));
}

const NOTE_SUPPLIERS = 5;

/** The import summary's note: how many suppliers' minimums changed, the first few named, and the currency. */
export function supplierMinimumNote(changes: readonly SupplierMinimumChange[], currency: string): string {
  const shown = changes.slice(0, NOTE_SUPPLIERS).map(({ supplier, before, after }) => `${supplier} ${before ?? 'none'} → ${after ?? 'none'}`);
  const more = changes.length > NOTE_SUPPLIERS ? `, and ${changes.length - NOTE_SUPPLIERS} more` : '';
  return `Minimum order value (${currency}) changed for ${changes.length} supplier${changes.length === 1 ? '' : 's'}: ${shown.join(', ')}${more}.`;
}
