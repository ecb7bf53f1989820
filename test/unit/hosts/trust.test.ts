import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTrustedUrl } from '../../../main/electron/trust';
import { resolveDatabasePath, userDataDir } from '../../../main/host/paths';

const index = '/opt/Replenish/resources/app.asar/out/renderer/index.html';
const trusted = { rendererIndexPath: index };

describe('Electron sender and navigation checks', () => {
  it('trusts our own bundled page, with or without a hash route', () => {
    expect(isTrustedUrl(pathToFileURL(index).href, trusted)).toBe(true);
    expect(isTrustedUrl(`${pathToFileURL(index).href}#/items`, trusted)).toBe(true);
  });

  it('refuses look-alikes that a string prefix check would pass', () => {
    expect(isTrustedUrl(`${pathToFileURL(index).href}.evil.html`, trusted)).toBe(false);
    expect(isTrustedUrl('file:///etc/passwd', trusted)).toBe(false);
    expect(isTrustedUrl('https://example.com/out/renderer/index.html', trusted)).toBe(false);
    expect(isTrustedUrl('not a url', trusted)).toBe(false);
    expect(isTrustedUrl(undefined, trusted)).toBe(false);
  });

  it('trusts the dev server only by exact origin', () => {
    const dev = { ...trusted, devServerUrl: 'http://localhost:5173' };
    expect(isTrustedUrl('http://localhost:5173/#/plan', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5173.attacker.example/', dev)).toBe(false);
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', trusted)).toBe(false);
  });
});

describe('database location', () => {
  it('matches Electron’s user-data folder per OS', () => {
    expect(userDataDir('linux', { XDG_CONFIG_HOME: '/x' })).toBe('/x/Replenish');
    expect(userDataDir('win32', { APPDATA: 'C:\\Users\\p\\AppData\\Roaming' })).toMatch(/Replenish$/);
  });
  it('prefers --db, then REPLENISH_DB', () => {
    expect(resolveDatabasePath('/a.db', { REPLENISH_DB: '/b.db' })).toBe('/a.db');
    expect(resolveDatabasePath(undefined, { REPLENISH_DB: '/b.db' })).toBe('/b.db');
    expect(resolveDatabasePath(undefined, { XDG_CONFIG_HOME: '/c' })).toMatch(/replenish\.db$/);
  });
});
