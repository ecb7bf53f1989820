import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { PurchaseOrder } from '../store/orders';
import { neutraliseFormula, toCsv } from './csv';
import { currencyStyle, formatMoney, printableStyle, roundMoney, spreadsheetMoneyFormat, type CurrencyStyle } from './money';

export type ExportFormat = 'xlsx' | 'csv' | 'pdf';

export interface ExportOptions {
  /**
   * The settings' currency, for orders that recorded none (open orders imported without one).
   * Orders created from a plan carry the currency they were created in, which they keep.
   */
  defaultCurrency?: string;
}

/** Text cells are neutralised in every format: a description must never become a formula. */
const safe = (text: string | null | undefined): string => neutraliseFormula(text ?? '');

/** Unit costs show up to this many decimals beyond the currency's (£0.125 stays £0.125). */
const unitCostExtraDigits = 2;

function orderCurrency(order: PurchaseOrder, options: ExportOptions): string {
  return order.currency ?? options.defaultCurrency ?? '';
}

function lineAmount(line: PurchaseOrder['lines'][number], style: CurrencyStyle): number | null {
  return line.unitCost === null ? null : roundMoney(line.quantity * line.unitCost, style);
}

/** The order's total as the documents show it: the sum of its rounded line amounts. */
function orderAmount(order: PurchaseOrder, style: CurrencyStyle): number {
  return roundMoney(order.lines.reduce((sum, line) => sum + (lineAmount(line, style) ?? 0), 0), style);
}

/**
 * One sheet per PO: header block, the lines as a table, a total; dates are real date cells and
 * amounts are numbers formatted in the order's currency.
 */
