import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of the app and the API: only this origin, nothing inline, nothing evaluated.
 * `img-src data:` is there for the small SVG icons the NL Design System CSS carries as data: URLs
 * (checkbox, radio and select marks); a data: image cannot run script. The one exception to "nothing
 * inline" is what the build puts into index.html: the shell's CSS (so the first paint waits for no style
 * sheet) and the first screen's IndexedDB open (vite.config.ts, earlyOpenPlugin). `inlineHashes` allows exactly
 * those texts by their SHA-256 in style-src and script-src, nothing else (`inlineStyleHashes`,
 * `inlineScriptHashes`), and still no style or event-handler attribute.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Browser features the app never uses are switched off for it and anything it could embed. Only features
 * Chromium knows are named (an unknown one is a console error). `web-share` is left at its default, this
 * origin only: a kaart entry can be shared with the system share sheet.
 * (The kaart measures distance from IDO locations, never from the tablet's own position: no geolocation.)
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()', 'autoplay=()', 'camera=()', 'clipboard-read=()', 'display-capture=()',
  'encrypted-media=()', 'fullscreen=()', 'gamepad=()', 'geolocation=()', 'gyroscope=()', 'hid=()', 'idle-detection=()',
  'local-fonts=()', 'magnetometer=()', 'microphone=()', 'midi=()', 'payment=()', 'picture-in-picture=()',
  'publickey-credentials-get=()', 'screen-wake-lock=()', 'serial=()', 'usb=()', 'xr-spatial-tracking=()',
].join(', ');

/** HSTS for a year, for this host and its subdomains; only sent when the service is reached over HTTPS. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/** What the operator sets: HTTPS at the load balancer (HSTS), and where browsers report CSP violations. */
export interface SecurityHeaderOptions {
  https?: boolean;
  /** `report-uri` of the CSP: an absolute http(s) URL or a path (checked by `cspReportUriFromEnv`) */
  cspReportUri?: string;
}

/** The CSP hash sources ('sha256-…') of a page's inline style sheets and inline scripts. */
export interface InlineHashes {
  style: readonly string[];
  script: readonly string[];
}

export const NO_INLINE_HASHES: InlineHashes = Object.freeze({ style: [], script: [] });

export interface InstallOptions extends SecurityHeaderOptions {
  /** the CSP hash sources of the app page's inline style sheets and scripts as last read (`AppPageFile`) */
  inlineHashes?: () => InlineHashes;
}

/** The text of every `<style>` element in an HTML page, in order. */
export function inlineStyleTexts(html: string): string[] {
  return [...html.matchAll(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/gi)].map((match) => match[1]);
}

/** The text of every inline `<script>` element (one without `src`) in an HTML page, in order. */
export function inlineScriptTexts(html: string): string[] {
  return [...html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)].filter((match) => !/\ssrc\s*=/i.test(match[1] ?? '')).map((match) => match[2]);
}

const sha256Source = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The SHA-256 hash sources of every `<style>` element's text in an HTML page, for the CSP's style-src. */
export function inlineStyleHashes(html: string): string[] {
  return inlineStyleTexts(html).map(sha256Source);
}

/** The SHA-256 hash sources of every inline `<script>` element's text in an HTML page, for the CSP's script-src. */
export function inlineScriptHashes(html: string): string[] {
  return inlineScriptTexts(html).map(sha256Source);
}

/** Both, for the CSP of the page and of every other answer. */
export function inlineHashes(html: string): InlineHashes {
  return { style: inlineStyleHashes(html), script: inlineScriptHashes(html) };
}

/** The CSP with the inline style sheets' hashes in style-src, the inline scripts' in script-src and, when set, a report-uri. */
function contentSecurityPolicy(hashes: InlineHashes, cspReportUri: string | undefined): string {
  let policy = CONTENT_SECURITY_POLICY;
  if (hashes.style.length > 0) policy = policy.replace("style-src 'self'", `style-src 'self' ${[...new Set(hashes.style)].join(' ')}`);
  if (hashes.script.length > 0) policy = policy.replace("script-src 'self'", `script-src 'self' ${[...new Set(hashes.script)].join(' ')}`);
  return cspReportUri ? `${policy}; report-uri ${cspReportUri}` : policy;
}

/** The headers every response carries; `https` adds HSTS, `cspReportUri` a report-uri to the CSP, `hashes` go in style-src and script-src. */
export function securityHeaders({ https = false, cspReportUri }: SecurityHeaderOptions = {}, hashes: InlineHashes = NO_INLINE_HASHES): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(hashes, cspReportUri),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'permissions-policy': PERMISSIONS_POLICY,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    ...(https ? { 'strict-transport-security': STRICT_TRANSPORT_SECURITY } : {}),
  };
}

/**
 * Adds the security headers to every answer Fastify sends: app files, the SPA fallback, API JSON,
 * errors, 404s and streamed CSV. onSend runs for all of them, also after the error and not-found handlers.
 */
export function installSecurityHeaders(app: FastifyInstance, options: InstallOptions = {}): void {
  let built: { hashes: InlineHashes; headers: Array<[string, string]> } | undefined;
  app.addHook('onSend', async (_request, reply) => {
    const hashes = options.inlineHashes?.() ?? NO_INLINE_HASHES;
    if (built?.hashes !== hashes) built = { hashes, headers: Object.entries(securityHeaders(options, hashes)) };
    for (const [name, value] of built.headers) if (!reply.hasHeader(name)) reply.header(name, value);
  });
}

/** Reads `HTTPS` (true or false, default false): whether users reach the service over HTTPS, so HSTS is safe to send. */
export function httpsFromEnv(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new Error(`HTTPS moet true of false zijn, niet "${value}".`);
}

/**
 * Reads `CSP_REPORT_URI` (optional): where browsers send a report of each CSP violation, so an operator sees
 * one if a browser or a future build ever trips the policy. Only a plain http(s) URL or a path: no spaces,
 * quotes, `;` or `,`, which could add directives to the policy.
 */
export function cspReportUriFromEnv(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  // The value is not repeated: a collector's address may hold a key.
  const refuse = () => new Error('CSP_REPORT_URI moet een http(s)-adres of een pad zijn, zonder spaties, aanhalingstekens, ; of ,.');
  if (/[\s;,'"]/.test(value) || /[^\x21-\x7e]/.test(value)) throw refuse();
  if (value.startsWith('/') && !value.startsWith('//')) return value;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return value;
  } catch {
    // falls through to the Dutch message
  }
  throw refuse();
}
