/**
 * The one error type that crosses every boundary (API, IPC, HTTP, CLI) as data.
 *
 * `code` tells a host what to do (the CLI maps `invalid-input` to exit code 1 and `internal` to 2);
 * `message` is for the planner and says what to do next; `details` carries the location of bad
 * input (file, row, column) and lists of per-row problems.
 */
export type ErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'conflict'
  | 'database-newer'
  | 'database-busy'
  | 'cancelled'
  | 'unavailable'
  | 'internal';

export interface InputProblem {
  file?: string;
  row?: number;
  column?: string;
  value?: string;
  expected?: string;
  message: string;
}

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Row-level problems for bad input (the first 100; `problemCount` has the total). */
  problems?: InputProblem[];
  problemCount?: number;
  /** Stack trace of an internal error, for `--verbose` and bug reports. */
  stack?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, extra: Partial<AppError> = {}): Result<T> {
  return { ok: false, error: { code, message, ...extra } };
}

/** Thrown inside the core where unwinding is simpler than returning; hosts turn it back into data. */
export class AppFailure extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
    this.error = error;
  }
}

/** Convert anything thrown into an AppError (known failures keep their code; the rest are bugs). */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppFailure) return thrown.error;
  if (thrown instanceof Error) {
    if ((thrown as { code?: string }).code === 'SQLITE_BUSY') {
      return {
        code: 'database-busy',
        message: 'The database is busy (another Replenish window or command is writing). Try again in a moment.',
      };
    }
    return { code: 'internal', message: `Internal error: ${thrown.message}`, stack: thrown.stack };
  }
  return { code: 'internal', message: `Internal error: ${String(thrown)}` };
}
