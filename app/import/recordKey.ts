/**
 * Stable record identity. The key is a 64-bit hash (cyrb53's two 32-bit lanes, as 16 hex digits)
 * of the record's normalised fields (each tagged by type and followed by a separator), so the same line gives
 * the same key in a CSV, in the XLSX of the same data, and on a re-import — the store can ignore
 * keys it already has. Not cryptographic: a collision among n records has probability about
 * n² / 2⁶⁵ (≈ 3·10⁻⁶ for ten million records), acceptable for de-duplicating sales lines, and it
 * costs a few hundred nanoseconds per line, which a 1,000,000-row import needs.
 * Fields are hashed one after another without building a joined string (no garbage per row).
 */
import type { UnkeyedRecord } from './types';

const SEPARATOR = 0x1f;
let lane1 = 0;
let lane2 = 0;

function begin(): void {
  lane1 = 0xdeadbeef;
  lane2 = 0x41c6ce57;
}

function mix(code: number): void {
  lane1 = Math.imul(lane1 ^ code, 2654435761);
  lane2 = Math.imul(lane2 ^ code, 1597334677);
}

const float = new Float64Array(1);
const floatWords = new Uint32Array(float.buffer);

/**
 * Strings are hashed by UTF-16 code unit; numbers by value (small integers as one word, others
 * by their IEEE-754 bits), so 6 and 6.0 agree and no text is built for them. A tag before each
 * value keeps "" and 0 and a missing value apart.
 */
function add(value: string | number | undefined): void {
  if (typeof value === 'string') {
    mix(0x1e);
    for (let index = 0; index < value.length; index++) mix(value.charCodeAt(index));
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -0x40000000 && value < 0x40000000) {
      mix(0x1d);
      mix(value | 0);
    } else {
      mix(0x1c);
      float[0] = value;
      mix(floatWords[0]);
      mix(floatWords[1]);
    }
  }
  mix(SEPARATOR);
}

/**
 * The hash of a value given as bytes[start, end) of ASCII text: the same as `add` of the string
 * those bytes spell (an ASCII byte is its UTF-16 code unit), without making the string.
 */
function addAscii(bytes: Uint8Array, start: number, end: number): void {
  mix(0x1e);
  for (let index = start; index < end; index++) mix(bytes[index]);
  mix(SEPARATOR);
}

/**
 * The record hash field by field, for a caller that has the fields but no record
 * (csvSalesLines.ts): begin, the fields in recordKeyParts' order, finish. Gives what
 * recordKeyParts gives for the same values.
 */
export const fieldHash = {
  begin,
  value: add,
  ascii: addAscii,
  finish,
  /** The hash so far into `state`, to `resume` from later: fields every record of a run shares are hashed once. */
  save(state: Int32Array): void {
    state[0] = lane1;
    state[1] = lane2;
  },
  resume(state: Int32Array): void {
    lane1 = state[0];
    lane2 = state[1];
  },
};

