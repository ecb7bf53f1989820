/**
 * A worksheet's rows decoded straight from exceljs's SAX events, without exceljs's Row and Cell
 * objects. exceljs's WorkbookReader still reads the zip, the shared strings, the styles and the
 * workbook properties; only the last step differs. Its WorksheetReader builds a Row, a Cell and a
 * value object per cell, and collecting that garbage was most of a workbook's reading time: on
 * 200,000 rows × 8 columns, reading every row took 2.45–2.57 s this way (2.8–3.0 s CPU) in three
 * of four alternating runs on this shared machine, 4.15 s in the fourth, against 3.4–5.3 s
 * (3.9–5.9 s CPU) through exceljs's rows.
 *
 * The decoding mirrors exceljs 4.4's WorksheetReader.parse and Row#values, quirks included, so
 * every cell comes out as `plainCellValue(row.values[column])` did (test/unit/import/xlsxSheetRows.test.ts
 * compares the two on every kind of cell):
 *   - unprefixed element names only (<c>, <v>, <f>, <is>, <t> inside <sheetData>);
 *   - a formula cell is its cached result: text for t="str", else a number (NaN when not one);
 *     the one deliberate difference: exceljs keeps only a truthy result (its FormulaValue copies
 *     truthy fields), so a formula that computed 0 read as an empty cell; here it reads as 0;
 *   - t="s" a shared string, t="inlineStr"/"str" the text XML-decoded once more, t="e" the error
 *     text, t="b" a boolean, anything else a number — a Date when the cell's style (s ≠ 0) has a
 *     date format, in the workbook's 1900 or 1904 date system;
 *   - the text of the last <v>, <is> or <t> opened in the cell, whitespace after it included;
 *   - a row's cells end at its last cell with a value (a formula without a cached result counts);
 *     cells without one are null.
 * A worksheet whose reader lacks the fields used here (another exceljs version) is read the
 * exceljs way instead (xlsxSource.ts).
 */
/// <reference path="./exceljsInternals.d.ts" />
// (The reference: a program that reaches this file through imports — the dashboard's type check
// does, through the API's types — sees the declarations too.)
import parseSax from 'exceljs/lib/utils/parse-sax.js';
import excelUtils from 'exceljs/lib/utils/utils.js';
import type { RawCell } from './types';

/** What a WorksheetReader carries that this module reads. */
export interface SheetSource {
  iterator: AsyncIterable<unknown>;
  workbook: {
    sharedStrings?: unknown[];
    styles: { getStyleModel(id: number): { numFmt?: string } | null | undefined };
    properties?: { model?: { date1904?: boolean } };
  };
}

