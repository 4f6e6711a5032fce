import '@utrecht/select-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';
import { ChoiceTiles } from '../../../ui/ChoiceTiles';
import { Field } from '../../../ui/Field';
import { fetchLocations } from './api';
import { PROVINCES, type DashboardFilters } from './filters';
import { PeriodFields } from './PeriodFields';
import { keyOf, labelOf } from './rows';
import { useReport, useStatsSet } from './use-report';

interface FiltersViewProps {
  filters: DashboardFilters;
  thisYear: number;
  /** whether to offer "Demo meetellen": not to a token of one organisation, whose figures are its own either way */
  demoChoice: boolean;
  onChange: (patch: Partial<DashboardFilters>) => void;
}

/** The choices of the selects: municipalities and organisations of the year, locations of the selection. */
function useFilterChoices(filters: DashboardFilters) {
  const yearOnly = { year: filters.year, from: filters.from, to: filters.to, includeDemo: filters.includeDemo };
  return useStatsSet({
    municipality: { filters: yearOnly, groupBy: ['municipality'] },
    organisation: { filters: yearOnly, groupBy: ['organisation'] },
    location: { filters, groupBy: ['location'] },
  }).data;
}

/**
 * The provinces the viewer's token reaches (its locations' provinces, GET /report-locations): a municipality's or an
 * organisation's token was offered all twelve, and each other one answered with the same red "alleen … eigen" alert in
 * every view (helper-58). All twelve until the answer is in; a province already chosen stays offered.
 */
function useProvinceChoices(filters: DashboardFilters): readonly string[] {
  const query = filters.includeDemo === 'true' ? 'includeDemo=true' : '';
  const places = useReport(`report-locations?${query}`, (token) => fetchLocations(token, new URLSearchParams(query))).data;
  if (!places) return PROVINCES;
  const reached = new Set(places.map((location) => location.province));
  if (filters.province) reached.add(filters.province);
  return PROVINCES.filter((province) => reached.has(province));
}

/** The dashboard's filters (year or own period, place, demo where demo and real organisations mix); they live in the URL. */
export function FiltersView({ filters, thisYear, demoChoice, onChange }: FiltersViewProps) {
  const choices = useFilterChoices(filters);
  const provinces = useProvinceChoices(filters);
  return (
    <form class="ido-card ido-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <Field id="filter-year" label="Jaar">
        <select class="utrecht-select utrecht-select--html-select" id="filter-year" value={filters.from || filters.to ? '' : filters.year}
          onChange={(e) => onChange({ year: e.currentTarget.value, from: undefined, to: undefined })}>
          {filters.from || filters.to ? <option value="">Eigen periode</option> : null}
          {[0, 1, 2, 3].map((back) => <option key={back} value={String(thisYear - back)}>{thisYear - back}</option>)}
        </select>
      </Field>
      <PeriodFields idPrefix="filter" from={filters.from} to={filters.to} onChange={onChange} />
      <Field id="filter-province" label="Provincie">
        <select class="utrecht-select utrecht-select--html-select" id="filter-province" value={filters.province ?? ''} onChange={(e) => onChange({ province: e.currentTarget.value || undefined })}>
          <option value="">Alle provincies</option>
          {provinces.map((p) => <option key={p} value={p}>{p}</option>)}
        </select>
      </Field>
      <Field id="filter-municipality" label="Gemeente">
        <select class="utrecht-select utrecht-select--html-select" id="filter-municipality" value={filters.municipality ?? ''} onChange={(e) => onChange({ municipality: e.currentTarget.value || undefined, location: undefined })}>
          <option value="">Alle gemeenten</option>
          {choices?.municipality.rows.map((r) => <option key={keyOf(r, 'municipality')} value={keyOf(r, 'municipality')}>{labelOf(r, 'municipality')}</option>)}
        </select>
      </Field>
      <Field id="filter-organisation" label="Bibliotheekorganisatie">
        <select class="utrecht-select utrecht-select--html-select" id="filter-organisation" value={filters.organisation ?? ''} onChange={(e) => onChange({ organisation: e.currentTarget.value || undefined, location: undefined })}>
          <option value="">Alle organisaties</option>
          {choices?.organisation.rows.map((r) => <option key={keyOf(r, 'organisation')} value={keyOf(r, 'organisation')}>{labelOf(r, 'organisation')}</option>)}
        </select>
      </Field>
      <Field id="filter-location" label="Locatie">
        <select class="utrecht-select utrecht-select--html-select" id="filter-location" value={filters.location ?? ''} onChange={(e) => onChange({ location: e.currentTarget.value || undefined })}>
          <option value="">Alle locaties</option>
          {choices?.location.rows.map((r) => <option key={keyOf(r, 'location')} value={keyOf(r, 'location')}>{labelOf(r, 'location')}</option>)}
        </select>
      </Field>
      {demoChoice && <ChoiceTiles multiple id="filter-demo" legend="Demo-organisaties" description="Ze tellen niet mee in de cijfers, tenzij u dit aanvinkt."
        choices={[{ value: 'true', label: 'Demo meetellen' }]} value={filters.includeDemo === 'true' ? ['true'] : []}
        onChange={(value) => onChange({ includeDemo: value.includes('true') ? 'true' : undefined })} />}
    </form>
  );
}
