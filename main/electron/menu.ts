import type { MenuItemConstructorOptions } from 'electron';

/** What the menu's own items do; the main process supplies them. */
export interface MenuActions {
  importFile(): void;
  openDataFolder(): void;
  backUpDatabase(): void;
  restoreDatabase(): void;
  about(): void;
}

export interface MenuOptions {
  /** Reload and developer tools exist only when running from sources. */
  development: boolean;
  /** macOS puts Quit and About in the application menu. */
  platform: NodeJS.Platform;
}

/**
 * The native application menu as a plain template (no Electron call), so its shape is unit-tested:
 * File (Import…, Open data folder, Back up database…, Restore from backup…, Quit), Edit, View (reload and developer
 * tools only in development), Help (About).
 */
export function menuTemplate(actions: MenuActions, options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { id: 'import', label: 'Import…', accelerator: 'CmdOrCtrl+O', click: () => actions.importFile() },
      { type: 'separator' },
      { id: 'open-data-folder', label: 'Open data folder', click: () => actions.openDataFolder() },
      { id: 'back-up', label: 'Back up database…', click: () => actions.backUpDatabase() },
      { id: 'restore', label: 'Restore from backup…', click: () => actions.restoreDatabase() },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(options.development ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    submenu: [{ id: 'about', label: 'About Replenish', click: () => actions.about() }],
  };
  const application: MenuItemConstructorOptions[] = mac
    ? [{ label: 'Replenish', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { type: 'separator' }, { role: 'quit' }] }]
    : [];
  return [...application, file, edit, view, help];
}