export async function purchaseOrdersToXlsx(orders: PurchaseOrder[], options: ExportOptions = {}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Replenish';
  for (const order of orders) {
    const style = currencyStyle(orderCurrency(order, options));
    const moneyFormat = spreadsheetMoneyFormat(style);
    const sheet = workbook.addWorksheet(order.poNumber.slice(0, 31));
    sheet.columns = [{ width: 14 }, { width: 40 }, { width: 12 }, { width: 12 }, { width: 14 }, { width: 14 }];
    sheet.addRow(['Purchase order', order.poNumber]).font = { bold: true, size: 14 };
    sheet.addRow(['Supplier', safe(order.supplier ?? 'No supplier set')]);
    sheet.addRow(['Date', new Date(order.createdAt.slice(0, 10) + 'T00:00:00Z')]).getCell(2).numFmt = 'yyyy-mm-dd';
    sheet.addRow(['Status', order.status]);
    sheet.addRow(['Currency', safe(style.code)]);
    sheet.addRow([]);
    const header = sheet.addRow(['Item', 'Description', 'Quantity', 'Unit cost', 'Amount', 'Expected']);
    header.font = { bold: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F5EE' } };
      cell.border = { bottom: { style: 'thin' } };
    });
    const first = sheet.rowCount + 1;
    for (const line of order.lines) {
      const row = sheet.addRow([
        safe(line.sku),
        safe(line.description),
        line.quantity,
        line.unitCost,
        lineAmount(line, style),
        line.expectedDate ? new Date(`${line.expectedDate}T00:00:00Z`) : null,
      ]);
      row.getCell(4).numFmt = spreadsheetMoneyFormat(style, unitCostExtraDigits);
      row.getCell(5).numFmt = moneyFormat;
      row.getCell(6).numFmt = 'yyyy-mm-dd';
    }
    const last = sheet.rowCount;
    const total = sheet.addRow(['Total', '', { formula: `SUM(C${first}:C${last})`, result: order.lines.reduce((s, l) => s + l.quantity, 0) }, '',
      { formula: `SUM(E${first}:E${last})`, result: orderAmount(order, style) }, '']);
    total.font = { bold: true };
    total.getCell(5).numFmt = moneyFormat;
    sheet.views = [{ state: 'frozen', ySplit: first - 1 }];
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Machine-readable: amounts are plain numbers (no symbol, no grouping), their currency in its own column. */
export function purchaseOrdersToCsv(orders: PurchaseOrder[], options: ExportOptions = {}): string {
  const rows: (string | number | null)[][] = [['PO number', 'Supplier', 'Status', 'Item', 'Description', 'Quantity', 'Unit cost', 'Amount', 'Expected', 'Currency']];
  for (const order of orders) {
    const style = currencyStyle(orderCurrency(order, options));
    for (const line of order.lines) {
      rows.push([order.poNumber, order.supplier, order.status, line.sku, line.description, line.quantity, line.unitCost, lineAmount(line, style), line.expectedDate, style.code]);
    }
  }
  return toCsv(rows);
}

/** A printable PDF, one page (or more) per PO, with a line table and the total in the order's currency. */
export function purchaseOrdersToPdf(orders: PurchaseOrder[], options: ExportOptions = {}): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({ size: 'A4', margin: 48, info: { Title: 'Purchase orders', Creator: 'Replenish' } });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    document.on('error', reject);
    // Column x positions on A4 (595 pt wide, 48 pt margins); the last column ends at 547. Amounts
    // get the widest columns: '£1,234,567.89' must fit without being cut.
    const columns = [48, 118, 262, 312, 386, 476];
    const columnEnd = (column: number): number => (columns[column + 1] ?? 547) - 6;
    /** Columns holding numbers, written flush right. */
    const numeric = new Set([2, 3, 4]);
    const cell = (text: string, column: number, y: number): void => {
      const width = columnEnd(column) - columns[column];
      // pdfkit aligns only wrapped text; a single line is placed flush right by measuring it.
      if (numeric.has(column)) document.text(text, Math.max(columns[column], columnEnd(column) - document.widthOfString(text)), y, { lineBreak: false });
      else document.text(fitted(text, width), columns[column], y, { lineBreak: false });
    };
    /** Text cut to the column with an ellipsis (pdfkit draws a single line at its full length). */
    const fitted = (text: string, width: number): string => {
      if (document.widthOfString(text) <= width) return text;
      let length = text.length;
      while (length > 0 && document.widthOfString(`${text.slice(0, length)}…`) > width) length--;
      return `${text.slice(0, length)}…`;
    };
    orders.forEach((order, index) => {
      if (index > 0) document.addPage();
      const style = printableStyle(currencyStyle(orderCurrency(order, options)));
      document.font('Helvetica-Bold').fontSize(18).text(`Purchase order ${order.poNumber}`);
      document.moveDown(0.5).font('Helvetica').fontSize(10);
      document.text(`Supplier: ${order.supplier ?? 'No supplier set'}`);
      document.text(`Date: ${order.createdAt.slice(0, 10)}    Status: ${order.status}    Currency: ${style.code || 'not set'}`);
      document.moveDown();
      const header = ['Item', 'Description', 'Quantity', 'Unit cost', 'Amount', 'Expected'];
      let y = document.y;
      document.font('Helvetica-Bold');
      header.forEach((title, column) => cell(title, column, y));
      document.font('Helvetica');
      y += 16;
      for (const line of order.lines) {
        if (y > 770) {
          document.addPage();
          y = 48;
        }
        const amount = lineAmount(line, style);
        const cells = [
          line.sku,
          line.description ?? '',
          String(line.quantity),
          line.unitCost === null ? '' : formatMoney(line.unitCost, style, unitCostExtraDigits),
          amount === null ? '' : formatMoney(amount, style),
          line.expectedDate ?? '',
        ];
        cells.forEach((text, column) => cell(text, column, y));
        y += 14;
      }
      if (y > 750) {
        document.addPage();
        y = 40;
      }
      document.font('Helvetica-Bold');
      cell('Total', 0, y + 8);
      cell(formatMoney(orderAmount(order, style), style), 4, y + 8);
    });
    document.end();
  });
}
