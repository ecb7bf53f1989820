import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiCallPayload, openDialogPayload, saveFilePayload, stagePathPayload } from '../../../main/electron/ipcSchemas';
import { menuTemplate, type MenuActions } from '../../../main/electron/menu';
import { isTrustedUrl } from '../../../main/electron/trust';
import { contentSecurityPolicy } from '../../../main/host/security';
import { repoRoot } from '../../helpers/tempDir';

const index = '/opt/Replenish/resources/app.asar/out/renderer/index.html';
const trusted = { rendererIndexPath: index };

describe('navigation and sender checks (new URL, not string prefixes)', () => {
  const page = pathToFileURL(index).href;
  it.each([
    [`${page}?x=1#/import`, true],
    [page.replace('index.html', 'other.html'), false],
    [page.replace('file://', 'file://evil.example'), false],
    [`${page}/../../../../../etc/passwd`, false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['about:blank', false],
    ['', false],
    [null, false],
    ['http://127.0.0.1:5173/', false],
  ])('%s → %s', (url, expected) => {
    expect(isTrustedUrl(url, trusted)).toBe(expected);
  });

  it('does not let a dev-server origin leak into packaged builds or to other ports, schemes or users', () => {
    const dev = { ...trusted, devServerUrl: 'http://localhost:5173' };
    expect(isTrustedUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isTrustedUrl('http://user@localhost:5173.evil/', dev)).toBe(false);
    expect(isTrustedUrl('http://evil.example/#http://localhost:5173', dev)).toBe(false);
  });
});

describe('IPC payload schemas', () => {
  it('accept the calls the preload makes', () => {
    expect(apiCallPayload.safeParse({ method: 'items.list', params: {} }).success).toBe(true);
    expect(stagePathPayload.safeParse({ path: '/home/p/sales.csv', name: 'sales.csv' }).success).toBe(true);
    expect(openDialogPayload.safeParse({ extensions: ['csv', 'xlsx'] }).success).toBe(true);
    expect(saveFilePayload.safeParse({ defaultName: 'po.csv', content: 'a,b' }).success).toBe(true);
    expect(saveFilePayload.safeParse({ defaultName: 'po.xlsx', content: new Uint8Array([1, 2]) }).success).toBe(true);
  });

  it.each([
    ['no method', apiCallPayload, { params: {} }],
    ['a huge method name', apiCallPayload, { method: 'x'.repeat(101), params: {} }],
    ['extra keys', apiCallPayload, { method: 'items.list', params: {}, sender: 'x' }],
    ['prototype keys', apiCallPayload, JSON.parse('{"method":"items.list","params":{},"__proto__":{"admin":true}}')],
    ['a non-object', apiCallPayload, 'items.list'],
    ['an empty path', stagePathPayload, { path: '' }],
    ['a path that is not text', stagePathPayload, { path: ['/etc/passwd'] }],
    ['an extension with a dot or slash', openDialogPayload, { extensions: ['../exe'] }],
    ['too many extensions', openDialogPayload, { extensions: Array.from({ length: 21 }, () => 'csv') }],
    ['content of the wrong type', saveFilePayload, { defaultName: 'a', content: { length: 3 } }],
    ['no default name', saveFilePayload, { defaultName: '', content: '' }],
  ])('refuse %s', (_label, schema, payload) => {
    expect(schema.safeParse(payload).success).toBe(false);
  });
});

describe('application menu', () => {
  const calls: string[] = [];
  const actions: MenuActions = {
    importFile: () => calls.push('import'),
    openDataFolder: () => calls.push('open-data-folder'),
    backUpDatabase: () => calls.push('back-up'),
    restoreDatabase: () => calls.push('restore'),
    about: () => calls.push('about'),
  };
  const labels = (platform: NodeJS.Platform, development: boolean) =>
    menuTemplate(actions, { platform, development }).map((menu) => ({
      label: menu.label,
      items: (menu.submenu as { id?: string; role?: string; label?: string; type?: string }[]).map((item) => item.id ?? item.role ?? item.type),
    }));

  it('has File (Import…, Open data folder, Back up database…, Restore…, Quit), Edit, View and Help', () => {
    const menus = labels('linux', false);
    expect(menus.map((menu) => menu.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(menus[0].items).toEqual(['import', 'separator', 'open-data-folder', 'back-up', 'restore', 'separator', 'quit']);
    expect(menus[3].items).toEqual(['about']);
  });

  it('offers reload and developer tools only in development', () => {
    expect(labels('linux', false)[2].items).not.toContain('reload');
    expect(labels('linux', false)[2].items).not.toContain('toggleDevTools');
    expect(labels('linux', true)[2].items).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('moves Quit to the application menu on macOS', () => {
    const menus = labels('darwin', false);
    expect(menus[0].label).toBe('Replenish');
    expect(menus[0].items).toContain('quit');
    expect(menus[1].items).not.toContain('quit');
  });

  it('runs the given action for each item', () => {
    for (const menu of menuTemplate(actions, { platform: 'linux', development: false })) {
      for (const item of menu.submenu as { click?: () => void }[]) item.click?.();
    }
    expect(calls).toEqual(['import', 'open-data-folder', 'back-up', 'restore', 'about']);
  });
});

describe('content security policy', () => {
  const directives = (policy: string) => new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));

  it('allows scripts only from our own bundle: no inline scripts, no eval, no plugins', () => {
    const policy = directives(contentSecurityPolicy);
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval/);
    expect(policy.get('script-src')).not.toMatch(/unsafe-inline/);
  });

  it('is the same policy in the bundled page’s <meta> tag (the file: page has no response headers)', () => {
    const html = readFileSync(join(repoRoot, 'renderer', 'index.html'), 'utf8');
    const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)?.[1];
    expect(meta).toBeDefined();
    const fromMeta = directives(meta!);
    // frame-ancestors is ignored in <meta> by browsers, so only the header carries it.
    for (const [name, value] of directives(contentSecurityPolicy)) {
      if (name !== 'frame-ancestors') expect(fromMeta.get(name), name).toBe(value);
    }
  });
});