/** The worksheet's source, or undefined when exceljs's reader is not shaped as expected. */
export function sheetSource(worksheet: unknown): SheetSource | undefined {
  const sheet = worksheet as Partial<SheetSource> | null;
  const styles = sheet?.workbook?.styles;
  if (sheet?.iterator === undefined || typeof (sheet.iterator as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return undefined;
  if (styles === undefined || typeof styles.getStyleModel !== 'function') return undefined;
  return sheet as SheetSource;
}

export interface SheetRow {
  /** The row's number in the sheet (1-based). */
  number: number;
  cells: RawCell[];
}

/** Column number (1-based) of a cell reference such as "AB12"; 0 when it has no letters. */
function columnOf(reference: string): number {
  let column = 0;
  for (let index = 0; index < reference.length; index++) {
    const code = reference.charCodeAt(index);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column;
}

/**
 * The sheet's rows, one array per chunk of the zip entry. `plain` turns a decoded value (what
 * exceljs would have stored in the cell) into a raw cell, as plainCellValue does.
 */
export async function* sheetRows(sheet: SheetSource, plain: (value: unknown) => RawCell): AsyncGenerator<SheetRow[]> {
  const { sharedStrings, styles } = sheet.workbook;
  /** Per style id: whether its number format is a date format (only styles that exist are remembered). */
  const dateStyles = new Map<number, boolean>();
  const isDateStyle = (style: number): boolean => {
    let known = dateStyles.get(style);
    if (known === undefined) {
      const model = styles.getStyleModel(style);
      if (!model) return false;
      known = excelUtils.isDateFmt(model.numFmt);
      dateStyles.set(style, known);
    }
    return known;
  };
  let inRows = false;
  let rowNumber = 0;
  /** The open row's values as exceljs would store them, by column − 1 (undefined: no value). */
  let values: unknown[] | undefined;
  let previousColumn = 0;
  // The open cell: its column, style, type, and the texts of its formula and value.
  let cell = false;
  let column = 0;
  let style = 0;
  let type: string | undefined;
  let formula: { text: string } | undefined;
  let value: { text: string } | undefined;
  let current: { text: string } | undefined;

  for await (const events of parseSax(sheet.iterator)) {
    const rows: SheetRow[] = [];
    for (let index = 0; index < events.length; index++) {
      const event = events[index];
      if (event.eventType === 'text') {
        if (current !== undefined) current.text += event.value;
      } else if (event.eventType === 'opentag') {
        const { name, attributes } = event.value;
        switch (name) {
          case 'sheetData':
            inRows = true;
            break;
          case 'row':
            if (inRows) {
              const number = parseInt(attributes.r, 10);
              rowNumber = Number.isNaN(number) ? rowNumber + 1 : number;
              values = [];
              previousColumn = 0;
            }
            break;
          case 'c':
            if (values !== undefined) {
              cell = true;
              const reference = attributes.r;
              column = reference === undefined ? previousColumn + 1 : columnOf(reference);
              style = parseInt(attributes.s, 10);
              type = attributes.t;
              formula = undefined;
              value = undefined;
            }
            break;
          case 'f':
            if (cell) current = formula = { text: '' };
            break;
          case 'v':
          case 'is':
          case 't':
            if (cell) current = value = { text: '' };
            break;
          default:
            break;
        }
      } else {
        switch (event.value.name) {
          case 'sheetData':
            inRows = false;
            break;
          case 'row':
            if (values !== undefined) rows.push({ number: rowNumber, cells: rowCells(values, plain) });
            values = undefined;
            break;
          case 'c':
            if (values !== undefined && cell) {
              cell = false;
              previousColumn = column;
              // A cell with neither formula nor value leaves the column as it was (exceljs sets nothing).
              if (column > 0 && (formula !== undefined || value !== undefined)) {
                values[column - 1] = decodeCell(sharedStrings, isDateStyle, sheet.workbook.properties, style, type, formula, value);
              }
            }
            break;
          default:
            break;
        }
      }
    }
    if (rows.length > 0) yield rows;
  }
}

/** Row#values as raw cells: up to the last value exceljs would keep (not null or undefined); gaps are null. */
function rowCells(values: unknown[], plain: (value: unknown) => RawCell): RawCell[] {
  let end = values.length;
  while (end > 0 && (values[end - 1] === undefined || values[end - 1] === null)) end--;
  const cells = new Array<RawCell>(end);
  for (let index = 0; index < end; index++) cells[index] = plain(values[index]);
  return cells;
}

/** What exceljs would store in the cell (WorksheetReader.parse's closing </c>). */
function decodeCell(
  sharedStrings: unknown[] | undefined, isDateStyle: (style: number) => boolean, properties: SheetSource['workbook']['properties'],
  style: number, type: string | undefined, formula: { text: string } | undefined, value: { text: string } | undefined,
): unknown {
  if (formula !== undefined) {
    if (value === undefined) return { formula: formula.text };
    return { formula: formula.text, result: type === 'str' ? excelUtils.xmlDecode(value.text) : parseFloat(value.text) };
  }
  if (value === undefined) return undefined;
  switch (type) {
    case 's':
      return sharedStrings === undefined ? { sharedString: parseInt(value.text, 10) } : sharedStrings[parseInt(value.text, 10)];
    case 'inlineStr':
    case 'str':
      return excelUtils.xmlDecode(value.text);
    case 'e':
      return { error: value.text };
    case 'b':
      return parseInt(value.text, 10) !== 0;
    default:
      // exceljs applies a cell's style only when its id is not 0 (nor missing).
      if (style && isDateStyle(style)) return excelUtils.excelToDate(parseFloat(value.text), properties?.model?.date1904);
      return parseFloat(value.text);
  }
}
