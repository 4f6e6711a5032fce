import '@utrecht/select-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';
import './hours.css';
import { useRef } from 'preact/hooks';
import { currentCodes, label } from '../../../../shared/codelists';
import { Button } from '../../../../ui/Button';
import { Field } from '../../../../ui/Field';
import { fetchLocations } from '../api';
import { askTokenKind } from '../../token-kind';
import { type SigningTablet, useTokenSignIn } from '../../../../ui/token-sign-in';
import { filtersToQuery } from '../filters';
import { PeriodFields } from '../PeriodFields';
import { SignIn } from '../SignIn';
import { fetchBusyHours, fetchHoursEffect, fetchScenarioComparison } from './api';
import { BusyHoursView } from './BusyHoursView';
import { HoursEffectView } from './HoursEffectView';
import { hoursApiQuery, type HoursFilters, hoursFiltersToQuery, parseHoursFilters } from './query';
import { ScenarioComparisonView } from './ScenarioComparisonView';
import { ReportStatus } from '../ReportStatus';
import { answered, type ReportState, useReport } from './useReport';
import type { BusyHoursResponse, HoursEffectResponse, ScenarioComparisonResponse } from '../../../../shared/hours-insight';

interface HoursPageProps {
  /** the choices as a query string (from the URL) */
  query: string;
  onQueryChange: (query: string) => void;
  /** this browser's tablet: a coordinator's signs in with its own token */
  device?: SigningTablet;
}

const WEEKS = ['4', '8', '13', '26'];

/** The three views' answers for one choice (`query`, the page's query string). */
interface ShownViews {
  query: string;
  effect: ReportState<HoursEffectResponse>;
  busy: ReportState<BusyHoursResponse>;
  comparison: ReportState<ScenarioComparisonResponse>;
  locationChosen: boolean;
}

/** "Uren en drukte": do more hours bring more visitors, when is it busy, and how do scenarios compare. */
export function HoursPage({ query, onQueryChange, device }: HoursPageProps) {
  const { token, signIn, signOut, refused, asking } = useTokenSignIn(device, askTokenKind);
  // Its own heading, as the jaarverslag's: signed out, this page said "Dashboard" under the title "Uren en drukte".
  if (!token) return <SignIn title="Uren en drukte" idPrefix="hours" busy={asking} onSignIn={signIn} />;
  return <HoursViews token={token} query={query} onQueryChange={onQueryChange} onRefused={refused} onSignOut={signOut} />;
}

function HoursViews({ token, query, onQueryChange, onRefused, onSignOut }: HoursPageProps & { token: string; onRefused: () => void; onSignOut?: () => void }) {
  const filters = parseHoursFilters(query);
  const setFilter = (patch: Partial<HoursFilters>) => onQueryChange(hoursFiltersToQuery({ ...filters, ...patch }));
  const dashboardQuery = filtersToQuery(filters); // the dashboard's own filters, without scenario and weeks
  const places = useReport(fetchLocations, token, hoursApiQuery(filters, [], false), onRefused);
  const asked = {
    effect: filters.location ? hoursApiQuery(filters, ['scenario', 'weeks']) : undefined,
    busy: hoursApiQuery(filters, ['scenario']),
    comparison: hoursApiQuery(filters, [], false),
  };
  const effect = useReport(fetchHoursEffect, token, asked.effect, onRefused);
  const busy = useReport(fetchBusyHours, token, asked.busy, onRefused);
  const comparison = useReport(fetchScenarioComparison, token, asked.comparison, onRefused);
  // The views show the last choice all three have answered, together: one that answers sooner never pushes another
  // down as it fills in, and a new choice's views take the old ones' place at once.
  const shown = useRef<ShownViews | undefined>(undefined);
  if (answered(effect, asked.effect) && answered(busy, asked.busy) && answered(comparison, asked.comparison)) {
    if (shown.current?.query !== query || shown.current.effect !== effect || shown.current.busy !== busy || shown.current.comparison !== comparison) {
      shown.current = { query, effect, busy, comparison, locationChosen: filters.location !== undefined };
    }
  }
  const views = shown.current;

  return (
    <section aria-labelledby="hours-heading">
      <div class="ido-row ido-row--spread">
        <h1 class="utrecht-heading-1" id="hours-heading">Uren en drukte</h1>
        {/* Beside the heading, as on the dashboard: signing out is no choice among the filters. */}
        <div class="ido-row">
          <a class="ido-result-link" href={dashboardQuery ? `#/dashboard?${dashboardQuery}` : '#/dashboard'}>Terug naar het dashboard</a>
          {onSignOut && <Button appearance="subtle" onClick={onSignOut}>Uitloggen</Button>}
        </div>
      </div>
      <form class="ido-card ido-filters" aria-label="Keuzes" onSubmit={(e) => e.preventDefault()}>
        <Field id="hours-location" label="Locatie">
          <select class="utrecht-select utrecht-select--html-select" id="hours-location" value={filters.location ?? ''} onChange={(e) => setFilter({ location: e.currentTarget.value || undefined })}>
            <option value="">Alle locaties</option>
            {places.data?.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </Field>
        <Field id="hours-scenario" label="Scenario">
          <select class="utrecht-select utrecht-select--html-select" id="hours-scenario" value={filters.scenario ?? ''} onChange={(e) => setFilter({ scenario: e.currentTarget.value || undefined })}>
            <option value="">Alle scenario's</option>
            {currentCodes('scenario').map((code) => <option key={code} value={code}>{label('scenario', code)}</option>)}
          </select>
        </Field>
        <Field id="hours-weeks" label="Weken voor en na een wijziging">
          <select class="utrecht-select utrecht-select--html-select" id="hours-weeks" value={filters.weeks ?? '8'} onChange={(e) => setFilter({ weeks: e.currentTarget.value === '8' ? undefined : e.currentTarget.value })}>
            {WEEKS.map((w) => <option key={w} value={w}>{w} weken</option>)}
          </select>
        </Field>
        <PeriodFields idPrefix="hours" from={filters.from} to={filters.to} onChange={(period) => setFilter({ ...period, year: undefined })} />
      </form>
      <ReportStatus loading={views?.query !== query} first={views === undefined} />
      {views && (
        // A new element for each choice: its views come as new content, not as the old ones growing or shrinking.
        <div key={views.query}>
          <HoursEffectView state={views.effect} locationChosen={views.locationChosen} />
          <BusyHoursView state={views.busy} />
          <ScenarioComparisonView state={views.comparison} />
        </div>
      )}
    </section>
  );
}
