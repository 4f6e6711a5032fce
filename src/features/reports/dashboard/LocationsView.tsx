import type { StatsDimension } from '../../../shared/reports';
import { Alert } from '../../../ui/Alert';
import { fetchLocations, type StatsResponse } from './api';
import { statsQuery, type DashboardFilters } from './filters';
import { LocationTable, type LocationRow } from './LocationTable';
import { keyOf, labelOf } from './rows';
import { fetchStatsShared, useReport } from './use-report';

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

/** The locations of the selection side by side: figures, most used scenario and staff, IDO hours. */
function useLocationRows(filters: DashboardFilters) {
  const ask = (token: string, groupBy: string[]) => fetchStatsShared(token, statsQuery(filters, groupBy));
  return useReport(`locations?${statsQuery(filters, [])}`, async (token): Promise<LocationRow[]> => {
    const [location, locationScenario, locationStaff, places] = await Promise.all([
      ask(token, ['location']), ask(token, ['location', 'scenario']), ask(token, ['location', 'staffRole']),
      fetchLocations(token, statsQuery(filters, [])),
    ]);
    const scenarios = mostPerLocation(locationScenario, 'scenario');
    const staffing = mostPerLocation(locationStaff, 'staffRole');
    return location.rows.map((r) => ({
      id: keyOf(r, 'location'), name: labelOf(r, 'location'), contacts: r.contacts, questions: r.questions,
      questionsPerResident: r.questionsPerResident, scenario: scenarios.get(keyOf(r, 'location')), staffing: staffing.get(keyOf(r, 'location')),
      hoursPerWeek: places.find((p) => p.id === keyOf(r, 'location'))?.idoHoursPerWeek ?? undefined,
    }));
  });
}

/** The location table. */
export function LocationsView({ filters }: { filters: DashboardFilters }) {
  const { data, error } = useLocationRows(filters);
  if (error) return <Alert type="error">{error}</Alert>;
  return data ? <LocationTable rows={data} /> : null;
}
