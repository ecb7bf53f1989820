/**
 * CSV writing for every export (plans, purchase orders). RFC 4180 quoting, CRLF line ends, and a
 * UTF-8 byte-order mark so that Excel opens non-ASCII text correctly.
 *
 * Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are
 * neutralised with a leading apostrophe: an item description like "=HYPERLINK(…)" imported from a
 * web shop must never execute on the planner's machine. Numbers are written as numbers.
 */
export type CsvCell = string | number | null | undefined;

export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = neutraliseFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: CsvCell[][]): string {
  return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
