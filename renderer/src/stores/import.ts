import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ApiParams, ApiValue } from '../../../app/api';
import { api, type AppError, type StagedFile } from '../api/client';
import { useAppStore } from './app';

export type ImportPreview = ApiValue<'data.previewImport'>;
export type ImportSummary = ApiValue<'data.import'>;
type ImportKind = NonNullable<ApiParams<'data.import'>['kind']>;

/** The import wizard: choose → preview (mapping) → import → summary or errors. */
export const useImportStore = defineStore('import', () => {
  const file = ref<StagedFile | null>(null);
  const preview = ref<ImportPreview | null>(null);
  const kind = ref<ImportKind | undefined>(undefined);
  const mapping = ref<Record<string, string>>({});
  const summary = ref<ImportSummary | null>(null);
  const error = ref<AppError | null>(null);
  const busy = ref(false);
  /** Name to save the column mapping under, so the next file of this shape imports in one click. */
  const saveMappingAs = ref('');
  const savedMappings = ref<ApiValue<'data.mappings'>>([]);
  const taskId = ref<string | null>(null);
  const app = useAppStore();
  const progress = computed(() => (taskId.value ? app.progress[taskId.value] : undefined));

  function reset(): void {
    file.value = null;
    preview.value = null;
    summary.value = null;
    error.value = null;
    mapping.value = {};
    kind.value = undefined;
  }

  async function loadMappings(): Promise<void> {
    const result = await api.send('data.mappings', {});
    if (result.ok) savedMappings.value = result.value;
  }

  /** Apply a saved mapping (and its kind) to the chosen file. */
  async function useMapping(name: string): Promise<void> {
    const saved = savedMappings.value.find((entry) => entry.name === name);
    if (!saved) return;
    kind.value = saved.kind;
    mapping.value = { ...saved.mapping };
    await refreshPreview();
  }

  async function choose(chosen: File): Promise<void> {
    reset();
    void loadMappings();
    busy.value = true;
    const staged = await api.stageFile(chosen);
    if (!staged.ok) {
      busy.value = false;
      error.value = staged.error;
      return;
    }
    file.value = staged.value;
    await refreshPreview();
    busy.value = false;
  }

  async function refreshPreview(): Promise<void> {
    if (!file.value) return;
    const result = await api.send('data.previewImport', {
      fileId: file.value.fileId,
      kind: kind.value,
      mapping: Object.keys(mapping.value).length > 0 ? mapping.value : undefined,
    });
    if (!result.ok) {
      error.value = result.error;
      preview.value = null;
      return;
    }
    error.value = null;
    preview.value = result.value;
    kind.value = result.value.detectedKind ?? kind.value;
    mapping.value = { ...result.value.mapping };
  }

  async function run(dryRun = false): Promise<void> {
    if (!file.value) return;
    busy.value = true;
    error.value = null;
    summary.value = null;
    taskId.value = `import-${Date.now()}`;
    const result = await api.send('data.import', {
      fileId: file.value.fileId,
      kind: kind.value,
      mapping: mapping.value,
      dryRun,
      taskId: taskId.value,
      saveMappingAs: saveMappingAs.value.trim() || undefined,
    });
    busy.value = false;
    if (result.ok) summary.value = result.value;
    else error.value = result.error;
  }

  return { file, preview, kind, mapping, summary, error, busy, progress, saveMappingAs, savedMappings, reset, choose, refreshPreview, run, useMapping };
});
