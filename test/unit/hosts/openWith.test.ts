import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { takeOpenedFilePayload } from '../../../main/electron/ipcSchemas';
import { dataFilesFromArgv, isOpenableDataFile } from '../../../main/electron/openWith';
import { tempDir } from '../../helpers/tempDir';

// Electron cannot run here: the preload is loaded against recorders of the calls it makes.
const invoked: { channel: string; payload: unknown }[] = [];
const exposed = new Map<string, Record<string, (...args: unknown[]) => Promise<unknown>>>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: Record<string, (...args: unknown[]) => Promise<unknown>>) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: (channel: string, payload: unknown) => {
      invoked.push({ channel, payload });
      return Promise.resolve({ ok: true, value: null });
    },
    on: () => undefined,
    removeListener: () => undefined,
  },
  webUtils: { getPathForFile: () => '' },
}));

describe('"Open with": data files in a launch argv', () => {
  const temp = tempDir('replenish-open-with-');
  const dir = temp.dir;
  const file = (name: string): string => {
    const path = join(dir, name);
    writeFileSync(path, 'Date,SKU,Qty\n');
    return path;
  };
  let sales: string;
  let stock: string;
  let upper: string;
  let tsv: string;
  let text: string;
  const packaged = { defaultApp: false, workingDirectory: '/' };
  const exe = '/opt/Replenish/replenish';

  beforeAll(() => {
    sales = file('sales.csv');
    stock = file('stock on hand.xlsx');
    upper = file('ORDERS.XLSX');
    tsv = file('export.tsv');
    text = file('daily.txt');
    file('notes.pdf');
    file('old.xls');
    file('replenish.db');
    mkdirSync(join(dir, 'folder.csv'));
  });
  afterAll(() => temp.cleanup());

  it('finds the file a packaged app was opened with, skipping the executable', () => {
    expect(dataFilesFromArgv([exe, sales], packaged)).toEqual([sales]);
    expect(dataFilesFromArgv([sales], packaged)).toEqual([]); // argv[0] is always the executable
    expect(dataFilesFromArgv([exe], packaged)).toEqual([]);
  });

  it('skips the app path when run as `electron <app>` in development', () => {
    expect(dataFilesFromArgv(['/usr/lib/electron/electron', sales, stock], { ...packaged, defaultApp: true })).toEqual([stock]);
    expect(dataFilesFromArgv(['/usr/lib/electron/electron', '.', sales], { ...packaged, defaultApp: true })).toEqual([sales]);
  });

  it('ignores flags, including the switches Electron adds to a second instance and macOS process serials', () => {
    const argv = [exe, '--allow-file-access-from-files', '--original-process-start-time=13370000000', '-psn_0_1234567', '--inspect=9229', `--file=${sales}`, stock];
    expect(dataFilesFromArgv(argv, packaged)).toEqual([stock]);
  });

  it('accepts only existing .csv/.tsv/.txt/.xlsx files, in any letter case', () => {
    const argv = [exe, sales, tsv, text, upper, join(dir, 'notes.pdf'), join(dir, 'old.xls'), join(dir, 'replenish.db'), join(dir, 'folder.csv'), join(dir, 'missing.csv'), ''];
    expect(dataFilesFromArgv(argv, packaged)).toEqual([sales, tsv, text, upper]);
  });

  it('resolves relative paths against the launching working directory, and drops repeats', () => {
    expect(dataFilesFromArgv([exe, 'sales.csv', './sales.csv', sales, 'stock on hand.xlsx'], { ...packaged, workingDirectory: dir })).toEqual([sales, stock]);
    // The same relative name from another folder is another (here missing) file.
    expect(dataFilesFromArgv([exe, 'sales.csv'], { ...packaged, workingDirectory: join(dir, 'folder.csv') })).toEqual([]);
  });

  it('reads file:// URLs (Linux desktop entries pass %U) and refuses other URLs', () => {
    expect(dataFilesFromArgv([exe, pathToFileURL(stock).href], packaged)).toEqual([stock]);
    expect(dataFilesFromArgv([exe, 'file://server/share/sales.csv', 'https://example.com/sales.csv'], packaged)).toEqual([]);
  });

  it('asks the given file check, so nothing else touches the disk', () => {
    const seen: string[] = [];
    const isFile = (path: string): boolean => {
      seen.push(path);
      return path.endsWith('yes.csv');
    };
    expect(dataFilesFromArgv(['app', '/x/yes.csv', '/x/no.csv', '/x/skip.pdf'], { ...packaged, isFile })).toEqual(['/x/yes.csv']);
    expect(seen).toEqual(['/x/yes.csv', '/x/no.csv']); // the extension is checked first
  });

  it('checks a macOS open-file path the same way', () => {
    expect(isOpenableDataFile(sales)).toBe(true);
    expect(isOpenableDataFile(upper)).toBe(true);
    expect(isOpenableDataFile(join(dir, 'notes.pdf'))).toBe(false);
    expect(isOpenableDataFile(join(dir, 'folder.csv'))).toBe(false);
    expect(isOpenableDataFile(join(dir, 'missing.csv'))).toBe(false);
  });
});

describe('"Open with": the renderer takes the staged file over the preload bridge', () => {
  it('asks on its own narrow channel with an empty, strictly checked payload', async () => {
    await import('../../../main/electron/preload');
    await exposed.get('replenishDesktop')!.takeOpenedFile();
    expect(invoked).toEqual([{ channel: 'files:takeOpened', payload: {} }]);
    expect(takeOpenedFilePayload.safeParse({}).success).toBe(true);
    for (const payload of [{ path: '/etc/passwd' }, null, 'file.csv', []]) expect(takeOpenedFilePayload.safeParse(payload).success).toBe(false);
  });
});
