import { routeHref, type Route } from './router';

/** One item of the main menu. */
export interface MenuItem { route: Route; text: string }

/** The main menu, in its order (App draws it; `shellHtml` prerenders it into index.html). */
export const NAV: MenuItem[] = [
  { route: { page: 'form' }, text: 'Registreren' },
  { route: { page: 'list' }, text: 'Vandaag' },
  { route: { page: 'kaart', query: '' }, text: 'Sociale kaart' },
  { route: { page: 'snelwijzer' }, text: 'Snelwijzer' },
  { route: { page: 'overview' }, text: 'Overzicht' },
  { route: { page: 'settings' }, text: 'Instellingen' },
];

/**
 * Beheer, the menu's last item on a coordinator's tablet. Its place is always there, kept empty (`ido-nav__spare`:
 * not seen, not read out, not focusable) on any other browser: the shell is drawn before the tablet's role is read,
 * and an item that came later could make the menu one line longer and push the page under a finger.
 */
export const BEHEER_NAV: MenuItem = { route: { page: 'beheer', section: 'start' }, text: 'Beheer' };
export const SPARE_NAV_CLASS = 'ido-nav__spare';

/**
 * The menu of a browser that is no linked tablet, on a page a coordinator opens on a laptop (Beheer, the dashboard,
 * the annual report): the pages that work there with a token. The tablet's menu led only to "tablet nog niet
 * gekoppeld". The last item is the way to the tablet's pages for a browser that is a tablet after all: the koppelen
 * screen, or the form where staff chose to try the app first ("Nu niet"). A linked tablet keeps its own menu.
 */
export function laptopNav(triedOut: boolean): MenuItem[] {
  return [
    { route: { page: 'dashboard', query: '' }, text: 'Dashboard' },
    BEHEER_NAV,
    triedOut ? { route: { page: 'form' }, text: 'Registreren' } : { route: { page: 'enroll' }, text: 'Tablet koppelen' },
  ];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The shell as App draws it before anything is read from IndexedDB: skip link, header with the menu,
 * the status bar's empty box, the toasts layer and an empty main. The build puts it into index.html
 * (vite.config.ts), so the first paint needs no JavaScript; App's first render takes these same
 * elements over (Preact reuses them), so nothing moves. No inline style: the CSP allows none.
 */
export function shellHtml(): string {
  const links = [...NAV, BEHEER_NAV].map((item) => `<li${item === BEHEER_NAV ? ` class="${SPARE_NAV_CLASS}"` : ''}><a href="${escape(routeHref(item.route))}">${escape(item.text)}</a></li>`).join('');
  return '<a class="ido-skip-link" href="#main">Naar de inhoud</a>'
    + `<header class="ido-header"><p class="ido-header__title">IDO Onderweg</p><nav aria-label="Hoofdmenu"><ul class="ido-nav">${links}</ul></nav></header>`
    + '<div class="ido-statusbar" id="sync-status" role="region" aria-label="Versturen"><div class="ido-statusbar__text"><span class="ido-statusbar__line" role="status"></span><span class="ido-statusbar__line"><span role="status"></span></span></div><div class="ido-statusbar__action"></div></div>'
    + '<div class="ido-toasts"></div>'
    + '<main class="ido-main" id="main" tabindex="-1"></main>';
}
