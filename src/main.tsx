// First: starts the first screen's reads (one read-only transaction) while the rest of the code evaluates.
import { firstScreen, koppelenFirst } from './app/first-screen';
import { render } from 'preact';
import { App, EnrollmentPage } from './app/App';
import { registerServiceWorker } from './app/start';
import { endFirstScreen } from './db/first-screen';
import { holdDatabase, whenDatabaseWanted } from './db/load-db';
import { failureText } from './shared/failure-text';
import { deferTimeZoneData } from './shared/time';

// The wall clock follows Amsterdam's summer-time rule, not Intl's time zone data (ICU, a long task on a slow tablet);
// once the first screen stands, a worker checks the rule against it (shared/time.ts, app/start-later.ts).
deferTimeZoneData();

// No service worker controls the page yet: a first visit, whose first screen is the koppelen screen (App.tsx).
// The server's answer named its chunk in a Link header, so it is mostly in already (src/server/first-visit.ts).
const koppelen = navigator.serviceWorker?.controller ? undefined : EnrollmentPage.preload().catch(() => undefined);

// The shell is in index.html already (painted before any JS): the app's first render waits for the first
// screen's reads, so it draws the form at once instead of after a render per live query. A database that
// does not answer (blocked by another tab's upgrade) does not hold the app back for more than a moment.
let mounted = false;
const mount = () => {
  if (mounted) return;
  mounted = true;
  render(<App />, document.getElementById('app')!);
  endFirstScreen();
  // The form's live queries follow whatever ensureOrganisation writes on a first start.
  // A chunk of its own (app/start-later.ts): none of it is needed to draw the form.
  // A start that fails (a full tablet refuses a first start's writes) is logged, kind and message only: the form and
  // the koppelen screen say so themselves when staff save or choose, and the rest of the start goes on.
  const startLater = () => void import('./app/start-later').then((m) => m.startAll())
    .catch((error: unknown) => console.warn('start', failureText(error)));
  const wanted = whenDatabaseWanted();
  if (!wanted) return startLater();
  // A fresh tablet's koppelen screen: the service worker now (the app works offline from the first visit on),
  // the database and all that writes to it once staff want it (a code sent, "Nu niet"; load-db.ts).
  void registerServiceWorker();
  void wanted.then(startLater);
};
firstScreen.then((reads) => {
  // No database yet, so nothing stored: the first screen is the koppelen screen, and it needs none (unless the
  // app was drawn already without these reads).
  if (reads.noDatabase && !mounted) holdDatabase();
  // The koppelen screen's first render waits for its chunk too, rather than saying "wordt geladen" a moment.
  return koppelen && koppelenFirst(reads) ? koppelen.then(mount) : mount();
}, mount);
setTimeout(mount, 1_000);
