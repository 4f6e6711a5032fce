import { useEffect, useRef, useState } from 'preact/hooks';
import { type BeheerSection, NATIONAL_SECTIONS, ORGANISATION_SECTIONS } from '../features/beheer/sections';
import { focusMainHeading } from '../ui/heading-focus';

export type { BeheerSection };

/** The pages of the app, addressed by the URL hash so every page works offline from one HTML file. */
export type Route =
  | { page: 'form'; editId?: string; referServiceId?: string }
  | { page: 'kaart'; query: string }
  | { page: 'service'; id: string; handout?: boolean; query?: string }
  | { page: 'serviceEdit'; id?: string }
  | { page: 'kaartConflicts' }
  | { page: 'kaartImport' }
  | { page: 'snelwijzer' }
  | { page: 'card'; id: string }
  | { page: 'cardEdit'; id?: string }
  | { page: 'list' }
  | { page: 'group'; editId?: string }
  | { page: 'settings' }
  | { page: 'enroll'; code?: string }
  | { page: 'overview' }
  | { page: 'dashboard'; query: string }
  | { page: 'annual'; query: string }
  | { page: 'dashboardHours'; query: string }
  | { page: 'beheer'; section: BeheerSection; organisationId?: string };

/** `#/beheer`, `#/beheer/organisaties`, `#/beheer/<organisationId>/codes`, … */
function parseBeheer(second: string | undefined, third: string | undefined): Route {
  if (!second) return { page: 'beheer', section: 'start' };
  if (NATIONAL_SECTIONS.includes(second as BeheerSection) && !third) return { page: 'beheer', section: second as BeheerSection };
  const section = ORGANISATION_SECTIONS.includes(third as BeheerSection) ? third as BeheerSection : 'locaties';
  try {
    return { page: 'beheer', section, organisationId: decodeURIComponent(second) };
  } catch {
    return { page: 'beheer', section: 'start' }; // a broken %-escape
  }
}

/**
 * The koppelcode of an enrollment link (`#/koppelen/ABCD-EFGH`, what a QR code holds), uppercase; anything
 * that cannot be a code is dropped. The code lives in the fragment only: a browser never sends it to a server.
 */
function enrollmentCode(segment: string | undefined): string | undefined {
  if (!segment) return undefined;
  let text: string;
  try {
    text = decodeURIComponent(segment).trim();
  } catch {
    return undefined;
  }
  return /^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/.test(text) ? text.toUpperCase() : undefined;
}

/** A path segment decoded, or undefined when its %-escapes are broken (decodeURIComponent throws). */
function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Reads a route from a hash like `#/bewerken/<id>`. */
export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const [, first, second] = path.split('/');
  if (first === 'dashboard') return second === 'uren' ? { page: 'dashboardHours', query } : { page: 'dashboard', query };
  if (first === 'jaarverslag') return { page: 'annual', query };
  if (first === 'snelwijzer') {
    // #/snelwijzer, #/snelwijzer/nieuw, #/snelwijzer/<id>, #/snelwijzer/<id>/bewerken
    if (!second) return { page: 'snelwijzer' };
    if (second === 'nieuw') return { page: 'cardEdit' };
    try {
      const id = decodeURIComponent(second);
      return path.split('/')[3] === 'bewerken' ? { page: 'cardEdit', id } : { page: 'card', id };
    } catch {
      return { page: 'snelwijzer' }; // a broken %-escape
    }
  }
  if (first === 'beheer') return parseBeheer(second, path.split('/')[3]);
  if (first === 'kaart') {
    const [, , , id, third] = path.split('/');
    const serviceId = id ? decodedSegment(id) : undefined; // a broken %-escape goes to the kaart's search
    if (second === 'dienst' && serviceId) return third === 'afdruk' ? { page: 'service', id: serviceId, handout: true, query } : { page: 'service', id: serviceId, handout: false };
    if (second === 'bewerken' && id) return { page: 'serviceEdit', id: decodeURIComponent(id) };
    if (second === 'nieuw') return { page: 'serviceEdit' };
    if (second === 'conflicten') return { page: 'kaartConflicts' };
    if (second === 'import') return { page: 'kaartImport' };
    return { page: 'kaart', query };
  }
  const refer = new URLSearchParams(query).get('verwijs');
  if (!first && refer) return { page: 'form', referServiceId: refer };
  if (first === 'vandaag') return { page: 'list' };
  if (first === 'groep') {
    try {
      return second ? { page: 'group', editId: decodeURIComponent(second) } : { page: 'group' };
    } catch {
      return { page: 'group' }; // a broken %-escape: a new session
    }
  }
  if (first === 'instellingen') return { page: 'settings' };
  if (first === 'koppelen') {
    const code = enrollmentCode(second);
    return code ? { page: 'enroll', code } : { page: 'enroll' };
  }
  if (first === 'overzicht') return { page: 'overview' };
  if (first === 'bewerken' && second) return { page: 'form', editId: decodeURIComponent(second) };
  return { page: 'form' };
}

