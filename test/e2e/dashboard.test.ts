import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostContext, type HostContext } from '../../main/host/context';
import { startWebHost, type WebHost } from '../../main/web/server';
import { WorkerTaskRunner } from '../../main/worker/runner';
import { launchChromium } from '../helpers/browser';
import { ensureRendererBuilt } from '../helpers/build';
import { repoRoot, sharedDir, tempDir } from '../helpers/tempDir';

const outputDir = join(repoRoot, 'test', 'output', 'e2e');
const salesCsv = join(sharedDir, 'data', 'online_retail_uci_top15.csv');

describe('dashboard in Chromium against the web host', () => {
  let temp: ReturnType<typeof tempDir>;
  let host: HostContext;
  let web: WebHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
    const staticDir = ensureRendererBuilt();
    temp = tempDir();
    host = createHostContext(join(temp.dir, 'e2e.db'), new WorkerTaskRunner(), () => new Date('2011-12-12T09:00:00Z'));
    web = await startWebHost({ context: host.context, files: host.files, staticDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    host?.close();
    temp?.cleanup();
  });

  it('shows the empty state first, without errors', async () => {
    await page.goto(web.url);
    await expect.poll(() => page.getByText('No items yet').isVisible(), { timeout: 15_000 }).toBe(true);
  });

  it('imports the real sales CSV through the file picker and lists the 15 codes with recommendations', async () => {
    await page.goto(`${web.url.split('?')[0]}#/import`);
    await page.getByTestId('file-input').setInputFiles(salesCsv);
    await page.getByTestId('import-preview').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(outputDir, 'import-preview.png'), fullPage: true });
    await page.getByTestId('run-import').click();
    await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(outputDir, 'import-summary.png'), fullPage: true });
    await page.getByTestId('show-items').click();
    await page.getByTestId('items-table').waitFor();
    const rows = page.locator('[data-testid=items-table] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(15);
    const skus = await page.locator('[data-testid=items-table] tbody tr td:first-child').allInnerTexts();
    expect(skus.map((text) => text.trim())).toEqual(expect.arrayContaining(['85123A', '22423', 'POST', '47566']));
    const recommended = await page.getByTestId('recommended-85123A').innerText();
    expect(Number(recommended.replace(/[^\d]/g, ''))).toBeGreaterThan(0);
    await page.screenshot({ path: join(outputDir, 'items.png'), fullPage: true });
  });

  it('exports the list as CSV with one line per item', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const path = join(outputDir, download.suggestedFilename());
    await download.saveAs(path);
    const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toMatch(/^Item,Description,Supplier,On hand,On order,Inventory position,Recommended,Order quantity/);
    expect(lines).toHaveLength(16);
  });
});
