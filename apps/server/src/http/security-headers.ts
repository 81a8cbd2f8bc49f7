// Security headers. The console is a same-origin single-page app: its scripts, styles, fonts and
// API calls all come from this server, so the policy allows only 'self' — with inline styles,
// which Mantine's CSS-variable <style> element needs — and no framing at all. API answers (JSON,
// metrics) only need nosniff: they are never rendered as documents.

/**
 * The console's Content-Security-Policy: everything from this origin, no inline or evaluated
 * script, no plugins, no framing by any site (clickjacking), forms and `<base>` only to itself.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every file of the console (and its index.html fallback). */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONSOLE_CSP,
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // Console URLs name policies and decisions; they are nobody else's business.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
});
