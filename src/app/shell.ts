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

/** Pages a browser opens with a token, never as a tablet: a first visit shows them, not the koppelen screen. */
export const LAPTOP_PAGES: ReadonlySet<Route['page']> = new Set(['beheer', 'dashboard', 'dashboardHours', 'annual']);

/**
 * What this browser was at its last start, as its database said, kept in localStorage under `SHELL_KEY` (App.tsx writes
 * it): a linked tablet, or one where staff chose "Nu niet" (tried out); no entry: neither (a laptop, a fresh browser).
 */
export type ShellKind = 'tablet' | 'tried';
export const SHELL_KEY = 'ido-shell';

/**
 * The classes on `<html>` that pick the shell of a page (layout.css): `ido-laptop` on a laptop page (`LAPTOP_PAGES`:
 * the hash's first part is beheer, dashboard or jaarverslag, as `parseRoute` reads it) of a browser that is no linked
 * tablet: the laptop's menu and no status bar, which would say nothing there; with `ido-tried` where staff chose
 * "Nu niet": the menu's way back is the form, and the status bar stays, as it says what was tried out and not sent.
 *
 * No imports and nothing from outside the function: the build puts this very function into index.html's head
 * (vite.config.ts, earlyShellScript), so the classes are there before the first paint; App keeps them true after.
 */
