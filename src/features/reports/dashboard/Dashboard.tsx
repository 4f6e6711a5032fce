import '@utrecht/select-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';
import { useEffect, useState } from 'preact/hooks';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { ChoiceTiles } from '../../../ui/ChoiceTiles';
import { Field } from '../../../ui/Field';
import type { StatsDimension, StatsRow } from '../../../shared/reports';
import type { ReportLocationInfo } from '../../../shared/reports';
import { downloadCsv, fetchLocations, fetchStats, reportToken, ReportError, type StatsResponse } from './api';
import { ChartCard, type ChartDatum } from './ChartCard';
import { filtersToQuery, parseFilters, PROVINCES, statsQuery, type DashboardFilters } from './filters';
import { LocationTable, type LocationRow } from './LocationTable';
import { SignIn } from './SignIn';

interface DashboardProps {
  /** the filters as a query string (from the URL) */
  query: string;
  onQueryChange: (query: string) => void;
}

const CHARTS = [
  { id: 'month', title: 'Contacten per maand', groupBy: 'month', measure: 'contacts', horizontal: false },
  { id: 'topic', title: 'Onderwerpen', groupBy: 'topic', measure: 'questions', horizontal: true },
  { id: 'governmentOrganisation', title: 'Overheidsorganisaties', groupBy: 'governmentOrganisation', measure: 'questions', horizontal: true },
  { id: 'help', title: 'Geboden hulp', groupBy: 'help', measure: 'questions', horizontal: true },
  { id: 'referral', title: 'Soorten verwijzing', groupBy: 'referral', measure: 'questions', horizontal: true },
] as const;

type Loaded = Record<(typeof CHARTS)[number]['id'] | 'location' | 'locationScenario' | 'locationStaff' | 'municipality' | 'organisation', StatsResponse>
  & { places: ReportLocationInfo[] };

/** A row's code for a dimension ('' for "none") and its Dutch label. */
const keyOf = (row: StatsRow, dimension: StatsDimension): string => row.keys[dimension] ?? '';
const labelOf = (row: StatsRow, dimension: StatsDimension): string => row.labels[dimension] ?? row.keys[dimension] ?? 'Geen';

const datum = (response: StatsResponse, dimension: StatsDimension): ChartDatum[] => {
  const rows = response.rows.map((r) => ({ label: dimension === 'month' ? keyOf(r, dimension) : labelOf(r, dimension), contacts: r.contacts, questions: r.questions }));
  if (dimension !== 'month') return rows.sort((a, b) => b.questions - a.questions);
  // Months in order, then labelled in Dutch ("januari 2026").
  const byMonth = new Map(response.rows.map((r) => [keyOf(r, 'month'), labelOf(r, 'month')]));
  return rows.sort((a, b) => a.label.localeCompare(b.label)).map((d) => ({ ...d, label: byMonth.get(d.label) ?? d.label }));
};

/** The most frequent value of a second dimension per location, as "Spreekuur (60 %)". */
function mostPerLocation(response: StatsResponse, dimension: StatsDimension): Map<string, string> {
  const byLocation = new Map<string, { label: string; contacts: number; total: number }>();
  for (const row of response.rows) {
    const id = keyOf(row, 'location');
    const current = byLocation.get(id) ?? { label: '', contacts: -1, total: 0 };
    current.total += row.contacts;
    if (row.contacts > current.contacts) Object.assign(current, { label: labelOf(row, dimension), contacts: row.contacts });
    byLocation.set(id, current);
  }
  return new Map([...byLocation].map(([id, v]) => [id, `${v.label} (${Math.round((v.contacts / Math.max(1, v.total)) * 100)} %)`]));
}

