/**
 * A set of 64-bit keys — sales line identities, hashed by app/import/recordKey.ts and stored in
 * sales_line_blocks — given as unsigned 32-bit halves, in typed arrays (open addressing, linear
 * probing): a million keys take 16 MB and create no garbage, where a Set of strings would take
 * several times that.
 */
/**
 * Slots in use at most before the table grows. Linear probing stays short up to about this: the
 * slots a probe visits are neighbours in memory, and a smaller table misses the caches less (a
 * million keys into 2M slots took 140 ms, into 4M slots 255 ms).
 */
const MAX_LOAD = 0.7;

export class KeySet {
  private slots: Uint32Array;
  private used = 0;
  /** (0, 0) marks an empty slot: the key 0 is kept here instead. */
  private containsZero = false;

  /** `expected`: how many keys it will probably hold (sized once instead of grown step by step). */
  constructor(expected = 0) {
    let capacity = 1024;
    while (capacity * MAX_LOAD < expected) capacity *= 2;
    this.slots = new Uint32Array(2 * capacity);
  }

  /** Adds the key; false when it was already present. */
  add(high: number, low: number): boolean {
    if (high === 0 && low === 0) {
      if (this.containsZero) return false;
      this.containsZero = true;
      this.used++;
      return true;
    }
    if (this.used + 1 > (this.slots.length / 2) * MAX_LOAD) this.grow();
    const mask = this.slots.length / 2 - 1;
    let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
    for (;;) {
      const storedHigh = this.slots[slot * 2];
      const storedLow = this.slots[slot * 2 + 1];
      if (storedHigh === 0 && storedLow === 0) {
        this.slots[slot * 2] = high;
        this.slots[slot * 2 + 1] = low;
        this.used++;
        return true;
      }
      if (storedHigh === high && storedLow === low) return false;
      slot = (slot + 1) & mask;
    }
  }

  has(high: number, low: number): boolean {
    if (high === 0 && low === 0) return this.containsZero;
    const mask = this.slots.length / 2 - 1;
    let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
    for (;;) {
      const storedHigh = this.slots[slot * 2];
      const storedLow = this.slots[slot * 2 + 1];
      if (storedHigh === high && storedLow === low) return true;
      if (storedHigh === 0 && storedLow === 0) return false;
      slot = (slot + 1) & mask;
    }
  }

  get size(): number {
    return this.used;
  }

  private grow(): void {
    const old = this.slots;
    // Grow fourfold: fewer rehashes of a table that ends up holding every line of a big file.
    this.slots = new Uint32Array(old.length * 4);
    this.used = this.containsZero ? 1 : 0;
    for (let slot = 0; slot < old.length; slot += 2) {
      if (old[slot] !== 0 || old[slot + 1] !== 0) this.add(old[slot], old[slot + 1]);
    }
  }
}
