/**
 * The dashboard's Content-Security-Policy, the same in the Electron window and the web host:
 * scripts only from our own bundle, no eval, no plugins, no framing. Inline styles are allowed
 * because the component library injects its CSS at run time.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
