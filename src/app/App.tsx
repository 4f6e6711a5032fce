import '@utrecht/root-css/dist/index.css';
import '@utrecht/heading-1-css/dist/index.css';
import '@utrecht/heading-2-css/dist/index.css';
import '@utrecht/paragraph-css/dist/index.css';
import './tokens.css';
import './layout.css';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { firstScreenReads } from '../db/first-screen';
import { getSetting, putSetting } from '../db/settings';
import type { EnrolledDevice } from '../db/types';
import { loadDb, wantDatabase } from '../db/load-db';
import { useLiveQuery } from '../db/use-live-query';
import { RegistrationForm } from '../features/registration/RegistrationForm';
import { Alert } from '../ui/Alert';
import { useFloatingLayer } from '../ui/floating-stack';
import { useTypedTokenKind } from '../ui/token-sign-in';
import { lazyPart, whenIdle } from '../ui/lazy';
import { DEVICE_KEY, ENROLLMENT_SKIPPED_KEY, getDevice } from '../sync/device';
import { lazyPage } from './Lazy';
import { navigate, parseRoute, routeHref, usePageFocus, useRoute, type Route } from './router';
import { LAPTOP_PAGES, rememberShell, REPORTS_ONLY_CLASS, SHELL_CLASSES, SHELL_PENDING_CLASS, shellClasses, shellMenu, SPARE_NAV_CLASS, storedShell, type MenuItem, type ShellKind } from './shell';
import { requestPersistentStorage, syncTriggers } from './start';
import { StatusBar } from './StatusBar';
import { PracticeBanner } from './PracticeBanner';
import { usePractice } from '../ui/practice';
import { useReloadOnNewVersion } from './version-reload';
import { failureText } from '../shared/failure-text';

// Sending is not part of the first screen: its triggers load after it (start.ts), or with the first save.
const afterSave = () => syncTriggers().then((m) => m.afterSave());
// Shows only once a new version waits: its code (and workbox-window's, through update.ts) comes after the first screen.
const UpdateBanner = lazyPart(() => import('./UpdateBanner').then((m) => m.UpdateBanner));
/**
 * The koppelen screen is the first screen of a fresh tablet only: its own chunk. A page no service worker
 * controls yet is most likely that first visit, so main.tsx asks for it beside the database, not after it
 * (`preload`), and the server's answer of such a page names it in a Link header, so the browser fetches it
 * beside the entry (vite.config.ts, firstVisitPreloadPlugin). Once it is in, the first render draws it at once.
 */
export const EnrollmentPage = lazyPage(() => import('../features/enrollment/EnrollmentPage').then((m) => m.EnrollmentPage), 'Het koppelscherm');
// Every other page (Pages.tsx, each page its own chunk behind it): fetched once the first screen stands, or when one opens first.
const Pages = lazyPage(() => import('./Pages').then((m) => m.Pages), 'De pagina');
// The other pages' titles are Pages.tsx's: they load with it.
const TITLES = { form: 'Registreren', enroll: 'Tablet koppelen' };

/**
 * Once the koppelen screen is done (linked, or "Nu niet"): an enrollment link's URL gives way to the form, so
 * the code stays in no history entry. Any other route stays: it is where staff are, or just went. A hurried
 * tap on "Sociale kaart" right after "Nu niet" lands before the setting is written, and must not be undone.
 */
function leaveKoppelen(): void {
  if (parseRoute(location.hash).page === 'enroll') navigate({ page: 'form' }, { replace: true });
}

/**
 * Once "Nu niet" or linking has written to the database: the start (start-later.ts), if it failed at the page's first
 * try (a full tablet that never started before, or a page that never got the start's chunk), runs again, so the form gets
 * its example organisation and a linked tablet its triggers and kaart (startAll); a start that worked or runs is not run
 * again. A failure is logged, its kind and message only, as main.tsx does.
 */
const finishStart = () => void import('./start-later').then((m) => m.startAll())
  .catch((error: unknown) => console.warn('start', failureText(error)));

