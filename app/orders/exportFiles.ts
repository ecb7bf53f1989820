import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { PurchaseOrder } from '../store/orders';
import { neutraliseFormula, toCsv } from './csv';
import { purchaseOrderTotal } from './purchaseOrders';

export type ExportFormat = 'xlsx' | 'csv' | 'pdf';

/** Text cells are neutralised in every format: a description must never become a formula. */
const safe = (text: string | null | undefined): string => neutraliseFormula(text ?? '');

function lineAmount(line: PurchaseOrder['lines'][number]): number | null {
  return line.unitCost === null ? null : Math.round(line.quantity * line.unitCost * 100) / 100;
}

/** One sheet per PO: header block, the lines as a table, a total; dates are real date cells. */
export async function purchaseOrdersToXlsx(orders: PurchaseOrder[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Replenish';
  for (const order of orders) {
    const sheet = workbook.addWorksheet(order.poNumber.slice(0, 31));
    sheet.columns = [{ width: 14 }, { width: 40 }, { width: 12 }, { width: 12 }, { width: 14 }, { width: 14 }];
    sheet.addRow(['Purchase order', order.poNumber]).font = { bold: true, size: 14 };
    sheet.addRow(['Supplier', safe(order.supplier ?? 'No supplier set')]);
    sheet.addRow(['Date', new Date(order.createdAt.slice(0, 10) + 'T00:00:00Z')]).getCell(2).numFmt = 'yyyy-mm-dd';
    sheet.addRow(['Status', order.status]);
    sheet.addRow(['Currency', order.currency ?? '']);
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
        lineAmount(line),
        line.expectedDate ? new Date(`${line.expectedDate}T00:00:00Z`) : null,
      ]);
      row.getCell(4).numFmt = '#,##0.00';
      row.getCell(5).numFmt = '#,##0.00';
      row.getCell(6).numFmt = 'yyyy-mm-dd';
    }
    const last = sheet.rowCount;
    const total = sheet.addRow(['Total', '', { formula: `SUM(C${first}:C${last})`, result: order.lines.reduce((s, l) => s + l.quantity, 0) }, '',
      { formula: `SUM(E${first}:E${last})`, result: purchaseOrderTotal(order) }, '']);
    total.font = { bold: true };
    total.getCell(5).numFmt = '#,##0.00';
    sheet.views = [{ state: 'frozen', ySplit: first - 1 }];
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export function purchaseOrdersToCsv(orders: PurchaseOrder[]): string {
  const rows: (string | number | null)[][] = [['PO number', 'Supplier', 'Status', 'Item', 'Description', 'Quantity', 'Unit cost', 'Amount', 'Expected', 'Currency']];
  for (const order of orders) {
    for (const line of order.lines) {
      rows.push([order.poNumber, order.supplier, order.status, line.sku, line.description, line.quantity, line.unitCost, lineAmount(line), line.expectedDate, order.currency]);
    }
  }
  return toCsv(rows);
}

/** A printable PDF, one page (or more) per PO, with a line table and the total. */
export function purchaseOrdersToPdf(orders: PurchaseOrder[]): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({ size: 'A4', margin: 48, info: { Title: 'Purchase orders', Creator: 'Replenish' } });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    document.on('error', reject);
    // Column x positions on A4 (595 pt wide, 48 pt margins); the last column ends at 547.
    const columns = [48, 118, 300, 360, 420, 482];
    orders.forEach((order, index) => {
      if (index > 0) document.addPage();
      document.font('Helvetica-Bold').fontSize(18).text(`Purchase order ${order.poNumber}`);
      document.moveDown(0.5).font('Helvetica').fontSize(10);
      document.text(`Supplier: ${order.supplier ?? 'No supplier set'}`);
      document.text(`Date: ${order.createdAt.slice(0, 10)}    Status: ${order.status}    Currency: ${order.currency ?? ''}`);
      document.moveDown();
      const header = ['Item', 'Description', 'Quantity', 'Unit cost', 'Amount', 'Expected'];
      let y = document.y;
      document.font('Helvetica-Bold');
      header.forEach((title, column) => document.text(title, columns[column], y, { width: (columns[column + 1] ?? 547) - columns[column] - 4 }));
      document.font('Helvetica');
      y += 16;
      for (const line of order.lines) {
        if (y > 770) {
          document.addPage();
          y = 48;
        }
        const cells = [line.sku, line.description ?? '', String(line.quantity), line.unitCost?.toFixed(2) ?? '', lineAmount(line)?.toFixed(2) ?? '', line.expectedDate ?? ''];
        cells.forEach((text, column) => document.text(text, columns[column], y, { width: (columns[column + 1] ?? 547) - columns[column] - 4, lineBreak: false, ellipsis: true }));
        y += 14;
      }
      document.font('Helvetica-Bold').text(`Total: ${purchaseOrderTotal(order).toFixed(2)} ${order.currency ?? ''}`, columns[0], y + 8);
    });
    document.end();
  });
}
