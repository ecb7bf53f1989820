/**
 * The units an import adds to daily demand, summed while its lines are written: per item and day,
 * the quantities of the lines actually stored (a line stored before is not counted again). Adding
 * these to daily_sales (SalesRepository.addDaily) gives the same totals as re-deriving them from
 * every stored line, without reading any line back — on a first import of a million lines that
 * read was a second pass over the whole table.
 *
 * An import touches up to a million (item, day) pairs, so the sums live in typed arrays (open
 * addressing, linear probing) keyed by item id and the day's number in this import's list of
 * distinct days: a Map of Maps keyed by date text cost 1.4 s of CPU per million lines.
 */
export class DailyTotals {
  /** Item id per slot; 0 marks an empty slot (database ids start at 1). */
  private itemIds = new Int32Array(1 << 16);
  private dayNumbers = new Int32Array(1 << 16);
  private units = new Float64Array(1 << 16);
  private used = 0;
  private readonly dayNumberOf = new Map<string, number>();
  private readonly days: string[] = [];

  add(itemId: number, day: string, units: number): void {
    if (!(itemId > 0)) throw new Error(`DailyTotals: item id ${itemId} is not a database id`);
    let dayNumber = this.dayNumberOf.get(day);
    if (dayNumber === undefined) {
      dayNumber = this.days.length;
      this.days.push(day);
      this.dayNumberOf.set(day, dayNumber);
    }
    if ((this.used + 1) * 2 > this.itemIds.length) this.grow();
    const slot = this.slotOf(itemId, dayNumber);
    if (this.itemIds[slot] === 0) {
      this.itemIds[slot] = itemId;
      this.dayNumbers[slot] = dayNumber;
      this.used++;
    }
    this.units[slot] += units;
  }

  /** How many (item, day) totals there are. */
  get size(): number {
    return this.used;
  }

  /** The totals as columns, by item, then day: daily_sales' key order, so its rows are written in order. */
  sorted(): { itemIds: Int32Array; days: string[]; units: Float64Array } {
    const dayCount = this.days.length;
    const byDate = this.days.map((_, dayNumber) => dayNumber).sort((a, b) => (this.days[a] < this.days[b] ? -1 : 1));
    const rank = new Int32Array(dayCount);
    byDate.forEach((dayNumber, position) => (rank[dayNumber] = position));
    // One number per total, item first then date rank, sorted as numbers (exact below 2^53).
    const order = new Float64Array(this.used);
    let next = 0;
    for (let slot = 0; slot < this.itemIds.length; slot++) {
      if (this.itemIds[slot] !== 0) order[next++] = this.itemIds[slot] * dayCount + rank[this.dayNumbers[slot]];
    }
    order.sort();
    const columns = { itemIds: new Int32Array(this.used), days: new Array<string>(this.used), units: new Float64Array(this.used) };
    for (let index = 0; index < this.used; index++) {
      const itemId = Math.floor(order[index] / dayCount);
      const dayNumber = byDate[order[index] - itemId * dayCount];
      columns.itemIds[index] = itemId;
      columns.days[index] = this.days[dayNumber];
      columns.units[index] = this.units[this.slotOf(itemId, dayNumber)];
    }
    return columns;
  }

  /** The slot holding (itemId, dayNumber), or the empty slot where it belongs. */
  private slotOf(itemId: number, dayNumber: number): number {
    const mask = this.itemIds.length - 1;
    // Multiplying only mixes upwards: fold the high bits back down before masking.
    const hash = Math.imul(itemId ^ Math.imul(dayNumber, 0x85ebca6b), 0x9e3779b1);
    let slot = (hash ^ (hash >>> 15)) & mask;
    while (this.itemIds[slot] !== 0 && (this.itemIds[slot] !== itemId || this.dayNumbers[slot] !== dayNumber)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { itemIds, dayNumbers, units } = this;
    this.itemIds = new Int32Array(itemIds.length * 2);
    this.dayNumbers = new Int32Array(itemIds.length * 2);
    this.units = new Float64Array(itemIds.length * 2);
    for (let slot = 0; slot < itemIds.length; slot++) {
      if (itemIds[slot] === 0) continue;
      const target = this.slotOf(itemIds[slot], dayNumbers[slot]);
      this.itemIds[target] = itemIds[slot];
      this.dayNumbers[target] = dayNumbers[slot];
      this.units[target] = units[slot];
    }
  }
}
