/**
 * What a first visit fetches beside the entry (issue 15). A tablet's first visit draws the koppelen screen, whose
 * code is a chunk of its own (src/app/App.tsx): the build names that chunk in index.html with this meta
 * (vite.config.ts, firstVisitPreloadPlugin), and the server's answer of a page navigation carries it as a
 * `Link: <…>; rel=modulepreload` header, so the browser fetches it while the HTML is still coming in instead of
 * after the entry has run. Only the server answers such a navigation: once the service worker controls the page
 * it answers from its precache, a copy fetched without the header (a fetch, not a navigation), so a linked
 * tablet's start never fetches the koppelen screen. No imports: vite.config.ts loads this file too.
 */
export const FIRST_VISIT_META = 'ido-first-visit-modulepreload';

/** A built asset's path as the build writes it: nothing that could break out of a Link header. */
const ASSET_PATH = /^\/assets\/[\w.-]+\.js$/;

/** The meta element the build puts into index.html for a chunk at `assetPath` (`/assets/…js`). */
export function firstVisitMeta(assetPath: string): string {
  if (!ASSET_PATH.test(assetPath)) throw new Error(`first visit: ${assetPath} is not a built JS asset`);
  return `<meta name="${FIRST_VISIT_META}" content="${assetPath}">`;
}

/** The chunks a page's first-visit metas name (only well-formed asset paths; anything else is left out). */
export function firstVisitPreloads(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(new RegExp(`<meta name="${FIRST_VISIT_META}" content="([^"]*)">`, 'g'))) {
    if (ASSET_PATH.test(match[1]) && !found.includes(match[1])) found.push(match[1]);
  }
  return found;
}

/** The Link header value for those chunks, or undefined when there are none. */
export function firstVisitLinkHeader(preloads: readonly string[]): string | undefined {
  return preloads.length === 0 ? undefined : preloads.map((asset) => `<${asset}>; rel=modulepreload`).join(', ');
}
