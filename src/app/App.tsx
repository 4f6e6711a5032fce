import '@utrecht/root-css/dist/index.css';
import '@utrecht/heading-1-css/dist/index.css';
import '@utrecht/heading-2-css/dist/index.css';
import '@utrecht/paragraph-css/dist/index.css';
import './tokens.css';
import './layout.css';
import { useEffect, useState } from 'preact/hooks';
import { db } from '../db/db';
import { getSetting, putSetting } from '../db/settings';
import { useLiveQuery } from '../db/use-live-query';
import { EnrollmentPage } from '../features/enrollment/EnrollmentPage';
import { RegistrationForm } from '../features/registration/RegistrationForm';
import { requestPersistentStorage } from '../features/settings/storage';
import { Alert } from '../ui/Alert';
import { getDevice } from '../sync/device';
import { lazyPage } from './Lazy';
import { navigate, routeHref, useRoute, type Route } from './router';
import { NAV } from './shell';
import { StatusBar } from './StatusBar';
import { UpdateBanner } from './UpdateBanner';
import { useReloadOnNewVersion } from './version-reload';

// Sending is not part of the first screen: its triggers load after it (start.ts), or with the first save.
const afterSave = () => import('./sync-triggers').then((m) => m.afterSave());
const loadKaart = () => import('../features/kaart/KaartRoutes').then((m) => m.kaartPages);
const KaartPage = lazyPage(() => loadKaart().then((p) => p.KaartPage), 'De sociale kaart');
const ServicePage = lazyPage(() => loadKaart().then((p) => p.ServicePage), 'De dienst');
const HandoverSlip = lazyPage(() => loadKaart().then((p) => p.HandoverSlip), 'Het verwijsbriefje');
const ServiceEditPage = lazyPage(() => loadKaart().then((p) => p.ServiceEditPage), 'Het bewerkscherm');
const ConflictsPage = lazyPage(() => loadKaart().then((p) => p.ConflictsPage), 'De wijzigingen');
const ImportPage = lazyPage(() => loadKaart().then((p) => p.ImportPage), 'Importeren');
const loadSnelwijzer = () => import('../features/snelwijzer/SnelwijzerRoutes').then((m) => m.snelwijzerPages);
const SnelwijzerPage = lazyPage(() => loadSnelwijzer().then((p) => p.SnelwijzerPage), 'De Snelwijzer');
const CardPage = lazyPage(() => loadSnelwijzer().then((p) => p.CardPage), 'De kaart');
const CardEditPage = lazyPage(() => loadSnelwijzer().then((p) => p.CardEditPage), 'Het bewerkscherm');
const BeheerPage = lazyPage(() => import('../features/beheer/BeheerPage').then((m) => m.BeheerPage), 'Beheer');
const AnnualReportPage = lazyPage(() => import('../features/reports/annual/AnnualReportPage').then((m) => m.AnnualReportPage), 'Het jaarverslag');
const Dashboard = lazyPage(() => import('../features/reports/dashboard/Dashboard').then((m) => m.Dashboard), 'Het dashboard');
const GroupSessionForm = lazyPage(() => import('../features/groups/GroupSessionForm').then((m) => m.GroupSessionForm), 'Het formulier voor groepen');
const DayList = lazyPage(() => import('../features/registration/DayList').then((m) => m.DayList), 'De lijst van vandaag');
const OverviewPage = lazyPage(() => import('../features/reports/OverviewPage').then((m) => m.OverviewPage), 'Het overzicht');
const SettingsPage = lazyPage(() => import('../features/settings/SettingsPage').then((m) => m.SettingsPage), 'De instellingen');
const HoursPage = lazyPage(() => import('../features/reports/dashboard/hours/HoursPage').then((m) => m.HoursPage), 'Uren en drukte');

const TITLES: Record<Route['page'], string> = { form: 'Registreren', group: 'Groepsbijeenkomst', list: 'Vandaag', settings: 'Instellingen', enroll: 'Tablet koppelen', overview: 'Overzicht', dashboard: 'Dashboard', annual: 'Jaarverslag', dashboardHours: 'Uren en drukte', beheer: 'Beheer',
  kaart: 'Sociale kaart', service: 'Sociale kaart', serviceEdit: 'Dienst bewerken', kaartConflicts: 'Wijzigingen kiezen', kaartImport: 'Kaart importeren',
  snelwijzer: 'Snelwijzer', card: 'Snelwijzer', cardEdit: 'Kaart bewerken' };