export function shellClasses(hash: string, kind: string | null): string[] {
  const first = hash.replace(/^#/, '').split('?')[0].split('/')[1];
  if (kind === 'tablet' || ['beheer', 'dashboard', 'jaarverslag'].indexOf(first) < 0) return [];
  return kind === 'tried' ? ['ido-laptop', 'ido-tried'] : ['ido-laptop'];
}
export const SHELL_CLASSES = ['ido-laptop', 'ido-tried'];
/** On `<html>` while a laptop page's shell waits for the database's word (shellFromDatabase): nothing of it shows. */
export const SHELL_PENDING_CLASS = 'ido-shell-pending';

/**
 * A laptop page's shell from what the database says, before the first paint: localStorage's flag (shellClasses) can be
 * stale (localStorage cleared but not the database, or the reverse), and the shell it picked was painted once and then
 * moved. On a laptop page the page stays unseen (`SHELL_PENDING_CLASS`, layout.css) until the settings that App reads
 * (the enrolled device, "Nu niet") are read on the head's own open of the database (`opened`, open-first-screen.ts),
 * then shows the shell they say; no database (a laptop): the laptop's. A read that fails, or takes over a second, shows
 * the flag's shell, as before (App puts it right). Any other page has one shell for every browser: nothing waits there.
 * It also keeps Beheer out of the laptop's menu for a municipality's token signed in in this tab (REPORTS_ONLY_CLASS).
 *
 * No imports and nothing from outside the function but its arguments: the build puts this very function into
 * index.html's head (vite.config.ts, earlyShellScript), after the database's open; App takes the class off too.
 */
export function shellFromDatabase(opened: Promise<IDBDatabase | undefined>, classesOf: (hash: string, kind: string | null) => string[], deviceKey: string, skippedKey: string, tokenKindKey: string): void {
  const html = document.documentElement.classList;
  if (classesOf(location.hash, null).length === 0) return;
  html.add('ido-shell-pending');
  // A municipality's token, signed in in this tab: no Beheer in the laptop's menu (REPORTS_ONLY_CLASS).
  try {
    if (sessionStorage.getItem(tokenKindKey) === 'municipality') html.add('ido-reports-only');
  } catch {
    // storage blocked: App's first render sets it
  }
  let shown = false;
  const show = (kind?: string | null) => {
    if (kind !== undefined && !shown) {
      html.remove('ido-laptop', 'ido-tried');
      html.add(...classesOf(location.hash, kind));
    }
    shown = true;
    html.remove('ido-shell-pending');
  };
  setTimeout(show, 1000);
  opened.then((idb) => {
    if (!idb) return show(null);
    const tx = idb.transaction('settings', 'readonly');
    const device = tx.objectStore('settings').get(deviceKey);
    const skipped = tx.objectStore('settings').get(skippedKey);
    tx.oncomplete = () => show(device.result?.value ? 'tablet' : skipped.result?.value ? 'tried' : null);
    tx.onabort = () => show();
  }).catch(() => show());
}

/** What `rememberShell` kept, as the head script reads it (null: nothing, or storage that refuses). */
export function storedShell(): string | null {
  try {
    return localStorage.getItem(SHELL_KEY);
  } catch {
    return null;
  }
}

/** Keeps what this browser is for the next start's first paint (shellClasses); storage that refuses is no harm. */
export function rememberShell(kind: ShellKind | undefined): void {
  try {
    if (kind) localStorage.setItem(SHELL_KEY, kind);
    else localStorage.removeItem(SHELL_KEY);
  } catch {
    // localStorage blocked or full: the next start paints the shell as for a browser that is neither
  }
}

/**
 * On `<html>` while the signed-in token is a municipality's, which Beheer refuses: Beheer (the laptop's menu's last item,
 * `ido-nav__laptop-beheer`) is not there, and leaves no empty place (layout.css). The sign-in asks who the token is
 * before the page opens (useTokenSignIn), so App sets it in the very render that opens the page: no Beheer shows and
 * then goes. On a laptop page the head script sets it too (shellFromDatabase), so a reload paints no Beheer either.
 */
export const REPORTS_ONLY_CLASS = 'ido-reports-only';

/** One item as the header draws it: its class says on which shell it shows (layout.css). */
export interface ShellMenuItem { item: MenuItem; key: string; class: string }

/**
 * The header's menu, both of them, in one list: the tablet's (`ido-nav__tablet`, Beheer's place kept empty) and the
 * laptop's (`ido-nav__laptop`), of which html's classes (shellClasses) show one. The laptop's is for a browser that is
 * no linked tablet on a laptop page: the pages that work there with a token (the tablet's led only to "tablet nog niet
 * gekoppeld"), and the way to the tablet's pages for a browser that is a tablet after all: the koppelen screen, or the
 * form where staff chose to try the app first ("Nu niet", `ido-nav__tried`), then Beheer (`REPORTS_ONLY_CLASS`). Both are in index.html, so the first
 * paint shows the right one and the header keeps its height: the laptop's is no higher than it needs.
 */
export function shellMenu(): ShellMenuItem[] {
  return [
    ...NAV.map((item) => ({ item, key: `tablet-${item.route.page}`, class: 'ido-nav__tablet' })),
    { item: BEHEER_NAV, key: 'tablet-beheer', class: `ido-nav__tablet ${SPARE_NAV_CLASS}` },
    { item: { route: { page: 'dashboard', query: '' }, text: 'Dashboard' }, key: 'laptop-dashboard', class: 'ido-nav__laptop' },
    { item: { route: { page: 'enroll' }, text: 'Tablet koppelen' }, key: 'laptop-enroll', class: 'ido-nav__laptop ido-nav__untried' },
    { item: { route: { page: 'form' }, text: 'Registreren' }, key: 'laptop-form', class: 'ido-nav__laptop ido-nav__tried' },
    { item: BEHEER_NAV, key: 'laptop-beheer', class: 'ido-nav__laptop ido-nav__laptop-beheer' },
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
  const links = shellMenu().map(({ item, class: name }) => `<li class="${name}"><a href="${escape(routeHref(item.route))}">${escape(item.text)}</a></li>`).join('');
  return '<a class="ido-skip-link" href="#main">Naar de inhoud</a>'
    + `<header class="ido-header"><p class="ido-header__title">IDO Onderweg</p><nav aria-label="Hoofdmenu"><ul class="ido-nav">${links}</ul></nav></header>`
    + '<div class="ido-statusbar" id="sync-status" role="region" aria-label="Versturen"><div class="ido-statusbar__text"><span class="ido-statusbar__line" role="status"></span><span class="ido-statusbar__line"><span role="status"></span></span></div><div class="ido-statusbar__action"></div></div>'
    + '<div class="ido-toasts"></div>'
    + '<main class="ido-main" id="main" tabindex="-1"></main>';
}
