import { describe, expect, it, vi } from 'vitest';

/**
 * The preload is the one door between the sandboxed page and the main process. Electron is not
 * runnable here, so its three modules are replaced by recorders and the preload is loaded as-is.
 */
const exposed = new Map<string, unknown>();
const invoked: { channel: string; payload: unknown }[] = [];
const listeners = new Map<string, (...args: unknown[]) => void>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: (channel: string, payload: unknown) => {
      invoked.push({ channel, payload });
      return Promise.resolve({ ok: true, value: null });
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, listener),
    removeListener: (channel: string) => listeners.delete(channel),
  },
  webUtils: { getPathForFile: () => '/home/planner/sales.csv' },
}));

await import('../../../main/electron/preload');

type Bridge = {
  call(method: string, params: unknown): Promise<unknown>;
  stageFile(file: unknown): Promise<unknown>;
  openFileDialog(extensions: string[]): Promise<unknown>;
  saveFile(name: string, content: string): Promise<unknown>;
  onProgress(listener: (event: unknown) => void): () => void;
};

describe('preload bridge', () => {
  it('exposes exactly one object of six functions, never ipcRenderer itself', () => {
    expect([...exposed.keys()]).toEqual(['replenishDesktop']);
    const bridge = exposed.get('replenishDesktop') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onProgress', 'openFileDialog', 'saveFile', 'stageFile', 'takeOpenedFile']);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('sends each call as one narrow message on its own channel', async () => {
    const bridge = exposed.get('replenishDesktop') as Bridge;
    await bridge.call('items.list', {});
    await bridge.stageFile({ name: 'sales.csv' });
    await bridge.openFileDialog(['csv']);
    await bridge.saveFile('po.csv', 'a,b');
    expect(invoked).toEqual([
      { channel: 'api:call', payload: { method: 'items.list', params: {} } },
      { channel: 'files:stagePath', payload: { path: '/home/planner/sales.csv', name: 'sales.csv' } },
      { channel: 'files:openDialog', payload: { extensions: ['csv'] } },
      { channel: 'files:save', payload: { defaultName: 'po.csv', content: 'a,b' } },
    ]);
  });

  it('passes progress payloads on without the IPC event object, and unsubscribes', () => {
    const bridge = exposed.get('replenishDesktop') as Bridge;
    const received: unknown[] = [];
    const stop = bridge.onProgress((event) => received.push(event));
    listeners.get('api:progress')?.({ sender: 'ipc event with internals' }, { phase: 'reading' });
    expect(received).toEqual([{ phase: 'reading' }]);
    stop();
    expect(listeners.has('api:progress')).toBe(false);
  });
});
