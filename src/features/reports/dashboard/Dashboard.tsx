import { useMemo, useState } from 'preact/hooks';
import { Button } from '../../../ui/Button';
import { reportToken } from './api';
import { ChartsView } from './ChartsView';
import { FiguresView } from './FiguresView';
import { filtersToQuery, parseFilters, type DashboardFilters } from './filters';
import { FiltersView } from './FiltersView';
import { GroupSessionsView } from './GroupSessionsView';
import { LocationsView } from './LocationsView';
import { RisingView } from './RisingView';
import { ReportSessionContext, type ReportSession } from './session';
import { SignIn } from './SignIn';

interface DashboardProps {
  /** the filters as a query string (from the URL) */
  query: string;
  onQueryChange: (query: string) => void;
}

/**
 * The coordinator's and the national dashboard: the shell that signs in and composes the views. Each view
 * reads its own data through one hook (`use-report.ts`); how to add one: ../README.md.
 */
export function Dashboard({ query, onQueryChange }: DashboardProps) {
  const [token, setToken] = useState(reportToken.get());
  const [signInError, setSignInError] = useState<string | undefined>(undefined);
  const session = useMemo<ReportSession | undefined>(() => token ? {
    token,
    expire: (message) => { reportToken.clear(); setToken(undefined); setSignInError(message); },
  } : undefined, [token]);
  const filters = parseFilters(query);
  const thisYear = new Date().getFullYear();
  if (!filters.year && !filters.from && !filters.to) filters.year = String(thisYear);
  const setFilter = (patch: Partial<DashboardFilters>) => onQueryChange(filtersToQuery({ ...filters, ...patch }));

  if (!session) {
    return <SignIn error={signInError} onSignIn={(value) => { reportToken.set(value); setSignInError(undefined); setToken(value); }} />;
  }
  return (
    <ReportSessionContext.Provider value={session}>
      <section aria-labelledby="dashboard-heading">
        <div class="ido-row ido-row--spread">
          <h1 class="utrecht-heading-1" id="dashboard-heading">Dashboard</h1>
          <Button appearance="subtle" onClick={() => { reportToken.clear(); setToken(undefined); }}>Uitloggen</Button>
          <a class="utrecht-button utrecht-button--secondary-action ido-no-print" href="#/jaarverslag">Jaarverslag (afdrukken of PDF)</a>
          <a class="utrecht-button utrecht-button--secondary-action ido-no-print" href={`#/dashboard/uren${query ? `?${query}` : ''}`}>Uren en drukte</a>
        </div>
        <RisingView filters={filters} />
        <FiltersView filters={filters} thisYear={thisYear} onChange={setFilter} />
        <FiguresView filters={filters} />
        <GroupSessionsView filters={filters} />
        <ChartsView filters={filters} />
        <LocationsView filters={filters} />
      </section>
    </ReportSessionContext.Provider>
  );
}
