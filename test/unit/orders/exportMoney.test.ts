import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { purchaseOrdersToCsv, purchaseOrdersToPdf, purchaseOrdersToXlsx } from '../../../app/orders/exportFiles';
import { currencyStyle, formatMoney, printableStyle, spreadsheetMoneyFormat } from '../../../app/orders/money';
import type { PurchaseOrder, PurchaseOrderLine } from '../../../app/store/orders';
import { tempDir } from '../../helpers/tempDir';

/** Amounts in purchase-order exports: currency formats in XLSX, currency text in PDF, plain numbers in CSV. */

let lineId = 0;
function line(sku: string, quantity: number, unitCost: number | null): PurchaseOrderLine {
  lineId++;
  return { id: lineId, itemId: lineId, sku, description: `Item ${sku}`, quantity, receivedQuantity: 0, unitCost, expectedDate: '2024-03-11' };
}

function order(poNumber: string, currency: string | null, lines: PurchaseOrderLine[]): PurchaseOrder {
  return { id: lineId, poNumber, supplier: 'Acme', status: 'draft', source: 'plan', planId: 1, currency, notes: null, createdAt: '2024-03-04T09:00:00Z', sentAt: null, closedAt: null, lines };
}

// 30.00 + 125.00 + (uncosted) + 1,500,499.50 = 1,500,654.50
const pounds = order('PO-GBP', 'GBP', [line('A-1', 12, 2.5), line('A-2', 1000, 0.125), line('A-3', 3, null), line('A-4', 1500, 1000.333)]);
/** Imported without a currency: the settings' currency applies. */
const unset = order('PO-NONE', null, [line('B-1', 4, 10.5)]);
const rupees = order('PO-INR', 'INR', [line('C-1', 1, 1234.5)]);
const yen = order('PO-JPY', 'JPY', [line('D-1', 3, 333.4)]);
const orders = [pounds, unset, rupees, yen];

describe('currency styles', () => {
  it('describe symbol, position and minor unit of a currency, and fall back for unknown text', () => {
    expect(currencyStyle('GBP')).toEqual({ code: 'GBP', symbol: '£', symbolFirst: true, gap: '', fractionDigits: 2 });
    expect(currencyStyle('CHF')).toMatchObject({ symbol: 'CHF', symbolFirst: true, gap: ' ' });
    expect(currencyStyle('JPY').fractionDigits).toBe(0);
    expect(currencyStyle('BHD').fractionDigits).toBe(3);
    expect(currencyStyle('euros')).toEqual({ code: 'euros', symbol: 'euros', symbolFirst: false, gap: ' ', fractionDigits: 2 });
    expect(currencyStyle(null)).toMatchObject({ code: '', symbol: '' });
  });

  it('write amounts and spreadsheet formats the same way', () => {
    const gbp = currencyStyle('GBP');
    expect(formatMoney(1234.5, gbp)).toBe('£1,234.50');
    expect(formatMoney(-1234.5, gbp)).toBe('-£1,234.50');
    expect(formatMoney(-0.001, gbp)).toBe('£0.00');
    expect(formatMoney(0.125, gbp, 2)).toBe('£0.125');
    expect(formatMoney(2.5, gbp, 2)).toBe('£2.50');
    expect(formatMoney(1234.5, currencyStyle('CHF'))).toBe('CHF 1,234.50');
    expect(formatMoney(1234.5, currencyStyle('euros'))).toBe('1,234.50 euros');
    expect(formatMoney(1234.5, currencyStyle(''))).toBe('1,234.50');
    expect(formatMoney(1234.4, currencyStyle('JPY'))).toBe('JP¥1,234');
    expect(spreadsheetMoneyFormat(gbp)).toBe('"£"#,##0.00');
    expect(spreadsheetMoneyFormat(gbp, 2)).toBe('"£"#,##0.00##');
    expect(spreadsheetMoneyFormat(currencyStyle('CHF'))).toBe('"CHF "#,##0.00');
    expect(spreadsheetMoneyFormat(currencyStyle('euros'))).toBe('#,##0.00" euros"');
    expect(spreadsheetMoneyFormat(currencyStyle('JPY'))).toBe('"JP¥"#,##0');
    expect(spreadsheetMoneyFormat(currencyStyle(''))).toBe('#,##0.00');
  });

  it('print the ISO code where a standard PDF font has no glyph for the symbol', () => {
    expect(printableStyle(currencyStyle('GBP')).symbol).toBe('£');
    expect(printableStyle(currencyStyle('EUR')).symbol).toBe('€');
    expect(formatMoney(1234.5, printableStyle(currencyStyle('INR')))).toBe('INR 1,234.50');
  });
});

