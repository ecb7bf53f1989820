/**
 * Seeded invoice-line sales data for the import benchmarks (UCI "Online Retail" shape: InvoiceNo,
 * StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country). A few thousand
 * items over two years, ~2 % cancellations ("C" invoices with negative quantities), ~1 % exact
 * duplicate lines and a few zero-price adjustments, so validation and de-duplication do real work.
 * Never committed: generated into a temporary folder by each run.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { Rng } from '../../app/random/rng';

export const SALES_HEADER = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
const ITEM_COUNT = 3_000;
const COUNTRIES = ['United Kingdom', 'Germany', 'France', 'EIRE', 'Spain', 'Netherlands', 'Belgium', 'Switzerland', 'Portugal', 'Norway'];
const WORDS = ['WHITE', 'HANGING', 'HEART', 'T-LIGHT', 'HOLDER', 'RED', 'RETROSPOT', 'CAKE', 'CASES', 'VINTAGE', 'JUMBO', 'BAG',
  'LUNCH', 'BOX', 'SET', 'OF', '3', 'GLASS', 'STAR', 'FROSTED', 'LANTERN', 'PAPER', 'CHAIN', 'KIT', 'DOORMAT', 'CERAMIC'];
const START_MS = Date.UTC(2023, 0, 2);
const DAYS = 730;

export type SalesRow = [invoice: string, stockCode: string, description: string, quantity: number, date: string, unitPrice: number, customer: string, country: string];

/** Calls `emit` with `rowCount` rows, deterministic for a seed (dates move forward like an ERP export). */
export function generateSalesRows(rowCount: number, seed: number, emit: (row: SalesRow) => void): void {
  const rng = new Rng(seed);
  const codes: string[] = [];
  const descriptions: string[] = [];
  const prices: number[] = [];
  for (let item = 0; item < ITEM_COUNT; item++) {
    codes.push(String(20000 + item * 7 + rng.integer(7)) + (rng.uniform() < 0.2 ? 'ABCDEFG'[rng.integer(7)] : ''));
    const words = 2 + rng.integer(4);
    const parts: string[] = [];
    for (let w = 0; w < words; w++) parts.push(WORDS[rng.integer(WORDS.length)]);
    descriptions.push(parts.join(' '));
    prices.push(Math.round(Math.exp(rng.normal() * 0.8 + 1) * 100) / 100);
  }
  const recent: SalesRow[] = [];
  let invoice = 536000;
  let linesLeftInInvoice = 0;
  let customer = '';
  let country = '';
  let date = '';
  for (let index = 0; index < rowCount; index++) {
    if (recent.length > 0 && rng.uniform() < 0.01) {
      // An exact duplicate of a recent line (ERP exports repeat lines).
      const copy = recent[rng.integer(recent.length)];
      emit(copy);
      continue;
    }
    if (linesLeftInInvoice === 0) {
      invoice++;
      linesLeftInInvoice = 1 + rng.integer(30);
      customer = String(12000 + rng.integer(5000));
      country = COUNTRIES[Math.min(COUNTRIES.length - 1, Math.floor(rng.geometric(1.5)))];
      const dayMs = START_MS + Math.floor((index / rowCount) * DAYS) * 86_400_000;
      const minute = 8 * 60 + rng.integer(10 * 60);
      const stamp = new Date(dayMs + minute * 60_000).toISOString();
      date = `${stamp.slice(0, 10)} ${stamp.slice(11, 16)}`;
    }
    linesLeftInInvoice--;
    const item = Math.min(ITEM_COUNT - 1, Math.floor(ITEM_COUNT * Math.pow(rng.uniform(), 2)));
    const cancelled = rng.uniform() < 0.02;
    const quantity = (1 + rng.geometric(6)) * (cancelled ? -1 : 1);
    const unitPrice = rng.uniform() < 0.002 ? 0 : prices[item];
    const row: SalesRow = [cancelled ? `C${invoice}` : String(invoice), codes[item], descriptions[item], quantity, date, unitPrice, customer, country];
    emit(row);
    if (recent.length < 64) recent.push(row);
    else recent[rng.integer(64)] = row;
  }
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes the seeded sales CSV (comma-separated, header row, LF line ends). */
export function writeSalesCsv(path: string, rowCount: number, seed: number): void {
  const fd = openSync(path, 'w');
  try {
    let buffer = SALES_HEADER.join(',') + '\n';
    generateSalesRows(rowCount, seed, (row) => {
      buffer += row.map(csvField).join(',') + '\n';
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    });
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the same seeded rows as an XLSX with exceljs's streaming writer, the way spreadsheet
 * programs save them: shared strings, real date cells, numbers as numbers (CustomerID too).
 */
export async function writeSalesXlsx(path: string, rowCount: number, seed: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Sales');
  sheet.addRow(SALES_HEADER).commit();
  generateSalesRows(rowCount, seed, ([invoice, stockCode, description, quantity, date, unitPrice, customer, country]) => {
    const when = new Date(`${date.replace(' ', 'T')}:00Z`);
    sheet.addRow([invoice, stockCode, description, quantity, when, unitPrice, Number(customer), country]).commit();
  });
  sheet.commit();
  await workbook.commit();
}
