import { useEffect } from 'preact/hooks';
import type { EnrolledDevice } from '../db/types';
import { NotHere } from '../ui/NotHere';
import { usePractice } from '../ui/practice';
import { beheerTitle } from '../features/beheer/section-names';
import { lazyPage } from './Lazy';
import { navigate, routeHref, type Route } from './router';
import { syncTriggers } from './start';

// Every page but the first screen's (the registration form, the koppelen screen): App.tsx loads this
// module after the first screen stands, or when one of these pages opens first. Each page is its own chunk again.
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

const afterSave = () => syncTriggers().then((m) => m.afterSave());
// The first screen's two titles are App.tsx's.
const TITLES: Record<Exclude<Route['page'], 'form' | 'enroll'>, string> = { group: 'Groepsbijeenkomst', list: 'Vandaag', settings: 'Instellingen', overview: 'Overzicht', dashboard: 'Dashboard', annual: 'Jaarverslag', dashboardHours: 'Uren en drukte', beheer: 'Beheer',
  kaart: 'Sociale kaart', service: 'Sociale kaart', serviceEdit: 'Dienst bewerken', kaartConflicts: 'Wijzigingen kiezen', kaartImport: 'Kaart importeren',
  snelwijzer: 'Snelwijzer', card: 'Snelwijzer', cardEdit: 'Kaart bewerken' };

/** The page of a route other than 'form' and 'enroll'; `device` null on a tablet that is not linked. */
export function Pages({ route, device }: { route: Route; device: EnrolledDevice | null }) {
  // Beheer's tabs each their own ("Tablets – Beheer – IDO Onderweg"): a list of browser tabs and a screen reader told them apart by nothing.
  const beheerSection = route.page === 'beheer' ? route.section : undefined;
  // A group session form starts anew when practice starts or ends (ui/practice.ts), as the contact form does.
  const practising = usePractice();
  useEffect(() => {
    if (route.page === 'form' || route.page === 'enroll') return;
    document.title = `${beheerSection ? beheerTitle(beheerSection) : TITLES[route.page]} – IDO Onderweg`;
  }, [route.page, beheerSection]);
  // The clock of the kaart ("nu open"); tests and staff checking next week can set it: ?nu=2026-11-24T10:00
  const nowParam = new URLSearchParams(location.hash.split('?')[1] ?? '').get('nu');
  const now = nowParam && !Number.isNaN(Date.parse(nowParam)) ? new Date(nowParam) : new Date();
  const canEditKaart = device === null || device?.role === 'coordinator';
  // Cards are written for an organisation: only an enrolled coordinator's tablet writes them.
  const canEditCards = device?.role === 'coordinator';
  return (
    <>
      {route.page === 'list' && <DayList onEdit={(id) => navigate({ page: 'form', editId: id })} onDeleted={() => void afterSave()} />}
      {route.page === 'group' && (
        <GroupSessionForm key={`${practising ? 'practice:' : ''}${route.editId ?? 'new'}`} editId={route.editId} onSaved={() => void afterSave()} onDone={() => navigate({ page: 'list' })} />
      )}
      {route.page === 'overview' && <OverviewPage />}
      {route.page === 'kaart' && <KaartPage now={now} canEdit={canEditKaart} serviceHref={(id) => routeHref({ page: 'service', id })} />}
      {route.page === 'serviceEdit' && (canEditKaart ? (
        <ServiceEditPage id={route.id} organisationId={device?.organisationId} onSaved={(id) => navigate({ page: 'service', id })}
          backHref={route.id ? routeHref({ page: 'service', id: route.id }) : routeHref({ page: 'kaart', query: '' })}
          onCancel={() => navigate(route.id ? { page: 'service', id: route.id } : { page: 'kaart', query: '' })} />
      ) : <NotHere title={TITLES.serviceEdit} what="Alleen een coördinator kan de sociale kaart wijzigen. Ziet u iets dat niet klopt? Meld het met “Klopt niet” bij de dienst."
        back={{ href: route.id ? routeHref({ page: 'service', id: route.id }) : routeHref({ page: 'kaart', query: '' }), label: route.id ? 'Terug naar de dienst' : 'Naar de sociale kaart' }} />)}
      {route.page === 'kaartConflicts' && <ConflictsPage />}
      {route.page === 'snelwijzer' && <SnelwijzerPage now={now} canEdit={canEditCards} cardHref={(id) => routeHref({ page: 'card', id })} newHref={routeHref({ page: 'cardEdit' })} />}
      {route.page === 'card' && (
        <CardPage id={route.id} now={now} canEdit={canEditCards} organisationId={device?.organisationId} serviceHref={(id) => routeHref({ page: 'service', id })}
          editHref={(id) => routeHref({ page: 'cardEdit', id })} onCopied={(id) => navigate({ page: 'cardEdit', id })} onDeleted={() => navigate({ page: 'snelwijzer' })} backHref={routeHref({ page: 'snelwijzer' })} />
      )}
      {route.page === 'cardEdit' && (canEditCards && device ? (
        <CardEditPage id={route.id} now={now} organisationId={device.organisationId} onSaved={(id) => navigate({ page: 'card', id })}
          onCancel={() => navigate(route.id ? { page: 'card', id: route.id } : { page: 'snelwijzer' })}
          backHref={route.id ? routeHref({ page: 'card', id: route.id }) : routeHref({ page: 'snelwijzer' })} />
      ) : <NotHere title={TITLES.cardEdit} what="Alleen een coördinator kan kaarten van de Snelwijzer schrijven." back={{ href: routeHref({ page: 'snelwijzer' }), label: 'Naar de Snelwijzer' }} />)}
      {route.page === 'kaartImport' && (canEditKaart ? <ImportPage organisationId={device?.organisationId} />
        : <NotHere title={TITLES.kaartImport} what="Alleen een coördinator kan een sociale kaart importeren." back={{ href: routeHref({ page: 'kaart', query: '' }), label: 'Naar de sociale kaart' }} />)}
      {route.page === 'service' && route.handout && <HandoverSlip id={route.id} now={now} query={route.query ?? ''} backHref={routeHref({ page: 'service', id: route.id })} />}
      {route.page === 'service' && !route.handout && (
        <ServicePage id={route.id} now={now} canEdit={canEditKaart} organisationId={device?.organisationId}
          onRefer={(serviceId) => navigate({ page: 'form', referServiceId: serviceId })}
          onEdit={(id) => navigate({ page: 'serviceEdit', id })}
          handoutHref={routeHref({ page: 'service', id: route.id, handout: true })} backHref={routeHref({ page: 'kaart', query: '' })} />
      )}
      {route.page === 'dashboard' && (
        <Dashboard query={route.query} device={device ?? undefined} onQueryChange={(query) => navigate({ page: 'dashboard', query }, { replace: true })} />
      )}
      {route.page === 'annual' && <AnnualReportPage query={route.query} device={device ?? undefined} onQueryChange={(query) => navigate({ page: 'annual', query }, { replace: true })} />}
      {route.page === 'dashboardHours' && (
        <HoursPage query={route.query} device={device ?? undefined} onQueryChange={(query) => navigate({ page: 'dashboardHours', query }, { replace: true })} />
      )}
      {route.page === 'beheer' && (
        <BeheerPage section={route.section} organisationId={route.organisationId} device={device ?? undefined} onNavigate={(to) => navigate({ page: 'beheer', ...to }, { replace: true })} />
      )}
      {route.page === 'settings' && <SettingsPage onEnroll={() => navigate({ page: 'enroll' })} onPractice={() => navigate({ page: 'form' })} />}
    </>
  );
}
