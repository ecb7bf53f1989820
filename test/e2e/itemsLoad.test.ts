import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../app/common/dates';
import type { SalesLineInsert, Store } from '../../app/store';
import { createHostContext, type HostContext } from '../../main/host/context';
import { startWebHost, type WebHost } from '../../main/web/server';
import { WorkerTaskRunner } from '../../main/worker/runner';
import { launchChromium } from '../helpers/browser';
import { ensureRendererBuilt } from '../helpers/build';
import { repoRoot, tempDir } from '../helpers/tempDir';

/**
 * The Items page with a 50,000-item catalogue in Chromium against the web host: the table must stay
 * virtualised (a few dozen row elements, not 50,000) and sorting, searching and scrolling to the
 * end must show the right rows.
 */
const outputDir = join(repoRoot, 'test', 'output', 'e2e');
const itemCount = 50_000;
const lastSalesDay = '2024-06-30';
const skuOf = (index: number): string => `SKU-${String(index).padStart(5, '0')}`;
const supplierOf = (index: number): string => `Supplier ${String(index % 40).padStart(2, '0')}`;
/** Units sold per item: 7919 is prime to 50,000, so this is a permutation of 1…50,000 (no ties). */
const unitsOf = (index: number): number => 1 + ((index * 7919) % itemCount);
/** Items that the seeded plan covers, with their recommended quantity. */
const plannedQuantities = new Map([[0, 42], [1, 7]]);

/**
 * One transaction through the app's own store: items with a supplier, one sale each in the last
 * four weeks, daily demand derived from those lines — and a saved plan for two items, so that the
 * page's first visit shows it instead of planning all 50,000 items (that path is measured apart).
 */
function seedCatalogue(store: Store): void {
  const now = `${lastSalesDay}T18:00:00.000Z`;
  store.transaction(() => {
    const batchId = store.imports.start('seeded-catalogue.csv', 'seeded-catalogue', 'sales', now);
    const itemIds: number[] = [];
    const lines: SalesLineInsert[] = [];
    for (let index = 0; index < itemCount; index++) {
      const sku = skuOf(index);
      const itemId = store.items.upsertMaster({ sku, description: `Seeded part ${index}`, supplier: supplierOf(index), unitCost: 1 + (index % 97) }, now);
      itemIds.push(itemId);
      lines.push({
        batchId, rowKey: `seeded-${sku}`, itemId, saleDate: addDays(lastSalesDay, -(index % 28)), quantity: unitsOf(index),
        unitPrice: null, orderNumber: null, customer: null, location: null, category: 'sale',
      });
    }
    store.sales.insertLines(lines);
    store.sales.rebuildDaily(itemIds);
    store.plans.save(
      { planDate: '2024-07-01', createdAt: now, budget: null, summary: { historyFrom: '2024-01-01', historyTo: lastSalesDay, warnings: [] } },
      [...plannedQuantities].map(([index, quantity]) => ({
        itemId: itemIds[index], policy: 'base-stock', recommendedQty: quantity, classicalPolicy: null, classicalQty: null, inventoryPosition: 0,
        onHand: 0, onOrder: 0, reason: 'Seeded for the load test.', details: {}, overrideQty: null, skipped: false,
      })),
    );
  });
}

/** Index of the item with the most units among those `include` accepts. */
function bestSeller(include: (index: number) => boolean): number {
  let best = -1;
  for (let index = 0; index < itemCount; index++) if (include(index) && (best < 0 || unitsOf(index) > unitsOf(best))) best = index;
  return best;
}

