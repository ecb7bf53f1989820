/**
 * Child process of the import benchmarks, so that each measured read has a process of its own and
 * its peak RSS (process.resourceUsage().maxRSS) belongs to that read alone. Prints one JSON line:
 * {seconds, cpuSeconds, maxRssMB, …} — seconds and CPU time of the measured call only (module
 * loading excluded).
 *   node --import tsx test/bench/importChild.ts replenish FILE DB [warm]   Replenish's full import (importTask:
 *        sniffing, validation, de-duplication, the SQLite transaction, daily demand) into DB; with `warm`,
 *        warmUpImport runs first, outside the measured call — the parse worker started and its modules
 *        (exceljs for a workbook) loaded, as the import wizard does while the planner checks the preview
 *   node --import tsx test/bench/importChild.ts exceljs FILE        the bare exceljs streaming read of
 *        an XLSX (every row and cell visited, nothing else): the XLSX reference
 */
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { statSync } from 'node:fs';
import { importTask, warmUpImport } from '../../app/import/importTask';
import { sniffFile } from '../../app/import/sniff';

const [mode, filePath, dbPath, warmth] = process.argv.slice(2);
if (mode === 'replenish' && warmth === 'warm') {
  const sniffed = await sniffFile(filePath);
  await warmUpImport({ format: sniffed.ok ? sniffed.value.format : undefined, totalBytes: statSync(filePath).size });
}
const started = performance.now();
const cpuBefore = process.cpuUsage();
let result: Record<string, number>;
if (mode === 'replenish') {
  const output = await importTask(
    { dbPath, filePath, fileName: filePath, dryRun: false, taskId: 'bench', now: '2026-01-01T00:00:00.000Z' },
    () => {},
    new AbortController().signal,
  );
  result = {
    rowsRead: output.rowsRead, rowsImported: output.rowsImported, duplicates: output.duplicates,
    rowsSkipped: output.rowsSkipped, items: output.items,
  };
} else if (mode === 'exceljs') {
  // The same reader options as app/import/sources.ts, so the difference is Replenish's own work.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(filePath, { highWaterMark: 64 * 1024 }), {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  });
  let rows = 0;
  let cells = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      rows++;
      const values = row.values as unknown[];
      for (let column = 1; column < values.length; column++) if (values[column] !== undefined) cells++;
    }
  }
  result = { rowsRead: rows, cells };
} else {
  throw new Error(`unknown mode ${mode}: use "replenish FILE DB" or "exceljs FILE"`);
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(JSON.stringify({
  seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024, ...result,
}) + '\n');