describe('purchase-order exports with money', () => {
  const temp = tempDir('replenish-po-money-');
  afterAll(() => temp.cleanup());

  it('XLSX: amounts are numbers with the order’s currency format; the total adds the rounded amounts', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await purchaseOrdersToXlsx(orders, { defaultCurrency: 'EUR' })).buffer as ArrayBuffer);

    /** The row of a PO's sheet whose first cell is `first` (an item, or 'Total'). */
    const rowIn = (poNumber: string, first: string): ExcelJS.Row => {
      let found: ExcelJS.Row | undefined;
      workbook.getWorksheet(poNumber)!.eachRow((row) => {
        if (row.getCell(1).value === first) found = row;
      });
      return found!;
    };
    const sheet = workbook.getWorksheet('PO-GBP')!;
    const rowOf = (first: string): ExcelJS.Row => rowIn('PO-GBP', first);
    expect(sheet.getRow(5).values).toEqual([undefined, 'Currency', 'GBP']);
    const first = rowOf('A-1');
    expect(first.getCell(4).value).toBe(2.5);
    expect(first.getCell(4).numFmt).toBe('"£"#,##0.00##');
    expect(first.getCell(5).value).toBe(30);
    expect(first.getCell(5).numFmt).toBe('"£"#,##0.00');
    expect(rowOf('A-2').getCell(4).value).toBe(0.125);
    expect(rowOf('A-2').getCell(5).value).toBe(125);
    expect(rowOf('A-3').getCell(5).value).toBeNull();
    expect(rowOf('A-4').getCell(5).value).toBe(1_500_499.5);
    const total = rowOf('Total');
    expect(total.getCell(5).numFmt).toBe('"£"#,##0.00');
    expect(total.getCell(5).value).toMatchObject({ formula: expect.stringMatching(/^SUM\(E\d+:E\d+\)$/), result: 1_500_654.5 });

    const defaulted = workbook.getWorksheet('PO-NONE')!;
    expect(defaulted.getRow(5).values).toEqual([undefined, 'Currency', 'EUR']);
    expect(rowIn('PO-NONE', 'B-1').getCell(5).value).toBe(42);
    expect(rowIn('PO-NONE', 'B-1').getCell(5).numFmt).toBe('"€"#,##0.00');
    // A spreadsheet can draw any symbol: no ISO-code fallback here.
    expect(rowIn('PO-INR', 'C-1').getCell(5).numFmt).toBe('"₹"#,##0.00');
    const yenRow = rowIn('PO-JPY', 'D-1');
    expect(yenRow.getCell(5).value).toBe(1000);
    expect(yenRow.getCell(5).numFmt).toBe('"JP¥"#,##0');
  });

  it('CSV: plain numbers, and the currency (the settings’ where the order has none) in its own column', () => {
    const text = purchaseOrdersToCsv(orders, { defaultCurrency: 'EUR' }).replace(/^\uFEFF/, '');
    const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['PO number', 'Supplier', 'Status', 'Item', 'Description', 'Quantity', 'Unit cost', 'Amount', 'Expected', 'Currency']);
    const bySku = new Map(rows.slice(1).map((row) => [row[3], row]));
    expect(bySku.get('A-4')!.slice(5, 10)).toEqual(['1500', '1000.333', '1500499.5', '2024-03-11', 'GBP']);
    expect(bySku.get('A-3')![7]).toBe('');
    expect(bySku.get('B-1')!.slice(7)).toEqual(['42', '2024-03-11', 'EUR']);
    expect(bySku.get('D-1')![7]).toBe('1000');
    // Without a settings' currency an order that has none leaves the column empty.
    const bare = Papa.parse<string[]>(purchaseOrdersToCsv([unset]).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(bare[1][9]).toBe('');
  });

  it('PDF: unit costs, amounts and totals written with the currency', async () => {
    const path = join(temp.dir, 'orders.pdf');
    writeFileSync(path, await purchaseOrdersToPdf(orders, { defaultCurrency: 'EUR' }));
    const result = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(result.error, 'pdftotext (Debian poppler-utils) must be installed').toBeUndefined();
    const pages = result.stdout.split('\f');
    const page = (poNumber: string): string => pages.find((text) => text.includes(`Purchase order ${poNumber}`))!;

    const gbp = page('PO-GBP');
    expect(gbp).toContain('Currency: GBP');
    expect(gbp).toMatch(/A-1 .*12\s+£2\.50\s+£30\.00\s+2024-03-11/);
    expect(gbp).toMatch(/A-2 .*1000\s+£0\.125\s+£125\.00/);
    expect(gbp).toMatch(/A-4 .*1500\s+£1,000\.333\s+£1,500,499\.50/);
    expect(gbp).toMatch(/Total\s+£1,500,654\.50/);
    const eur = page('PO-NONE');
    expect(eur).toContain('Currency: EUR');
    expect(eur).toMatch(/Total\s+€42\.00/);
    expect(page('PO-INR')).toMatch(/Total\s+INR 1,234\.50/);
    expect(page('PO-JPY')).toMatch(/D-1 .*3\s+JP¥333\.4\s+JP¥1,000\s/);
  });
});
