import { useEffect, useMemo, useState } from 'preact/hooks';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { ChartsView } from './ChartsView';
import { FiguresView } from './FiguresView';
import { filtersToQuery, parseFilters, type DashboardFilters } from './filters';
import { FiltersView } from './FiltersView';
import { GroupSessionsView } from './GroupSessionsView';
import { LocationsView } from './LocationsView';
import { ReportStatus } from './ReportStatus';
import { Results } from './Results';
import { RisingView } from './RisingView';
import { askTokenKind } from '../token-kind';
import { type SigningTablet, useTokenSignIn } from '../../../ui/token-sign-in';
import { ReportSessionContext, type ReportSession } from './session';
import { SignIn } from './SignIn';

/** The filters of a query, the year this year's when it names no period. */
function filtersOf(query: string, thisYear: number): DashboardFilters {
  const filters = parseFilters(query);
  if (!filters.year && !filters.from && !filters.to) filters.year = String(thisYear);
  return filters;
}

/** What the filters select, "Opvallend" first. */
function ResultViews({ filters }: { filters: DashboardFilters }) {
  return (
    <>
      <RisingView filters={filters} />
      <FiguresView filters={filters} />
      <GroupSessionsView filters={filters} />
      <ChartsView filters={filters} />
      <LocationsView filters={filters} />
    </>
  );
}

interface DashboardProps {
  /** the filters as a query string (from the URL) */
  query: string;
  onQueryChange: (query: string) => void;
  /** this browser's tablet: a coordinator's signs in with its own token */
  device?: SigningTablet;
}

/**
 * The coordinator's and the national dashboard: the shell that signs in and composes the views. Each view
 * reads its own data through one hook (`use-report.ts`); how to add one: ../README.md.
 */
export function Dashboard({ query, onQueryChange, device }: DashboardProps) {
  const { token, kind, signIn, signOut, refused, asking } = useTokenSignIn(device, askTokenKind);
  // "Demo-organisaties" is a choice only where demo and real organisations mix (the national and a municipality's
  // view): a tablet's or coordinator's token sees one organisation. Decided in the render that opens the page (the
  // sign-in asked who the token is), so the filter never shows and then goes by itself; unknown, it shows.
  const demoChoice = kind !== 'coordinator' && kind !== 'device';
  const [signInError, setSignInError] = useState<string | undefined>(undefined);
  // Offline, every view said "Geen verbinding met de server…" in an alert of its own: five times, each read out. Now
  // the first view without an answer says so for all (lostConnection), once, with a way to try again; back online
  // (the browser's 'online' event) the views ask again by themselves.
  const [noConnection, setNoConnection] = useState(false);
  // The query whose views stand on the page; the views of a newer one are prepared out of sight until all are in.
  const [shownQuery, setShownQuery] = useState<string | undefined>(undefined);
  useEffect(() => {
    const retry = () => { setShownQuery(undefined); setNoConnection(false); };
    addEventListener('online', retry);
    return () => removeEventListener('online', retry);
  }, []);
  const session = useMemo<ReportSession | undefined>(() => token ? {
    token,
    expire: (message) => { refused(); setSignInError(message); },
    lostConnection: () => setNoConnection(true),
  } : undefined, [token]);
  const thisYear = new Date().getFullYear();
  const filters = filtersOf(query, thisYear);
  const setFilter = (patch: Partial<DashboardFilters>) => onQueryChange(filtersToQuery({ ...filters, ...patch }));

  if (!session) {
    return <SignIn error={signInError} busy={asking} onSignIn={(value) => { setSignInError(undefined); signIn(value); }} />;
  }
  return (
    <ReportSessionContext.Provider value={session}>
      <section aria-labelledby="dashboard-heading">
        <div class="ido-row ido-row--spread">
          <h1 class="utrecht-heading-1" id="dashboard-heading">Dashboard</h1>
          {signOut && <Button appearance="subtle" onClick={signOut}>Uitloggen</Button>}
          <a class="utrecht-button utrecht-button--secondary-action ido-no-print" href="#/jaarverslag">Jaarverslag (afdrukken of PDF)</a>
          <a class="utrecht-button utrecht-button--secondary-action ido-no-print" href={`#/dashboard/uren${query ? `?${query}` : ''}`}>Uren en drukte</a>
        </div>
        {noConnection ? (
          <div class="ido-card" id="dashboard-no-connection">
            <Alert type="error">Geen verbinding met de server. Het dashboard werkt alleen met internet. De cijfers van deze tablet ziet u ook zonder internet bij Overzicht.</Alert>
            <p class="ido-row">
              <Button onClick={() => { setShownQuery(undefined); setNoConnection(false); }}>Opnieuw proberen</Button>
              <a class="utrecht-button utrecht-button--secondary-action" href="#/overzicht">Naar Overzicht</a>
            </p>
          </div>
        ) : (
          <>
            {/* The filters first, above all they change: a view that grows as its answer comes in never moves them. */}
            <FiltersView filters={filters} thisYear={thisYear} demoChoice={demoChoice} onChange={setFilter} />
            <ReportStatus loading={shownQuery !== query} first={shownQuery === undefined} />
            {/* The shown views stay until the new filters' views all have their answers, which then take their place at once. */}
            {[...(shownQuery !== undefined && shownQuery !== query ? [shownQuery] : []), query].map((viewsQuery) => (
              <Results key={viewsQuery} shown={viewsQuery === shownQuery} onReady={() => setShownQuery(viewsQuery)}>
                <ResultViews filters={filtersOf(viewsQuery, thisYear)} />
              </Results>
            ))}
          </>
        )}
      </section>
    </ReportSessionContext.Provider>
  );
}
