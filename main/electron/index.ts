import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callApi } from '../../app/api';
import type { Result } from '../../app/common/result';
import { backupDatabase, backupFolder, defaultBackupPath, restoreDatabase } from '../../app/store/backup';
import { createHostContext, type HostContext } from '../host/context';
import { resolveDatabasePath } from '../host/paths';
import { contentSecurityPolicy } from '../host/security';
import { WorkerTaskRunner } from '../worker/runner';
import { apiCallPayload, openDialogPayload, saveFilePayload, stagePathPayload, takeOpenedFilePayload } from './ipcSchemas';
import { menuTemplate } from './menu';
import { dataFilesFromArgv, isOpenableDataFile } from './openWith';
import { isTrustedUrl, type TrustedOrigins } from './trust';
import { fitToDisplays, loadWindowState, minimumWindowSize, saveWindowState } from './windowState';

const here = fileURLToPath(new URL('.', import.meta.url));
const trusted: TrustedOrigins = {
  rendererIndexPath: join(here, '../renderer/index.html'),
  devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
};
const resourcesDir = app.isPackaged ? process.resourcesPath : join(here, '../../resources');

if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | null = null;

/**
 * Data files the OS handed to Replenish ("Open with", a file dropped on the icon), newest last,
 * until the Import page takes the newest one. Windows and Linux pass them in argv — at launch, or
 * to the running app through `second-instance`; macOS sends `open-file`, possibly before `ready`.
 */
const openedFiles: string[] = dataFilesFromArgv(process.argv, { defaultApp: process.defaultApp === true, workingDirectory: process.cwd() });
app.on('open-file', (event, path) => {
  event.preventDefault();
  if (isOpenableDataFile(path)) receiveOpenedFiles([path]);
});

/** Bring the window forward on the Import page, which then takes the file. */
function receiveOpenedFiles(paths: string[]): void {
  if (paths.length === 0) return;
  openedFiles.push(...paths);
  if (!mainWindow) return; // not created yet: it opens on the Import page
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
  showPage('/import');
}

function rejected(message: string): Result<never> {
  return { ok: false, error: { code: 'invalid-input', message } };
}

function fromTrustedFrame(event: IpcMainInvokeEvent): boolean {
  return isTrustedUrl(event.senderFrame?.url, trusted);
}

/** Every web contents (the window, and any a bug might create) may not leave our own page. */
function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, trusted)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url, trusted)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

async function start(): Promise<void> {
  await app.whenReady();
  const host = createHostContext(
    resolveDatabasePath(undefined),
    new WorkerTaskRunner(new URL('./worker.js', import.meta.url)),
    () => new Date(),
    resourcesDir,
  );
  const progress = (event: unknown): void => mainWindow?.webContents.send('api:progress', event);

  // No web permissions (camera, notifications, …) are ever needed.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // The CSP as a response header too (the dev server's pages); the bundled file: page carries the
  // same policy in its <meta> tag, since file: responses have no headers to add to.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  registerIpc(host, progress);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(menuActions(host), { development: !app.isPackaged, platform: process.platform })));
  createWindow();
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
    receiveOpenedFiles(dataFilesFromArgv(argv, { defaultApp: process.defaultApp === true, workingDirectory }));
  });
  app.on('window-all-closed', () => {
    // Closing the database cleanly removes its -wal file: the next start sees a clean shutdown.
    host.close();
    app.quit();
  });
}

function registerIpc(host: HostContext, progress: (event: unknown) => void): void {
  ipcMain.handle('api:call', async (event, payload: unknown) => {
    if (!fromTrustedFrame(event)) return rejected('Call from an untrusted frame refused.');
    const parsed = apiCallPayload.safeParse(payload);
    if (!parsed.success) return rejected('Malformed API call.');
    return callApi({ ...host.context, progress }, parsed.data.method, parsed.data.params);
  });
  ipcMain.handle('files:stagePath', (event, payload: unknown) => {
    if (!fromTrustedFrame(event)) return rejected('Call from an untrusted frame refused.');
    const parsed = stagePathPayload.safeParse(payload);
    if (!parsed.success) return rejected('Malformed file.');
    try {
      if (!statSync(parsed.data.path).isFile()) return rejected(`${parsed.data.path} is not a file.`);
    } catch {
      return rejected(`${parsed.data.path} cannot be read.`);
    }
    return { ok: true, value: { fileId: host.files.addPath(parsed.data.path, parsed.data.name), name: parsed.data.name } };
  });
  /** The newest file Replenish was opened with, staged for `data.import` (null when none is waiting). */
  ipcMain.handle('files:takeOpened', (event, payload: unknown) => {
    if (!fromTrustedFrame(event)) return rejected('Call from an untrusted frame refused.');
    if (!takeOpenedFilePayload.safeParse(payload).success) return rejected('Malformed request.');
    const path = openedFiles.splice(0).reverse().find((candidate) => isOpenableDataFile(candidate));
    return { ok: true, value: path === undefined ? null : { fileId: host.files.addPath(path), name: basename(path) } };
  });
  ipcMain.handle('files:openDialog', async (event, payload: unknown) => {
    if (!fromTrustedFrame(event) || !mainWindow) return rejected('Call from an untrusted frame refused.');
    const parsed = openDialogPayload.safeParse(payload);
    if (!parsed.success) return rejected('Malformed dialog request.');
    const choice = await dialog.showOpenDialog(mainWindow, {
      properties: ['openFile'],
      filters: [{ name: 'Spreadsheets', extensions: parsed.data.extensions ?? ['csv', 'tsv', 'txt', 'xlsx'] }],
    });
    if (choice.canceled || choice.filePaths.length === 0) return { ok: true, value: null };
    const path = choice.filePaths[0];
    return { ok: true, value: { fileId: host.files.addPath(path), name: path.split(/[\\/]/).pop() } };
  });
  ipcMain.handle('files:save', async (event, payload: unknown) => {
    if (!fromTrustedFrame(event) || !mainWindow) return rejected('Call from an untrusted frame refused.');
    const parsed = saveFilePayload.safeParse(payload);
    if (!parsed.success) return rejected('Malformed save request.');
    // The planner picks the destination in a native dialog; the page only suggests a name.
    const choice = await dialog.showSaveDialog(mainWindow, { defaultPath: parsed.data.defaultName });
    if (choice.canceled || !choice.filePath) return { ok: true, value: null };
    try {
      writeFileSync(choice.filePath, parsed.data.content);
    } catch (error) {
      return { ok: false, error: { code: 'unavailable', message: `${choice.filePath} could not be written: ${(error as Error).message}` } };
    }
    return { ok: true, value: { path: choice.filePath } };
  });
}