/** Finishes the hash into `out` as [high, low] unsigned 32-bit halves. */
function finish(out: Uint32Array): void {
  let h1 = Math.imul(lane1 ^ (lane1 >>> 16), 2246822507);
  h1 ^= Math.imul(lane2 ^ (lane2 >>> 13), 3266489909);
  let h2 = Math.imul(lane2 ^ (lane2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = h2 >>> 0;
  out[1] = h1 >>> 0;
}

const HEX_CODES = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** The two halves of a key as its 16-hex-digit text (Number#toString(16) is slow in V8). */
export function keyText(high: number, low: number): string {
  return String.fromCharCode(
    HEX_CODES[high >>> 28], HEX_CODES[(high >>> 24) & 15], HEX_CODES[(high >>> 20) & 15], HEX_CODES[(high >>> 16) & 15],
    HEX_CODES[(high >>> 12) & 15], HEX_CODES[(high >>> 8) & 15], HEX_CODES[(high >>> 4) & 15], HEX_CODES[high & 15],
    HEX_CODES[low >>> 28], HEX_CODES[(low >>> 24) & 15], HEX_CODES[(low >>> 20) & 15], HEX_CODES[(low >>> 16) & 15],
    HEX_CODES[(low >>> 12) & 15], HEX_CODES[(low >>> 8) & 15], HEX_CODES[(low >>> 4) & 15], HEX_CODES[low & 15],
  );
}

/** Hash of the record's fields (`key` and `row` are not part of it) into `out` = [high, low]. */
export function recordKeyParts(record: UnkeyedRecord, out: Uint32Array): void {
  begin();
  add(record.kind);
  switch (record.kind) {
    case 'sales':
      add(record.date); add(record.time); add(record.periodDays); add(record.item); add(record.quantity);
      add(record.location); add(record.unitPrice); add(record.orderNumber); add(record.customer); add(record.description);
      break;
    case 'items':
      add(record.item); add(record.description); add(record.supplier); add(record.unitCost); add(record.currency);
      add(record.leadTimeDays); add(record.leadTimeSpreadDays); add(record.moq); add(record.orderMultiple);
      add(record.holdingCostRate); add(record.stockoutPenalty); add(record.serviceLevel); add(record.reviewPeriodDays);
      // Only when given: the keys of item rows without supplier terms stay what they were.
      if (record.supplierMinOrderValue !== undefined) add(record.supplierMinOrderValue);
      break;
    case 'inventory':
      add(record.item); add(record.asOfDate); add(record.quantity);
      break;
    case 'open-orders':
      add(record.poNumber); add(record.item); add(record.quantity); add(record.expectedDate); add(record.supplier);
      break;
  }
  finish(out);
}

const scratch = new Uint32Array(2);

/**
 * 64-bit hash of one text into `out` = [high, low]. Used to count distinct item codes: a Set of
 * freshly parsed strings costs most of a microsecond per row (every new string is hashed and
 * compared by V8), this a few dozen nanoseconds.
 */
export function textKeyParts(text: string, out: Uint32Array): void {
  begin();
  add(text);
  finish(out);
}

/**
 * Dense numbers 0, 1, 2 … for texts (item codes) in order of first appearance. Found by the text's
 * 64-bit hash (cheap for freshly parsed strings, see textKeyParts) and confirmed by comparing the
 * text itself, so two codes with the same hash still get two numbers.
 */
export class TextNumbers {
  private slots = new Uint32Array(2 * 1024);
  private numbers = new Int32Array(1024);
  private readonly texts: string[] = [];
  /** Texts whose hash belongs to another text (practically never used). */
  private readonly collided = new Map<string, number>();
  private readonly parts = new Uint32Array(2);

  numberOf(text: string): number {
    textKeyParts(text, this.parts);
    return this.numberOfHashed(this.parts[0], this.parts[1], text, undefined, 0, 0);
  }

  /**
   * The number of the ASCII text in bytes[start, end), making the text only when it is new
   * (the common case, a known item, makes no string). `decode` turns the bytes into the text.
   */
  numberOfAscii(bytes: Uint8Array, start: number, end: number, decode: (start: number, end: number) => string): number {
    begin();
    addAscii(bytes, start, end);
    finish(this.parts);
    return this.numberOfHashed(this.parts[0], this.parts[1], undefined, bytes, start, end, decode);
  }

  /** The text of a number given out. */
  textOf(number: number): string {
    return this.texts[number];
  }

  private numberOfHashed(high: number, low: number, knownText: string | undefined, bytes: Uint8Array | undefined, start: number, end: number,
    decode?: (start: number, end: number) => string): number {
    if (high === 0 && low === 0) low = 1;
    if ((this.texts.length + 1) * 2 > this.numbers.length) this.grow();
    const mask = this.numbers.length - 1;
    let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
    for (;;) {
      const storedHigh = this.slots[slot * 2];
      const storedLow = this.slots[slot * 2 + 1];
      if (storedHigh === 0 && storedLow === 0) {
        const number = this.texts.length;
        this.slots[slot * 2] = high;
        this.slots[slot * 2 + 1] = low;
        this.numbers[slot] = number;
        this.texts.push(knownText ?? decode!(start, end));
        return number;
      }
      if (storedHigh === high && storedLow === low) {
        const number = this.numbers[slot];
        if (knownText !== undefined ? this.texts[number] === knownText : sameAscii(this.texts[number], bytes!, start, end)) return number;
        const text = knownText ?? decode!(start, end);
        let other = this.collided.get(text);
        if (other === undefined) {
          other = this.texts.length;
          this.texts.push(text);
          this.collided.set(text, other);
        }
        return other;
      }
      slot = (slot + 1) & mask;
    }
  }

  get size(): number {
    return this.texts.length;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldNumbers = this.numbers;
    this.slots = new Uint32Array(oldSlots.length * 4);
    this.numbers = new Int32Array(oldNumbers.length * 4);
    const mask = this.numbers.length - 1;
    for (let old = 0; old < oldNumbers.length; old++) {
      const high = oldSlots[old * 2];
      const low = oldSlots[old * 2 + 1];
      if (high === 0 && low === 0) continue;
      let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
      while (this.slots[slot * 2] !== 0 || this.slots[slot * 2 + 1] !== 0) slot = (slot + 1) & mask;
      this.slots[slot * 2] = high;
      this.slots[slot * 2 + 1] = low;
      this.numbers[slot] = oldNumbers[old];
    }
  }
}

/** Whether `text` is the ASCII text in bytes[start, end). */
function sameAscii(text: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (text.length !== end - start) return false;
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) !== bytes[start + index]) return false;
  return true;
}

/** The stable key of a record (16 hex digits). */
export function recordKey(record: UnkeyedRecord): string {
  recordKeyParts(record, scratch);
  return keyText(scratch[0], scratch[1]);
}