/** The shell: header with navigation, update banner, the page of the current route. */
export function App() {
  const route = useRoute();
  const [unsaved, setUnsaved] = useState(false);
  const [flash, setFlash] = useState<string | undefined>(undefined);
  const device = useLiveQuery(() => getDevice(db).then((d) => d ?? null), []);
  const skipped = useLiveQuery(() => getSetting(db, 'enrollmentSkipped', false), []);
  // First start: ask for the koppelcode, unless staff chose to try the app with example data first
  // (beheer is for a coordinator's laptop too: it never needs this browser to be a tablet).
  const firstStart = device === null && skipped === false && route.page !== 'beheer';
  const page = firstStart ? 'enroll' : route.page;
  // The clock of the kaart ("nu open"); tests and staff checking next week can set it: ?nu=2026-11-24T10:00
  const nowParam = new URLSearchParams(location.hash.split('?')[1] ?? '').get('nu');
  const now = nowParam && !Number.isNaN(Date.parse(nowParam)) ? new Date(nowParam) : new Date();
  const canEditKaart = device === null || device?.role === 'coordinator';
  // Cards are written for an organisation: only an enrolled coordinator's tablet writes them.
  const canEditCards = device?.role === 'coordinator';

  useEffect(() => {
    document.title = `${TITLES[page]} – IDO Onderweg`;
  }, [page]);
  const reloading = useReloadOnNewVersion();
  // Closing the tab with a half-filled form asks first.
  useEffect(() => {
    if (!unsaved || reloading) return; // the reload keeps the form (use-kept-draft.ts)
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [unsaved, reloading]);

  return (
    <>
      <a class="ido-skip-link" href="#main">Naar de inhoud</a>
      <header class="ido-header">
        <p class="ido-header__title">IDO Onderweg</p>
        <nav aria-label="Hoofdmenu">
          <ul class="ido-nav">
            {/* Beheer only on a coordinator's tablet (a laptop opens #/beheer): a staff tablet's menu stays short. */}
            {(device?.role === 'coordinator' ? [...NAV, { route: { page: 'beheer', section: 'start' } as Route, text: 'Beheer' }] : NAV).map((item) => (
              <li key={item.route.page}>
                <a href={routeHref(item.route)} aria-current={item.route.page === page || (item.route.page === 'kaart' && (page.startsWith('service') || page.startsWith('kaart'))) || (item.route.page === 'snelwijzer' && page.startsWith('card')) || (item.route.page === 'overview' && (page.startsWith('dashboard') || page === 'annual')) || (item.route.page === 'form' && page === 'group') ? 'page' : undefined}>{item.text}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {/* Its box is there from the start: the bar never pushes the page when it fills in. */}
      <StatusBar enrolled={device === undefined ? undefined : device !== null} />
      {/* Banners that come by themselves float over the page (ido-toasts): nothing under a finger moves. */}
      <div class="ido-toasts">
        <UpdateBanner hasUnsavedInput={unsaved} />
        {reloading && (
          <div class="ido-banner" id="reload-banner">
            <Alert type="warning">Er is een nieuwe versie; de pagina wordt opnieuw geladen, uw formulier blijft bewaard.</Alert>
          </div>
        )}
      </div>
      <main class="ido-main" id="main" tabIndex={-1}>
        {/* Comes with the page it belongs to (after enrolling), inside it: nothing below it moves later. */}
        {flash && <Alert type="ok">{flash}</Alert>}
        {device === undefined || skipped === undefined ? null : page === 'enroll' ? (
          // An enrollment link fills the code in; once enrolled (or skipped) the form replaces the link's URL, so the code stays in no history entry.
          <EnrollmentPage key={route.page === 'enroll' ? route.code ?? '' : ''} firstStart={firstStart} initialCode={route.page === 'enroll' ? route.code : undefined}
            onEnrolled={(message) => { setFlash(message); void requestPersistentStorage(); navigate({ page: 'form' }, { replace: true }); }}
            onSkip={() => void putSetting(db, 'enrollmentSkipped', true).then(() => navigate({ page: 'form' }, { replace: true }))} />
        ) : (
          <>
            {route.page === 'form' && (
              <RegistrationForm key={route.editId ?? route.referServiceId ?? 'new'} editId={route.editId} referServiceId={route.referServiceId} onDirtyChange={setUnsaved}
                onSaved={() => void afterSave()} onDone={() => navigate({ page: 'list' })} />
            )}
            {route.page === 'list' && <DayList onEdit={(id) => navigate({ page: 'form', editId: id })} />}
            {route.page === 'group' && (
              <GroupSessionForm key={route.editId ?? 'new'} editId={route.editId} onSaved={() => void afterSave()} onDone={() => navigate({ page: 'list' })} />
            )}
            {route.page === 'overview' && <OverviewPage />}
            {route.page === 'kaart' && <KaartPage now={now} canEdit={canEditKaart} serviceHref={(id) => routeHref({ page: 'service', id })} />}
            {route.page === 'serviceEdit' && (
              <ServiceEditPage id={route.id} onSaved={(id) => navigate({ page: 'service', id })}
                onCancel={() => navigate(route.id ? { page: 'service', id: route.id } : { page: 'kaart', query: '' })} />
            )}
            {route.page === 'kaartConflicts' && <ConflictsPage />}
            {route.page === 'snelwijzer' && <SnelwijzerPage now={now} canEdit={canEditCards} cardHref={(id) => routeHref({ page: 'card', id })} newHref={routeHref({ page: 'cardEdit' })} />}
            {route.page === 'card' && (
              <CardPage id={route.id} now={now} canEdit={canEditCards} organisationId={device?.organisationId} serviceHref={(id) => routeHref({ page: 'service', id })}
                editHref={(id) => routeHref({ page: 'cardEdit', id })} onCopied={(id) => navigate({ page: 'cardEdit', id })} onDeleted={() => navigate({ page: 'snelwijzer' })} backHref={routeHref({ page: 'snelwijzer' })} />
            )}
            {route.page === 'cardEdit' && (canEditCards && device ? (
              <CardEditPage id={route.id} now={now} organisationId={device.organisationId} onSaved={(id) => navigate({ page: 'card', id })}
                onCancel={() => navigate(route.id ? { page: 'card', id: route.id } : { page: 'snelwijzer' })} />
            ) : <Alert type="warning">Alleen een coördinator kan kaarten van de Snelwijzer schrijven. <a href={routeHref({ page: 'snelwijzer' })}>Naar de Snelwijzer</a></Alert>)}
            {route.page === 'kaartImport' && <ImportPage organisationId={device?.organisationId} />}
            {route.page === 'service' && route.handout && <HandoverSlip id={route.id} now={now} query={route.query ?? ''} backHref={routeHref({ page: 'service', id: route.id })} />}
            {route.page === 'service' && !route.handout && (
              <ServicePage id={route.id} now={now} canEdit={canEditKaart}
                onRefer={(serviceId) => navigate({ page: 'form', referServiceId: serviceId })}
                onEdit={(id) => navigate({ page: 'serviceEdit', id })}
                handoutHref={routeHref({ page: 'service', id: route.id, handout: true })} backHref={routeHref({ page: 'kaart', query: '' })} />
            )}
            {route.page === 'dashboard' && (
              <Dashboard query={route.query} onQueryChange={(query) => navigate({ page: 'dashboard', query }, { replace: true })} />
            )}
            {route.page === 'annual' && <AnnualReportPage query={route.query} onQueryChange={(query) => navigate({ page: 'annual', query }, { replace: true })} />}
            {route.page === 'dashboardHours' && (
              <HoursPage query={route.query} onQueryChange={(query) => navigate({ page: 'dashboardHours', query }, { replace: true })} />
            )}
            {route.page === 'beheer' && (
              <BeheerPage section={route.section} organisationId={route.organisationId} device={device ?? undefined} onNavigate={(to) => navigate({ page: 'beheer', ...to }, { replace: true })} />
            )}
            {route.page === 'settings' && <SettingsPage onEnroll={() => navigate({ page: 'enroll' })} />}
          </>
        )}
      </main>
    </>
  );
}