function showPage(hash: string): void {
  if (!mainWindow) return;
  if (trusted.devServerUrl) void mainWindow.loadURL(new URL(`#${hash}`, trusted.devServerUrl).href);
  else void mainWindow.loadFile(trusted.rendererIndexPath, { hash });
}

function menuActions(host: HostContext) {
  const databasePath = host.store.path;
  return {
    importFile: () => showPage('/import'),
    // Only ever our own database's folder: no path from a page reaches the shell.
    openDataFolder: () => {
      void shell.openPath(dirname(databasePath)).then((failure) => {
        if (failure) dialog.showErrorBox('Open data folder', `${dirname(databasePath)} could not be opened: ${failure}`);
      });
    },
    backUpDatabase: async () => {
      if (!mainWindow) return;
      const choice = await dialog.showSaveDialog(mainWindow, {
        title: 'Back up database',
        defaultPath: defaultBackupPath(databasePath, 'manual', new Date()),
        filters: [{ name: 'Replenish database', extensions: ['db'] }],
      });
      if (choice.canceled || !choice.filePath) return;
      // The dialog already asked whether to replace an existing file; it is replaced only by a verified copy.
      const result = await backupDatabase(host.store.db, choice.filePath, { replace: true });
      if (result.ok) {
        const rows = Object.values(result.value.tableCounts).reduce((sum, count) => sum + count, 0);
        await dialog.showMessageBox(mainWindow, {
          type: 'info',
          title: 'Back up database',
          message: 'Backup written and verified.',
          detail: `${result.value.path}\n${rows} rows, schema ${result.value.schemaVersion}, integrity check passed.`,
        });
      } else dialog.showErrorBox('Back up database', result.error.message);
    },
    /**
     * A restore needs every connection closed: the app closes its own, restores, and starts
     * again on the restored database (a window or command still open elsewhere makes the
     * restore refuse and change nothing).
     */
    restoreDatabase: async () => {
      if (!mainWindow) return;
      const choice = await dialog.showOpenDialog(mainWindow, {
        title: 'Restore from backup',
        defaultPath: backupFolder(databasePath),
        properties: ['openFile'],
        filters: [{ name: 'Replenish database', extensions: ['db'] }],
      });
      if (choice.canceled || choice.filePaths.length === 0) return;
      const confirm = await dialog.showMessageBox(mainWindow, {
        type: 'warning',
        title: 'Restore from backup',
        message: 'Replace the current database with this backup?',
        detail: `${choice.filePaths[0]}\nThe current database is kept as ${databasePath}.before-restore. Replenish restarts afterwards.`,
        buttons: ['Restore', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
      });
      if (confirm.response !== 0) return;
      host.close();
      const result = await restoreDatabase(choice.filePaths[0], databasePath);
      if (result.ok) {
        await dialog.showMessageBox({ type: 'info', title: 'Restore from backup', message: 'Backup restored and verified. Replenish restarts now.' });
      } else dialog.showErrorBox('Restore from backup', `${result.error.message}\nReplenish restarts now.`);
      app.relaunch();
      app.exit(0);
    },
    about: () => {
      if (!mainWindow) return;
      void dialog.showMessageBox(mainWindow, {
        type: 'info',
        title: 'About Replenish',
        message: `Replenish ${app.getVersion()}`,
        detail: `Reorder planning on your own machine.\nDatabase: ${databasePath}`,
      });
    },
  };
}

function createWindow(): void {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = fitToDisplays(loadWindowState(stateFile), screen.getAllDisplays().map((display) => display.workArea));
  const icon = join(resourcesDir, 'icons', '512x512.png');
  mainWindow = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    title: 'Replenish',
    icon: existsSync(icon) ? icon : undefined,
    show: false,
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // A middle click on a link would otherwise ask for a new window (denied anyway).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  const window = mainWindow;
  lockDown(window.webContents);
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    try {
      saveWindowState(stateFile, { ...bounds, maximized: window.isMaximized() });
    } catch {
      // Remembering the window is a convenience; failing to must not stop the app from closing.
    }
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  // Opened with a data file: start on the Import page, which takes it.
  const hash = openedFiles.length > 0 ? '/import' : undefined;
  if (trusted.devServerUrl) void window.loadURL(hash ? new URL(`#${hash}`, trusted.devServerUrl).href : trusted.devServerUrl);
  else void window.loadFile(trusted.rendererIndexPath, hash ? { hash } : undefined);
}

void start();
