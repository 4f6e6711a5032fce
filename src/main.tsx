import { render } from 'preact';
import { App, loadEnrollmentPage } from './app/App';
import { startAfterFirstScreen, startApp } from './app/start';
import { whenIdle } from './ui/lazy';

// The first screen does not wait for the start-up work: both open the same database at once, and the
// form's live queries follow whatever ensureOrganisation writes on a first start.
// No service worker controls the page yet: a first visit, whose first screen is the koppelen screen (App.tsx).
if (!navigator.serviceWorker?.controller) void loadEnrollmentPage().catch(() => undefined);
render(<App />, document.getElementById('app')!);
void startApp().finally(() => {
  whenIdle(startAfterFirstScreen, 1_000);
});