describe('Items page with 50,000 items', () => {
  let temp: ReturnType<typeof tempDir>;
  let host: HostContext;
  let web: WebHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const rows = () => page.locator('[data-testid=items-table] tbody tr');
  const firstSku = async () => (await rows().first().locator('td').first().innerText()).trim();
  const sortBy = (title: string) => page.locator('[data-testid=items-table] thead th', { hasText: title }).click();

  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
    const staticDir = ensureRendererBuilt();
    temp = tempDir();
    host = createHostContext(join(temp.dir, 'items-50k.db'), new WorkerTaskRunner(), () => new Date('2024-07-01T09:00:00Z'));
    seedCatalogue(host.store);
    web = await startWebHost({ context: host.context, files: host.files, staticDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    host?.close();
    temp?.cleanup();
  });

  it('renders the list with only a screenful of row elements', async () => {
    expect(host.store.items.count()).toBe(itemCount);
    await page.goto(`${web.url}#/items`);
    await expect.poll(firstSku, { timeout: 90_000, interval: 500 }).toBe('SKU-00000');
    await page.getByText('Sales data through 30 Jun 2024').waitFor();
    await expect.poll(() => page.getByTestId('recommended-SKU-00000').innerText()).toBe('42');
    const rendered = await rows().count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(200);
    expect(problems).toEqual([]);
  }, 120_000);

  it('sorts by units sold and by item, most first', async () => {
    const top = bestSeller(() => true);
    await sortBy('Units sold');
    await expect.poll(firstSku, { timeout: 30_000 }).toBe(skuOf(top));
    expect(await rows().first().locator('td').nth(5).innerText()).toBe(itemCount.toLocaleString('en-GB'));
    await sortBy('Item');
    await expect.poll(firstSku, { timeout: 30_000 }).toBe(skuOf(itemCount - 1));
  });

  it('searches item codes and suppliers, keeping the sort', async () => {
    const box = page.getByLabel('Search items');
    await box.fill('SKU-31415');
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBe(1);
    expect(await firstSku()).toBe('SKU-31415');
    await box.fill('');
    await sortBy('Units sold');
    await box.fill('supplier 07');
    await expect.poll(firstSku, { timeout: 30_000 }).toBe(skuOf(bestSeller((index) => index % 40 === 7)));
    expect(await rows().first().locator('td').nth(2).innerText()).toBe('Supplier 07');
    await box.fill('');
    await expect.poll(firstSku, { timeout: 30_000 }).toBe(skuOf(bestSeller(() => true)));
  });

  it('shows the last item after scrolling to the end, still with few row elements', async () => {
    // Units sold: descend → ascend → unsorted, i.e. back to the server's order by item code.
    await sortBy('Units sold');
    await sortBy('Units sold');
    await expect.poll(firstSku, { timeout: 30_000 }).toBe('SKU-00000');
    const lastRow = page.getByLabel(`Open item ${skuOf(itemCount - 1)}`);
    expect(await lastRow.count()).toBe(0);
    // The virtual list's scroller is the table body's scroll container; jump to its end and let the list catch up.
    const scroller = page.locator('[data-testid=items-table] .n-data-table-base-table-body .v-vl');
    expect(await scroller.count()).toBe(1);
    const scrollToEnd = () =>
      scroller.evaluate((element) => {
        element.scrollTop = element.scrollHeight;
      });
    await expect
      .poll(async () => {
        await scrollToEnd();
        return lastRow.isVisible();
      }, { timeout: 30_000, interval: 500 })
      .toBe(true);
    expect(await rows().count()).toBeLessThan(200);
    expect((await rows().last().locator('td').first().innerText()).trim()).toBe(skuOf(itemCount - 1));
    await page.screenshot({ path: join(outputDir, 'items-50k.png') });
    expect(problems).toEqual([]);
  });

  it('hides and shows columns from the column chooser, remembered after a reload', async () => {
    const headers = () => page.locator('[data-testid=items-table] thead th').allInnerTexts();
    expect((await headers()).map((text) => text.trim())).toContain('Supplier');
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-supplier').click();
    await expect.poll(async () => (await headers()).map((text) => text.trim()).includes('Supplier'), { timeout: 30_000 }).toBe(false);
    await page.reload();
    await expect.poll(firstSku, { timeout: 90_000, interval: 500 }).toBe('SKU-00000');
    expect((await headers()).map((text) => text.trim())).not.toContain('Supplier');
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-supplier').click();
    await expect.poll(async () => (await headers()).map((text) => text.trim()).includes('Supplier'), { timeout: 30_000 }).toBe(true);
    expect(problems).toEqual([]);
  }, 150_000);
});
