import type { ApiMethod, ApiParams, ApiValue } from '../../../app/api';
import type { ProgressEvent } from '../../../app/api/progress';
import type { AppError, Result } from '../../../app/common/result';

/**
 * The dashboard's only door to data: the typed API of app/api, over whichever transport the host
 * offers — Electron's preload bridge or the local web host's HTTP endpoints. Types come from the
 * server's own handler signatures, so a changed handler breaks the build here, not at run time.
 */
export interface StagedFile {
  fileId: string;
  name: string;
}

interface Transport {
  call(method: string, params: unknown): Promise<Result<unknown>>;
  stageFile(file: File): Promise<Result<StagedFile>>;
  saveFile(name: string, content: string | Uint8Array, mimeType: string): Promise<void>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
}

interface DesktopBridge {
  call(method: string, params: unknown): Promise<Result<unknown>>;
  stageFile(file: File): Promise<Result<StagedFile>>;
  saveFile(defaultName: string, content: string | Uint8Array): Promise<Result<unknown>>;
  onProgress(listener: (event: unknown) => void): () => void;
}

function desktopTransport(bridge: DesktopBridge): Transport {
  return {
    call: (method, params) => bridge.call(method, params),
    stageFile: (file) => bridge.stageFile(file),
    saveFile: async (name, content) => {
      await bridge.saveFile(name, content);
    },
    onProgress: (listener) => bridge.onProgress((event) => listener(event as ProgressEvent)),
  };
}

function networkError(error: unknown): Result<never> {
  return {
    ok: false,
    error: { code: 'unavailable', message: `Replenish is not answering (${String(error)}). Is \`replenish serve\` still running?` },
  };
}

function webTransport(token: string): Transport {
  const headers = { authorization: `Bearer ${token}` };
  return {
    async call(method, params) {
      try {
        const response = await fetch('/api/call', {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ method, params }),
        });
        return (await response.json()) as Result<unknown>;
      } catch (error) {
        return networkError(error);
      }
    },
    async stageFile(file) {
      try {
        const response = await fetch(`/api/files?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers, body: file });
        return (await response.json()) as Result<StagedFile>;
      } catch (error) {
        return networkError(error);
      }
    },
    async saveFile(name, content, mimeType) {
      const url = URL.createObjectURL(new Blob([content as BlobPart], { type: mimeType }));
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    onProgress(listener) {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      source.addEventListener('progress', (message) => listener(JSON.parse((message as MessageEvent<string>).data) as ProgressEvent));
      return () => source.close();
    },
  };
}

/** The web host's token arrives in the address once; it is kept for this tab only. */
function webToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('replenish-token', fromUrl);
    window.history.replaceState(null, '', window.location.pathname + window.location.hash);
    return fromUrl;
  }
  return sessionStorage.getItem('replenish-token') ?? '';
}

function createTransport(): Transport {
  const bridge = (window as unknown as { replenishDesktop?: DesktopBridge }).replenishDesktop;
  return bridge ? desktopTransport(bridge) : webTransport(webToken());
}

const transport = createTransport();

export const api = {
  send<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<Result<ApiValue<M>>> {
    return transport.call(method, params) as Promise<Result<ApiValue<M>>>;
  },
  stageFile: (file: File) => transport.stageFile(file),
  saveFile: (name: string, content: string, mimeType = 'text/csv') => transport.saveFile(name, content, mimeType),
  /** Binary exports arrive base64-encoded over the JSON transports. */
  saveBinary: (name: string, base64: string, mimeType: string) =>
    transport.saveFile(name, Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)), mimeType),
  onProgress: (listener: (event: ProgressEvent) => void) => transport.onProgress(listener),
};

export type { AppError, ProgressEvent, Result };
