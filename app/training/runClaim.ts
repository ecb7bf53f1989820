import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AppFailure } from '../common/result';
import { heartbeatEveryMs, type ClaimantIdentity, type TrainingRepository } from '../store/training';

/** This process as the owner of a training run, with a token new for this claim. */
export function newClaimant(): ClaimantIdentity {
  return { pid: process.pid, host: hostname(), token: randomUUID() };
}

/** What a training whose run another process took over stops with. */
export function takenOverFailure(runId: number): AppFailure {
  return new AppFailure({
    code: 'conflict',
    message:
      `Training run ${runId} was taken over by another process (this one had shown no sign of life for too long), ` +
      'so this process stopped without saving over it.',
  });
}

/**
 * Keeps a claimed run's heartbeat fresh so that other processes see its owner alive, and notices
 * when the claim was lost (another process took the run over after this one looked dead).
 * `beat()` is cheap to call often: it writes at most once per `everyMs`. A write that fails (the
 * database busy with another writer) is skipped; the next beat tries again.
 */
export class RunHeartbeat {
  private lastBeatMs: number;
  private timer: NodeJS.Timeout | undefined;
  private lostClaim = false;

  constructor(
    private readonly training: TrainingRepository,
    readonly runId: number,
    private readonly token: string,
    private readonly everyMs = heartbeatEveryMs,
    private readonly clock: () => number = Date.now,
  ) {
    this.lastBeatMs = clock();
  }

  /** True once a write found the run no longer this claim's. */
  get lost(): boolean {
    return this.lostClaim;
  }

  beat(): void {
    const nowMs = this.clock();
    if (this.lostClaim || nowMs - this.lastBeatMs < this.everyMs) return;
    this.lastBeatMs = nowMs;
    try {
      if (!this.training.heartbeat(this.runId, this.token, new Date(nowMs).toISOString())) this.lostClaim = true;
    } catch {
      // Busy or failing database: the heartbeat is only a sign of life; the next one retries.
    }
  }

  /** Record that a write of this run (a checkpoint) found the claim lost, and fail with the reason. */
  markLost(): AppFailure {
    this.lostClaim = true;
    return takenOverFailure(this.runId);
  }

  /** Throw the takeover failure if the claim was lost. */
  assertHeld(): void {
    if (this.lostClaim) throw takenOverFailure(this.runId);
  }

  /**
   * Also beat on a timer, for the stretches without progress events. The timer only fires while
   * the event loop is free; long synchronous phases call `beat()` themselves.
   */
  start(): void {
    this.timer ??= setInterval(() => this.beat(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