/** The hash of a route. */
export function routeHref(route: Route): string {
  switch (route.page) {
    case 'list': return '#/vandaag';
    case 'group': return route.editId ? `#/groep/${encodeURIComponent(route.editId)}` : '#/groep';
    case 'settings': return '#/instellingen';
    case 'enroll': return route.code ? `#/koppelen/${encodeURIComponent(route.code)}` : '#/koppelen';
    case 'overview': return '#/overzicht';
    case 'dashboard': return route.query ? `#/dashboard?${route.query}` : '#/dashboard';
    case 'annual': return route.query ? `#/jaarverslag?${route.query}` : '#/jaarverslag';
    case 'dashboardHours': return route.query ? `#/dashboard/uren?${route.query}` : '#/dashboard/uren';
    case 'beheer':
      if (route.organisationId) return `#/beheer/${encodeURIComponent(route.organisationId)}/${route.section}`;
      return route.section === 'start' ? '#/beheer' : `#/beheer/${route.section}`;
    case 'form':
      if (route.editId) return `#/bewerken/${encodeURIComponent(route.editId)}`;
      return route.referServiceId ? `#/?verwijs=${encodeURIComponent(route.referServiceId)}` : '#/';
    case 'kaart': return route.query ? `#/kaart?${route.query}` : '#/kaart';
    case 'service': return `#/kaart/dienst/${encodeURIComponent(route.id)}${route.handout ? `/afdruk${route.query ? `?${route.query}` : ''}` : ''}`;
    case 'serviceEdit': return route.id ? `#/kaart/bewerken/${encodeURIComponent(route.id)}` : '#/kaart/nieuw';
    case 'kaartConflicts': return '#/kaart/conflicten';
    case 'kaartImport': return '#/kaart/import';
    case 'snelwijzer': return '#/snelwijzer';
    case 'card': return `#/snelwijzer/${encodeURIComponent(route.id)}`;
    case 'cardEdit': return route.id ? `#/snelwijzer/${encodeURIComponent(route.id)}/bewerken` : '#/snelwijzer/nieuw';
  }
}

/** The current route; follows back/forward and links. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}

/** Goes to a route; `replace` changes the URL without a new history entry (filters). */
export function navigate(route: Route, { replace = false } = {}): void {
  if (replace) location.replace(routeHref(route));
  else location.hash = routeHref(route);
}

/** Where a route leads: its page and what it shows, not its query (a search or a filter keeps the focus where it is). */
function placeOf(route: Route): string {
  const { query: _query, ...place } = route as Route & { query?: string };
  return JSON.stringify(place);
}

/**
 * After a move to another page, the focus goes to its heading (h1), so a screen reader reads where staff are now:
 * it stayed on the menu's link, or fell to the body with a link of the page before, and nothing said the page had
 * changed. Not on the first page, and not when the new page has put the focus somewhere itself (a field, a message).
 * A page that loads draws its h1 later: it is waited for, until the focus goes elsewhere or the page changes again.
 */
export function usePageFocus(route: Route): void {
  const place = placeOf(route);
  const last = useRef(place);
  // The element that had the focus when the route changed, read in the render: before the new page's own effects.
  const from = useRef<{ element: Element | null }>();
  if (last.current !== place) {
    last.current = place;
    from.current = { element: document.activeElement };
  }
  useEffect(() => {
    if (!from.current) return;
    const moved = from.current.element;
    from.current = undefined;
    return focusMainHeading(moved);
  }, [place]);
}
