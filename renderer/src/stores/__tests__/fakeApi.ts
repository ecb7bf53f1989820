import type { ApiMethod, ApiParams, ApiValue } from '../../../../app/api';
import type { ProgressEvent } from '../../../../app/api/progress';
import type { Result } from '../../../../app/common/result';
import type { api as realClient, StagedFile } from '../../api/client';

/** Answers one call; it may return a pending promise so that a test can look at in-flight state. */
export type Responder<M extends ApiMethod> = (params: ApiParams<M>) => Result<ApiValue<M>> | Promise<Result<ApiValue<M>>>;

export interface SavedFile {
  name: string;
  content: string | Uint8Array;
  mimeType: string;
}

/**
 * A stand-in for renderer/src/api/client at the dashboard's boundary. Tests script the answers
 * with the app's own `ok` / `fail` (app/common/result), so the stores see exactly the
 * `{ok, value} | {ok, error}` shapes the hosts pass on from app/api. Every call is recorded.
 *
 * Test files install it with
 *   vi.mock('../../api/client', async () => (await import('<path>/fakeApi')).clientModule);
 * and import `fakeApi` from the same module, which vitest loads once per file.
 */
export class FakeApi {
  readonly calls: { method: ApiMethod; params: unknown }[] = [];
  readonly savedFiles: SavedFile[] = [];
  readonly stagedFiles: File[] = [];
  stageResult: Result<StagedFile> = { ok: true, value: { fileId: 'staged-1', name: 'sales.csv' } };
  private readonly answers = new Map<ApiMethod, Responder<ApiMethod>[]>();
  private readonly listeners = new Set<(event: ProgressEvent) => void>();

  /**
   * Script the answers to `method`: they are used in order, and the last one keeps answering.
   * A call to a method without answers throws, so a test never passes on an unplanned call.
   */
  respond<M extends ApiMethod>(method: M, ...answers: (Result<ApiValue<M>> | Responder<M>)[]): void {
    const responders = answers.map((answer) => (typeof answer === 'function' ? answer : () => answer)) as Responder<ApiMethod>[];
    this.answers.set(method, responders);
  }

  /** Parameters of every call to `method`, oldest first. */
  paramsOf<M extends ApiMethod>(method: M): ApiParams<M>[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.params as ApiParams<M>);
  }

  /** Deliver a progress event to every listener, as the host's event stream would. */
  emit(event: ProgressEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  reset(): void {
    this.calls.length = 0;
    this.savedFiles.length = 0;
    this.stagedFiles.length = 0;
    this.answers.clear();
    this.listeners.clear();
    this.stageResult = { ok: true, value: { fileId: 'staged-1', name: 'sales.csv' } };
  }

  /** The object the stores import as `api`. */
  readonly client: typeof realClient = {
    send: <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<Result<ApiValue<M>>> => {
      this.calls.push({ method, params });
      const responders = this.answers.get(method);
      if (!responders || responders.length === 0) throw new Error(`FakeApi: no answer scripted for ${method}`);
      const responder = (responders.length > 1 ? responders.shift() : responders[0]) as unknown as Responder<M>;
      return Promise.resolve(responder(params));
    },
    stageFile: async (file: File) => {
      this.stagedFiles.push(file);
      return this.stageResult;
    },
    saveFile: async (name: string, content: string, mimeType = 'text/csv') => {
      this.savedFiles.push({ name, content, mimeType });
    },
    saveBinary: async (name: string, base64: string, mimeType: string) => {
      this.savedFiles.push({ name, content: Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)), mimeType });
    },
    onProgress: (listener: (event: ProgressEvent) => void) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    },
  };
}

export const fakeApi = new FakeApi();

/** What `vi.mock` of the client module returns. */
export const clientModule = { api: fakeApi.client };

/** A promise and its resolver, to hold an answer back while a test checks loading flags. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