/** The coordinator's and the national dashboard: filters in the URL, charts with tables, locations, CSV. */
export function Dashboard({ query, onQueryChange }: DashboardProps) {
  const [token, setToken] = useState(reportToken.get());
  const [data, setData] = useState<Loaded | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const filters = parseFilters(query);
  const thisYear = new Date().getFullYear();
  if (!filters.year && !filters.from && !filters.to) filters.year = String(thisYear);
  const setFilter = (patch: Partial<DashboardFilters>) => onQueryChange(filtersToQuery({ ...filters, ...patch }));

  useEffect(() => {
    if (!token) return;
    let current = true;
    setError(undefined);
    const ask = (groupBy: string[], only: DashboardFilters = filters) => fetchStats(token, statsQuery(only, groupBy));
    const yearOnly = { year: filters.year, from: filters.from, to: filters.to, includeDemo: filters.includeDemo };
    Promise.all([
      ...CHARTS.map((chart) => ask([chart.groupBy])),
      ask(['location']), ask(['location', 'scenario']), ask(['location', 'staffRole']),
      ask(['municipality'], yearOnly), ask(['organisation'], yearOnly),
    ]).then(async (answers) => {
      const places = await fetchLocations(token, statsQuery(filters, []));
      if (!current) return;
      const [month, topic, governmentOrganisation, help, referral, location, locationScenario, locationStaff, municipality, organisation] = answers;
      setData({ month, topic, governmentOrganisation, help, referral, location, locationScenario, locationStaff, municipality, organisation, places });
    }).catch((failure: unknown) => {
      if (!current) return;
      if (failure instanceof ReportError && failure.status === 401) {
        reportToken.clear();
        setToken(undefined);
      }
      setError(failure instanceof Error ? failure.message : 'Er ging iets mis.');
    });
    return () => { current = false; };
  }, [token, query]);

  if (!token) return <SignIn error={error} onSignIn={(value) => { reportToken.set(value); setToken(value); }} />;

  const exportPath = (groupBy: string[]) => `/stats.csv?${statsQuery(filters, groupBy)}&delimiter=semicolon`;
  const exportChart = (groupBy: string) => void downloadCsv(token, exportPath([groupBy]), `ido-${groupBy}.csv`).catch((e: Error) => setError(e.message));
  const scenarios = data ? mostPerLocation(data.locationScenario, 'scenario') : new Map();
  const staffing = data ? mostPerLocation(data.locationStaff, 'staffRole') : new Map();
  const locations: LocationRow[] = data?.location.rows.map((r) => ({
    id: keyOf(r, 'location'), name: labelOf(r, 'location'), contacts: r.contacts, questions: r.questions,
    questionsPerResident: r.questionsPerResident, scenario: scenarios.get(keyOf(r, 'location')), staffing: staffing.get(keyOf(r, 'location')),
    hoursPerWeek: data.places.find((p) => p.id === keyOf(r, 'location'))?.idoHoursPerWeek ?? undefined,
  })) ?? [];

  return (
    <section aria-labelledby="dashboard-heading">
      <div class="ido-row ido-row--spread">
        <h1 class="utrecht-heading-1" id="dashboard-heading">Dashboard</h1>
        <a class="ido-result-link" href={`#/dashboard/uren${query ? `?${query}` : ''}`}>Uren en drukte</a>
        <Button appearance="subtle" onClick={() => { reportToken.clear(); setToken(undefined); setData(undefined); }}>Uitloggen</Button>
      </div>
      <form class="ido-card ido-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <Field id="filter-year" label="Jaar">
          <select class="utrecht-select utrecht-select--html-select" id="filter-year" value={filters.from || filters.to ? '' : filters.year}
            onChange={(e) => setFilter({ year: e.currentTarget.value, from: undefined, to: undefined })}>
            {filters.from || filters.to ? <option value="">Eigen periode</option> : null}
            {[0, 1, 2, 3].map((back) => <option key={back} value={String(thisYear - back)}>{thisYear - back}</option>)}
          </select>
        </Field>
        <Field id="filter-from" label="Van (niet verplicht)">
          <input class="utrecht-textbox utrecht-textbox--html-input" id="filter-from" type="date" value={filters.from ?? ''} onChange={(e) => setFilter({ from: e.currentTarget.value || undefined })} />
        </Field>
        <Field id="filter-to" label="Tot en met (niet verplicht)">
          <input class="utrecht-textbox utrecht-textbox--html-input" id="filter-to" type="date" value={filters.to ?? ''} onChange={(e) => setFilter({ to: e.currentTarget.value || undefined })} />
        </Field>
        <Field id="filter-province" label="Provincie">
          <select class="utrecht-select utrecht-select--html-select" id="filter-province" value={filters.province ?? ''} onChange={(e) => setFilter({ province: e.currentTarget.value || undefined })}>
            <option value="">Alle provincies</option>
            {PROVINCES.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </Field>
        <Field id="filter-municipality" label="Gemeente">
          <select class="utrecht-select utrecht-select--html-select" id="filter-municipality" value={filters.municipality ?? ''} onChange={(e) => setFilter({ municipality: e.currentTarget.value || undefined, location: undefined })}>
            <option value="">Alle gemeenten</option>
            {data?.municipality.rows.map((r) => <option key={keyOf(r, 'municipality')} value={keyOf(r, 'municipality')}>{labelOf(r, 'municipality')}</option>)}
          </select>
        </Field>
        <Field id="filter-organisation" label="Bibliotheekorganisatie">
          <select class="utrecht-select utrecht-select--html-select" id="filter-organisation" value={filters.organisation ?? ''} onChange={(e) => setFilter({ organisation: e.currentTarget.value || undefined, location: undefined })}>
            <option value="">Alle organisaties</option>
            {data?.organisation.rows.map((r) => <option key={keyOf(r, 'organisation')} value={keyOf(r, 'organisation')}>{labelOf(r, 'organisation')}</option>)}
          </select>
        </Field>
        <Field id="filter-location" label="Locatie">
          <select class="utrecht-select utrecht-select--html-select" id="filter-location" value={filters.location ?? ''} onChange={(e) => setFilter({ location: e.currentTarget.value || undefined })}>
            <option value="">Alle locaties</option>
            {data?.location.rows.map((r) => <option key={keyOf(r, 'location')} value={keyOf(r, 'location')}>{labelOf(r, 'location')}</option>)}
          </select>
        </Field>
        <ChoiceTiles multiple id="filter-demo" legend="Demo-organisaties" description="Landelijke cijfers laten ze weg, tenzij u dit aanvinkt."
          choices={[{ value: 'true', label: 'Demo meetellen' }]} value={filters.includeDemo === 'true' ? ['true'] : []}
          onChange={(value) => setFilter({ includeDemo: value.includes('true') ? 'true' : undefined })} />
      </form>
      {error && <Alert type="error">{error}</Alert>}
      {data && (
        <>
          <div class="ido-card ido-figures" aria-live="polite">
            <p><strong id="dashboard-contacts">{data.month.totals.contacts.toLocaleString('nl-NL')}</strong> contacten</p>
            <p><strong id="dashboard-questions">{data.month.totals.questions.toLocaleString('nl-NL')}</strong> vragen</p>
            <p><Button onClick={() => void downloadCsv(token, `/export.csv?${statsQuery(filters, [])}&delimiter=semicolon`, 'ido-vragen.csv').catch((e: Error) => setError(e.message))}>Alle vragen als CSV (Excel)</Button></p>
          </div>
          <div class="ido-two-columns">
            {CHARTS.map((chart) => (
              <ChartCard key={chart.id} id={`chart-${chart.id}`} title={chart.title} data={datum(data[chart.id], chart.groupBy)}
                measure={chart.measure} horizontal={chart.horizontal} onExport={() => exportChart(chart.groupBy)} />
            ))}
          </div>
          <LocationTable rows={locations} />
        </>
      )}
      {!data && !error && <p class="utrecht-paragraph">Het overzicht wordt geladen…</p>}
    </section>
  );
}
