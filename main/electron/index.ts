import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callApi } from '../../app/api';
import type { Result } from '../../app/common/result';
import { createHostContext } from '../host/context';
import { resolveDatabasePath } from '../host/paths';
import { WorkerTaskRunner } from '../worker/runner';
import { apiCallPayload, openDialogPayload, saveFilePayload, stagePathPayload } from './ipcSchemas';
import { isTrustedUrl, type TrustedOrigins } from './trust';

const here = fileURLToPath(new URL('.', import.meta.url));
const trusted: TrustedOrigins = {
  rendererIndexPath: join(here, '../renderer/index.html'),
  devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
};

if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | null = null;

function rejected(message: string): Result<never> {
  return { ok: false, error: { code: 'invalid-input', message } };
}

function fromTrustedFrame(event: IpcMainInvokeEvent): boolean {
  return isTrustedUrl(event.senderFrame?.url, trusted);
}

async function start(): Promise<void> {
  await app.whenReady();
  const host = createHostContext(
    resolveDatabasePath(undefined),
    new WorkerTaskRunner(new URL('./worker.js', import.meta.url)),
    () => new Date(),
    app.isPackaged ? process.resourcesPath : join(here, '../../resources'),
  );
  const progress = (event: unknown): void => mainWindow?.webContents.send('api:progress', event);

  // No web permissions (camera, notifications, …) are ever needed.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

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
    const choice = await dialog.showSaveDialog(mainWindow, { defaultPath: parsed.data.defaultName });
    if (choice.canceled || !choice.filePath) return { ok: true, value: null };
    writeFileSync(choice.filePath, parsed.data.content);
    return { ok: true, value: { path: choice.filePath } };
  });

  createWindow();
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => {
    host.close();
    app.quit();
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Replenish',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const contents = mainWindow.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, trusted)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url, trusted)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  if (trusted.devServerUrl) void mainWindow.loadURL(trusted.devServerUrl);
  else void mainWindow.loadFile(trusted.rendererIndexPath);
}

void start();
