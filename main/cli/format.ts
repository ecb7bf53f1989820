/** Plain-text tables for the terminal: numbers right-aligned, text left-aligned, widths from content. */
export function formatTable(header: string[], rows: (string | number | null)[][]): string {
  const text = rows.map((row) => row.map((cell) => (cell === null ? '' : typeof cell === 'number' ? formatNumber(cell) : cell)));
  const widths = header.map((title, column) => Math.max(title.length, ...text.map((row) => row[column].length)));
  const numeric = header.map((_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number' || row[column] === null));
  const line = (cells: string[]): string =>
    cells.map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...text.map(line)].join('\n');
}

/** The one quantity formatter of the terminal: integers as is, fractions to two decimals. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
