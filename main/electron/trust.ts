import { pathToFileURL } from 'node:url';

/**
 * Which pages the Electron host trusts: the bundled dashboard (a file: URL of our own
 * index.html) or, in development only, the electron-vite dev server. Checked with `new URL()`
 * on every IPC message's sender frame and on every navigation — never with string prefixes,
 * which `file:///app/index.html.evil` or `http://localhost:5173.attacker.example` would pass.
 */
export interface TrustedOrigins {
  rendererIndexPath: string;
  devServerUrl?: string;
}

export function isTrustedUrl(candidate: string | undefined | null, trusted: TrustedOrigins): boolean {
  if (!candidate) return false;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (trusted.devServerUrl) {
    const dev = new URL(trusted.devServerUrl);
    if (url.protocol === dev.protocol && url.host === dev.host) return true;
  }
  if (url.protocol !== 'file:') return false;
  const index = pathToFileURL(trusted.rendererIndexPath);
  return url.host === index.host && url.pathname === index.pathname;
}
