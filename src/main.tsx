// First: starts the first screen's reads (one read-only transaction) while the rest of the code evaluates.
import { firstScreen } from './app/first-screen';
import { render } from 'preact';
import { App, loadEnrollmentPage } from './app/App';
import { startAfterFirstScreen, startApp } from './app/start';
import { endFirstScreen } from './db/first-screen';
import { whenIdle } from './ui/lazy';

// No service worker controls the page yet: a first visit, whose first screen is the koppelen screen (App.tsx).
if (!navigator.serviceWorker?.controller) void loadEnrollmentPage().catch(() => undefined);

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
  void startApp().finally(() => {
    whenIdle(startAfterFirstScreen, 1_000);
  });
};
firstScreen.then(mount, mount);
setTimeout(mount, 1_000);
