/**
 * The one progress-event type. Long operations (import, fit, training, planning) report through it;
 * hosts forward it unchanged (IPC message, server-sent event, terminal progress bar).
 */
export interface ProgressEvent {
  /** Correlates events with the call that started the work (chosen by the caller). */
  taskId: string;
  kind: 'import' | 'fit' | 'training' | 'plan' | 'backtest' | 'export' | 'bench';
  /** Short phase name shown next to the bar, e.g. "reading", "writing", "update 12/200". */
  phase: string;
  /** Work done and total in the same unit (bytes, rows, updates); total null when unknown. */
  done: number;
  total: number | null;
  /** Seconds left, when it can be estimated. */
  etaSeconds?: number;
  /** Extra figures for live charts (training: cost per period, steps/s …). */
  metrics?: Record<string, number>;
  /** True on the last event of a task. */
  finished?: boolean;
}

export type ProgressSink = (event: ProgressEvent) => void;
