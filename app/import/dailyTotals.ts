/**
 * The units an import adds to daily demand, summed while its lines are written: per item and day,
 * the quantities of the lines actually stored (a line stored before is not counted again). Adding
 * these to daily_sales (SalesRepository.addDaily) gives the same totals as re-deriving them from
 * every stored line, without reading any line back — on a first import of a million lines that
 * read was a second pass over the whole table.
 *
 * An import touches up to a million (item, day) pairs, so the sums live in one Float64Array (open
 * addressing, linear probing) of [key, units] pairs, the key being item id and day number in one
 * exact number: a Map of Maps keyed by date text cost 1.4 s of CPU per million lines, and separate
 * arrays per field one cache miss each per line.
 */

/** Day numbers are days since 1970-01-01 plus this, so that any year from 535 to 3405 is positive and below 2^20. */
const DAY_OFFSET = 1 << 19;
const DAYS_PER_ITEM = 1 << 20;
const MS_PER_DAY = 86_400_000;

export class DailyTotals {
  /** [key, units] per slot; key 0 marks an empty slot (item ids start at 1, so real keys are ≥ 2^20). */
  private slots = new Float64Array(2 << 16);
  private used = 0;
  private readonly dayNumberOf = new Map<string, number>();

  add(itemId: number, day: string, units: number): void {
    if (!(itemId > 0 && Number.isSafeInteger(itemId * DAYS_PER_ITEM))) throw new Error(`DailyTotals: item id ${itemId} is not a database id`);
    let dayNumber = this.dayNumberOf.get(day);
    if (dayNumber === undefined) {
      dayNumber = Math.round(Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY) + DAY_OFFSET;
      if (!(dayNumber > 0 && dayNumber < DAYS_PER_ITEM)) throw new Error(`DailyTotals: ${day} is not a date`);
      this.dayNumberOf.set(day, dayNumber);
    }
    if ((this.used + 1) * 4 > this.slots.length) this.grow();
    const key = itemId * DAYS_PER_ITEM + dayNumber;
    const slot = this.slotOf(key, itemId, dayNumber);
    if (this.slots[slot] === 0) {
      this.slots[slot] = key;
      this.used++;
    }
    this.slots[slot + 1] += units;
  }

  /** How many (item, day) totals there are. */
  get size(): number {
    return this.used;
  }

  /** The totals as columns, by item, then day: daily_sales' key order, so its rows are written in order. */
  sorted(): { itemIds: Int32Array; days: string[]; units: Float64Array } {
    // Keys order by item, then day, as numbers: sort them, then find each one's units again.
    const keys = new Float64Array(this.used);
    let next = 0;
    for (let slot = 0; slot < this.slots.length; slot += 2) if (this.slots[slot] !== 0) keys[next++] = this.slots[slot];
    keys.sort();
    const dayText = new Map<number, string>();
    for (const [day, dayNumber] of this.dayNumberOf) dayText.set(dayNumber, day);
    const columns = { itemIds: new Int32Array(this.used), days: new Array<string>(this.used), units: new Float64Array(this.used) };
    for (let index = 0; index < this.used; index++) {
      const key = keys[index];
      const itemId = Math.floor(key / DAYS_PER_ITEM);
      const dayNumber = key - itemId * DAYS_PER_ITEM;
      columns.itemIds[index] = itemId;
      columns.days[index] = dayText.get(dayNumber)!;
      columns.units[index] = this.slots[this.slotOf(key, itemId, dayNumber) + 1];
    }
    return columns;
  }

  /** The slot (index of its key) holding `key`, or the empty slot where it belongs. */
  private slotOf(key: number, itemId: number, dayNumber: number): number {
    const mask = this.slots.length / 2 - 1;
    // Multiplying only mixes upwards: fold the high bits back down before masking.
    const hash = Math.imul(itemId ^ Math.imul(dayNumber, 0x85ebca6b), 0x9e3779b1);
    let slot = (hash ^ (hash >>> 15)) & mask;
    while (this.slots[2 * slot] !== 0 && this.slots[2 * slot] !== key) slot = (slot + 1) & mask;
    return 2 * slot;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    for (let slot = 0; slot < old.length; slot += 2) {
      const key = old[slot];
      if (key === 0) continue;
      const itemId = Math.floor(key / DAYS_PER_ITEM);
      const target = this.slotOf(key, itemId, key - itemId * DAYS_PER_ITEM);
      this.slots[target] = key;
      this.slots[target + 1] = old[slot + 1];
    }
  }
}
