import type { ProgressEvent } from '../../app/api/progress';

/**
 * Progress on stderr: a redrawn bar on a terminal, plain lines otherwise (logs, CI), at most one
 * line per tenth of the work so that piped output stays readable.
 */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): (event: ProgressEvent) => void {
  let lastDecile = -1;
  let lastDraw = 0;
  return (event) => {
    const fraction = event.total ? Math.min(1, event.done / event.total) : null;
    const eta = event.etaSeconds !== undefined ? ` ETA ${formatSeconds(event.etaSeconds)}` : '';
    if (stream.isTTY) {
      const now = Date.now();
      if (!event.finished && now - lastDraw < 100) return;
      lastDraw = now;
      const width = 30;
      const filled = fraction === null ? 0 : Math.round(fraction * width);
      const bar = fraction === null ? '…'.padEnd(width) : '█'.repeat(filled) + '░'.repeat(width - filled);
      const percent = fraction === null ? '' : ` ${(fraction * 100).toFixed(0).padStart(3)}%`;
      stream.write(`\r${event.kind} ${bar}${percent} ${event.phase}${eta}\x1b[K`);
      if (event.finished) stream.write('\n');
      return;
    }
    const decile = fraction === null ? lastDecile : Math.floor(fraction * 10);
    if (decile === lastDecile && !event.finished) return;
    lastDecile = decile;
    const percent = fraction === null ? '' : ` ${(fraction * 100).toFixed(0)}%`;
    stream.write(`${event.kind}:${percent} ${event.phase}${eta}\n`);
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
