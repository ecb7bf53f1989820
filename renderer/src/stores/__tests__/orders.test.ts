// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../../app/common/result';
import { useOrdersStore } from '../orders';
import { fakeApi } from './fakeApi';
import { purchaseOrder } from './fixtures';

vi.mock('../../api/client', async () => (await import('./fakeApi')).clientModule);

const acme = purchaseOrder({ id: 1, poNumber: 'PO-2024-0001', supplier: 'Acme', lines: [{ id: 11, itemId: 1, sku: 'A-1', description: null, quantity: 24, receivedQuantity: 0, unitCost: 2.5, expectedDate: '2024-07-15' }] });
const globex = purchaseOrder({ id: 2, poNumber: 'PO-2024-0002', supplier: 'Globex' });

describe('orders store', () => {
  beforeEach(() => {
    fakeApi.reset();
    setActivePinia(createPinia());
  });

  it('lists the purchase orders and clears an earlier error', async () => {
    fakeApi.respond('orders.list', fail('database-busy', 'The database is busy.'), ok([acme, globex]));
    const orders = useOrdersStore();
    await orders.load();
    expect(orders.error?.code).toBe('database-busy');
    expect(orders.loading).toBe(false);
    await orders.load();
    expect(orders.error).toBeNull();
    expect(orders.orders.map((order) => order.poNumber)).toEqual(['PO-2024-0001', 'PO-2024-0002']);
  });

  it('creates orders from the plan, returns them and reloads the list', async () => {
    fakeApi.respond('orders.createFromPlan', ok([acme]));
    fakeApi.respond('orders.list', ok([acme]));
    const orders = useOrdersStore();
    const created = await orders.createFromPlan();
    expect(created.map((order) => order.poNumber)).toEqual(['PO-2024-0001']);
    expect(fakeApi.calls.map((call) => call.method)).toEqual(['orders.createFromPlan', 'orders.list']);
    expect(orders.orders[0].lines[0].quantity).toBe(24);
  });

  it('returns no orders and keeps the error when there is no plan', async () => {
    fakeApi.respond('orders.createFromPlan', fail('not-found', 'There is no plan yet: create a plan first.'));
    const orders = useOrdersStore();
    expect(await orders.createFromPlan()).toEqual([]);
    expect(orders.error).toEqual({ code: 'not-found', message: 'There is no plan yet: create a plan first.' });
    expect(fakeApi.paramsOf('orders.list')).toEqual([]);
  });

  it('changes a status by order id and reloads; a refused change keeps the error', async () => {
    fakeApi.respond('orders.setStatus', ok({ ...acme, status: 'sent' as const }), fail('conflict', 'A received order cannot go back to draft.'));
    fakeApi.respond('orders.list', ok([{ ...acme, status: 'sent' as const }]));
    const orders = useOrdersStore();
    await orders.setStatus(acme, 'sent');
    expect(fakeApi.paramsOf('orders.setStatus')).toEqual([{ id: 1, status: 'sent' }]);
    expect(orders.orders[0].status).toBe('sent');
    await orders.setStatus(acme, 'draft');
    expect(orders.error?.code).toBe('conflict');
    expect(fakeApi.paramsOf('orders.list')).toHaveLength(1);
  });

  it('exports and hands the decoded file to the host', async () => {
    fakeApi.respond('orders.export', ok({ fileName: 'PO-2024-0001.csv', mimeType: 'text/csv', base64: btoa('PO,Item\r\nPO-2024-0001,A-1\r\n') }));
    const orders = useOrdersStore();
    await orders.exportOrders('csv', [1]);
    expect(fakeApi.paramsOf('orders.export')).toEqual([{ format: 'csv', ids: [1] }]);
    expect(fakeApi.savedFiles).toHaveLength(1);
    const [file] = fakeApi.savedFiles;
    expect([file.name, file.mimeType]).toEqual(['PO-2024-0001.csv', 'text/csv']);
    expect(new TextDecoder().decode(file.content as Uint8Array)).toBe('PO,Item\r\nPO-2024-0001,A-1\r\n');
  });

  it('saves nothing when the export fails', async () => {
    fakeApi.respond('orders.export', fail('not-found', 'No purchase orders match: create orders from a plan first.'));
    const orders = useOrdersStore();
    await orders.exportOrders('xlsx');
    expect(fakeApi.savedFiles).toEqual([]);
    expect(orders.error?.message).toBe('No purchase orders match: create orders from a plan first.');
  });
});
