import type { ApiValue } from '../../../../app/api';
import type { AppError } from '../../../../app/common/result';
import type { ItemSummary } from '../items';
import type { PlanLine, PlanView } from '../plan';
import type { PurchaseOrder } from '../orders';

/**
 * Typed answers in the shapes app/api returns (the renderer's typecheck holds them to the handler
 * types). Builders take overrides so each test states only the values it asserts on.
 */
export const invalidInput: AppError = { code: 'invalid-input', message: 'sales.csv: row 3, column “Quantity”: expected a number.' };
export const unavailable: AppError = { code: 'unavailable', message: 'Replenish is not answering (TypeError: Failed to fetch). Is `replenish serve` still running?' };

export function itemSummary(overrides: Partial<ItemSummary> & { id: number; sku: string }): ItemSummary {
  return {
    description: null, supplier: null, unitCost: null, currency: null, leadTimeDays: null, leadTimeSpreadDays: null, moq: null,
    orderMultiple: null, holdingCostRate: null, stockoutPenalty: null, serviceLevel: null, reviewPeriodDays: null,
    firstSale: '2024-01-01', lastSale: '2024-06-30', totalUnits: 0, salesDays: 0, meanDailyUnits: 0,
    abc: 'C', xyz: 'Z', weeklyUnits: [], onHand: 0, onHandAsOf: null, onOrder: 0,
    ...overrides,
  };
}

export function planLine(overrides: Partial<PlanLine> & { itemId: number; sku: string }): PlanLine {
  return {
    policy: 'base-stock', recommendedQty: 0, classicalPolicy: null, classicalQty: null, inventoryPosition: 0, onHand: 0, onOrder: 0,
    reason: 'Order up to cover lead time and review period.', details: {}, overrideQty: null, skipped: false,
    description: null, supplier: null, unitCost: null, finalQty: overrides.recommendedQty ?? 0,
    ...overrides,
  };
}

export function planView(id: number, lines: PlanLine[]): PlanView {
  return { plan: { id, planDate: '2024-07-01', createdAt: '2024-07-01T09:00:00.000Z', budget: null, status: 'draft', summary: {} }, lines };
}

export function purchaseOrder(overrides: Partial<PurchaseOrder> & { id: number; poNumber: string }): PurchaseOrder {
  return {
    supplier: 'Acme', status: 'draft', source: 'plan', planId: 1, currency: 'EUR', notes: null,
    createdAt: '2024-07-01T09:00:00.000Z', sentAt: null, closedAt: null, lines: [],
    ...overrides,
  };
}

export function importPreview(overrides: Partial<ApiValue<'data.previewImport'>> = {}): ApiValue<'data.previewImport'> {
  return {
    fileName: 'sales.csv', format: 'csv', encoding: 'utf-8', delimiter: ',', headers: ['Date', 'Item', 'Qty'],
    sampleRows: [['2024-01-02', 'A-1', '3']], detectedKind: 'sales', mapping: { date: 'Date', item: 'Item', quantity: 'Qty' },
    missingFields: [], dateOrder: 'ymd', ambiguities: [], rulesText: 'Sales rules',
    ...overrides,
  };
}

export function importSummary(overrides: Partial<ApiValue<'data.import'>> = {}): ApiValue<'data.import'> {
  return {
    kind: 'sales', file: 'sales.csv', rowsRead: 120, rowsImported: 118, rowsSkipped: 2, duplicates: 0, items: 15,
    dateFrom: '2024-01-02', dateTo: '2024-06-30', warnings: [], skippedByReason: { cancellation: 2 }, dryRun: false, batchId: 7,
    ...overrides,
  };
}

export function trainingRuns(updatesDone: number): ApiValue<'training.runs'> {
  return {
    runs: [
      {
        id: 3, policyId: 2, status: 'completed', seed: 1, config: {}, backend: 'cpu', updatesDone, checkpointAt: null, error: null,
        startedAt: '2024-07-01T09:00:00.000Z', finishedAt: '2024-07-01T09:02:00.000Z', curve: [{ update: 1, steps: 2048, meanCostPerPeriod: 4.5 }],
      },
    ],
    activePolicy: null,
    candidatePolicy: null,
  };
}

export function trainingResult(overrides: Partial<ApiValue<'training.start'>> = {}): ApiValue<'training.start'> {
  return {
    runId: 3, policyId: 2, backend: 'cpu', resumedFromUpdate: null, updatesDone: 12, steps: 24576, seconds: 10, cancelled: false, comparison: [],
    startedFrom: 'tuned classical rules', selection: null,
    adoption: { adopted: true, against: null, weeks: null, newCost: null, incumbentCost: null, reason: 'No policy in use yet.' },
    ...overrides,
  };
}
