import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApiValue } from '../../../app/api';
import { api, type AppError } from '../api/client';

export type PurchaseOrder = ApiValue<'orders.list'>[number];
type Status = PurchaseOrder['status'];

export const useOrdersStore = defineStore('orders', () => {
  const orders = ref<PurchaseOrder[]>([]);
  const loading = ref(false);
  const error = ref<AppError | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    const result = await api.send('orders.list', {});
    loading.value = false;
    if (result.ok) {
      orders.value = result.value;
      error.value = null;
    } else error.value = result.error;
  }

  async function createFromPlan(): Promise<PurchaseOrder[]> {
    const result = await api.send('orders.createFromPlan', {});
    if (!result.ok) {
      error.value = result.error;
      return [];
    }
    await load();
    return result.value;
  }

  async function setStatus(order: PurchaseOrder, status: Status): Promise<void> {
    const result = await api.send('orders.setStatus', { id: order.id, status });
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    await load();
  }

  /** Export and hand the file to the host (save dialog on the desktop, a download in the browser). */
  async function exportOrders(format: 'xlsx' | 'csv' | 'pdf', ids?: number[]): Promise<void> {
    const result = await api.send('orders.export', { format, ids });
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    await api.saveBinary(result.value.fileName, result.value.base64, result.value.mimeType);
  }

  return { orders, loading, error, load, createFromPlan, setStatus, exportOrders };
});