/** "Naar de inhoud": the focus on the main region, without following its "#main" (a route, as every hash is here). */
function skipToContent(event: MouseEvent): void {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

/** Whether a menu item is the page shown (a section's pages count as its item's). */
function isCurrent(item: MenuItem, page: Route['page']): boolean {
  switch (item.route.page) {
    case 'kaart': return page.startsWith('service') || page.startsWith('kaart');
    case 'snelwijzer': return page.startsWith('card') || page === 'snelwijzer';
    case 'overview': return page === 'overview' || page.startsWith('dashboard') || page === 'annual';
    case 'form': return page === 'form' || page === 'group';
    case 'dashboard': return page.startsWith('dashboard') || page === 'annual';
    default: return item.route.page === page;
  }
}

/** The page staff see once linked: where the menu took them meanwhile (read now, not at the tap), else the form. */
function pageAfterKoppelen(): Route['page'] {
  const page = parseRoute(location.hash).page;
  return page === 'enroll' ? 'form' : page;
}

/** The shell: header with navigation, update banner, the page of the current route. */
export function App() {
  const route = useRoute();
  // The app's banners and a page's notes share one stack (ui/floating-stack.ts): what came first keeps its place.
  const toasts = useFloatingLayer<HTMLDivElement>();
  const [unsaved, setUnsaved] = useState(false);
  const [flash, setFlash] = useState<{ text: string; on: Route['page'] }>();
  // The first render starts from the first screen's reads (first-screen.ts); the live queries follow every change after it.
  const first = firstScreenReads();
  const device = useLiveQuery((db) => getDevice(db).then((d) => d ?? null), [], first && ((first.settings.get(DEVICE_KEY) as EnrolledDevice | undefined) ?? null));
  const skipped = useLiveQuery((db) => getSetting(db, ENROLLMENT_SKIPPED_KEY, false), [], first && ((first.settings.get(ENROLLMENT_SKIPPED_KEY) as boolean | undefined) ?? false));
  // First start: ask for the koppelcode, unless staff chose to try the app with example data first
  // (beheer and the reports are for a coordinator's or a municipality's laptop too, signed in with a token: they never
  // need this browser to be a tablet).
  const firstStart = device === null && skipped === false && !LAPTOP_PAGES.has(route.page);
  // A first start's koppelen screen stays while its code is sent: the device is stored before the enrollment ends, and
  // the page after it came first, its message "De tablet is gekoppeld aan …" a moment later, above it (it moved down).
  const [linking, setLinking] = useState(false);
  const koppelen = firstStart || (linking && !LAPTOP_PAGES.has(route.page));
  const page = koppelen ? 'enroll' : route.page;
  usePageFocus(koppelen ? { page: 'enroll' } : route);
  // What this browser is, once read: index.html's head script read it from localStorage before the first paint, to pick
  // the shell (a laptop on Beheer or a report gets the laptop's menu and no status bar, shell.ts). The classes follow
  // the database and the route from here on, before each paint; the next start reads what the database says now.
  const kind: ShellKind | undefined = device ? 'tablet' : skipped ? 'tried' : undefined;
  const known = device !== undefined && skipped !== undefined;
  // Not read yet (a database that does not answer at once): what the head script read.
  const shell = shellClasses(routeHref(route), known ? kind ?? null : storedShell());
  useLayoutEffect(() => {
    for (const name of SHELL_CLASSES) document.documentElement.classList.toggle(name, shell.includes(name));
    document.documentElement.classList.remove(SHELL_PENDING_CLASS); // the head script's wait, if it still waits
  }, [shell.join(' ')]);
  useEffect(() => { if (known) rememberShell(kind); }, [known, kind]);
  // A municipality's token reads the reports only: Beheer's place in the laptop's menu stays empty once a report said so.
  const reportsOnly = useTypedTokenKind() === 'municipality';
  useLayoutEffect(() => { document.documentElement.classList.toggle(REPORTS_ONLY_CLASS, reportsOnly); }, [reportsOnly]);

  useEffect(() => {
    if (page === 'form' || page === 'enroll') document.title = `${TITLES[page]} – IDO Onderweg`;
    // "De tablet is gekoppeld aan …" belongs to the page it came with: gone once staff open another one. The
    // message as it is now, not as this render saw it: Preact runs effects after paint, and the message can come
    // in between (linking writes the device, the page follows, then the message comes).
    if (page !== 'enroll') {
      setFlash((current) => (current?.on === page ? current : undefined));
      // Any page but the koppelen screen reads the database: a fresh tablet's wait for it ends (db/load-db.ts).
      wantDatabase();
    }
  }, [page]);
  const reloading = useReloadOnNewVersion();
  const practising = usePractice();
  // While practising, the save bar too has the banner's colour (layout.css): it stays in sight when the banner scrolled away.
  useLayoutEffect(() => { document.documentElement.classList.toggle('ido-practising', practising); }, [practising]);
  useEffect(() => whenIdle(() => void Pages.preload().catch(() => undefined), 2_000), []);
  // Closing the tab with a half-filled form asks first.
  useEffect(() => {
    if (!unsaved || reloading) return; // the reload keeps the form (use-kept-draft.ts)
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [unsaved, reloading]);

  return (
    <>
      {/* The focus to the page's content, and the page stays: the address "#main" is a route here (the hash is), and the
          link led every page but the form to the form. */}
      <a class="ido-skip-link" href="#main" onClick={skipToContent}>Naar de inhoud</a>
      <header class="ido-header">
        <p class="ido-header__title">IDO Onderweg</p>
        <nav aria-label="Hoofdmenu">
          {/* Both menus, the tablet's and the laptop's; html's classes show one (shell.ts, shellMenu). Beheer's place in the
              tablet's is empty but on a coordinator's tablet (a laptop opens #/beheer), and in the laptop's for a municipality. */}
          <ul class="ido-nav">
            {shellMenu().map(({ item, key, class: name }) => (
              <li key={key} class={key === 'tablet-beheer' && device?.role === 'coordinator' ? name.replace(` ${SPARE_NAV_CLASS}`, '') : name}>
                <a href={routeHref(item.route)} aria-current={isCurrent(item, page) ? 'page' : undefined}>{item.text}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {/* Its box is there from the start: the bar never pushes the page when it fills in. */}
      <StatusBar enrolled={device === undefined ? undefined : device !== null} laptopPage={LAPTOP_PAGES.has(page)} />
      {/* Banners that come by themselves float over the page (ido-toasts): nothing under a finger moves; one that comes
          while a page's note is shown stands above it (ui/floating-stack.ts). */}
      <div class="ido-toasts" ref={toasts}>
        <UpdateBanner hasUnsavedInput={unsaved} />
        {reloading && (
          <div class="ido-banner" id="reload-banner">
            <Alert type="warning">Er is een nieuwe versie; de pagina wordt opnieuw geladen, uw formulier blijft bewaard.</Alert>
          </div>
        )}
      </div>
      <main class="ido-main" id="main" tabIndex={-1}>
        {/* "U oefent" while this tab practises (ui/practice.ts); after "Stoppen met oefenen" the flash in its place. */}
        {page !== 'enroll' && <PracticeBanner onStopped={() => setFlash({ text: 'U oefent niet meer. Wat u nu opslaat, telt mee en wordt verstuurd.', on: page })} />}
        {/* Comes with the page it belongs to (after enrolling), inside it: nothing below it moves later. */}
        {flash?.on === page && <Alert type="ok" id="page-flash">{flash.text}</Alert>}
        {device === undefined || skipped === undefined ? null : page === 'enroll' ? (
          // An enrollment link fills the code in; once enrolled (or skipped) the form replaces the link's URL, so the code stays in no history entry.
          <EnrollmentPage key={route.page === 'enroll' ? route.code ?? '' : ''} firstStart={koppelen} initialCode={route.page === 'enroll' ? route.code : undefined} linkedTo={linking ? undefined : device?.organisationName}
            onEnrolled={(text) => { setFlash({ text, on: pageAfterKoppelen() }); setLinking(false); void requestPersistentStorage(); finishStart(); leaveKoppelen(); }}
            onLinking={(on) => setLinking(on && firstStart)}
            onSkip={() => loadDb().then(({ db }) => putSetting(db, ENROLLMENT_SKIPPED_KEY, true)).then(() => { finishStart(); leaveKoppelen(); })} />
        ) : (
          <>
            {route.page === 'form' && (
              // Practice starts and ends with a fresh form: a draft of the one mode never saves in the other.
              <RegistrationForm key={`${practising ? 'practice:' : ''}${route.editId ?? route.referServiceId ?? 'new'}`} editId={route.editId} referServiceId={route.referServiceId} onDirtyChange={setUnsaved}
                onSaved={() => void afterSave()} onDone={() => navigate({ page: 'list' })} />
            )}
            {route.page !== 'form' && route.page !== 'enroll' && <Pages route={route} device={device} />}
          </>
        )}
      </main>
    </>
  );
}
