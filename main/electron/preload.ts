import { contextBridge, ipcRenderer, webUtils } from 'electron';

/**
 * The only bridge between the sandboxed dashboard and the main process: five calls, each a
 * narrow IPC message that the main process validates (sender frame and zod schema).
 */
const bridge = {
  call: (method: string, params: unknown): Promise<unknown> => ipcRenderer.invoke('api:call', { method, params }),
  /** Stage a file dropped on or picked in the page; returns its id for `data.import`. */
  stageFile: (file: File): Promise<unknown> => ipcRenderer.invoke('files:stagePath', { path: webUtils.getPathForFile(file), name: file.name }),
  openFileDialog: (extensions: string[]): Promise<unknown> => ipcRenderer.invoke('files:openDialog', { extensions }),
  saveFile: (defaultName: string, content: string | Uint8Array): Promise<unknown> => ipcRenderer.invoke('files:save', { defaultName, content }),
  /** The file Replenish was opened with ("Open with"), staged for `data.import`; null when none. */
  takeOpenedFile: (): Promise<unknown> => ipcRenderer.invoke('files:takeOpened', {}),
  onProgress: (listener: (event: unknown) => void): (() => void) => {
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on('api:progress', wrapped);
    return () => ipcRenderer.removeListener('api:progress', wrapped);
  },
};

contextBridge.exposeInMainWorld('replenishDesktop', bridge);
