import type { StatsDimension, StatsQuery, StatsResponse, StatsRow } from '../../shared/reports';
import type { Queryable } from '../db/database';
import { compareKeys, keyLabel } from './labels';
import type { Places, ReportFilters } from './places';
import { type PlaceContext, perResident, populationOf } from './population';
import { isFacet, statsStatement } from './stats-sql';

const PLACE_DIMENSIONS = ['location', 'organisation', 'municipality', 'province'] as const;

/**
 * Answers a stats query whose filters are already limited to what the viewer may see (access.ts).
 * Rows are sorted by their keys; totals count every contact and question of the selection once.
 */
export async function runStats(db: Queryable, query: StatsQuery & ReportFilters, places: Places): Promise<StatsResponse> {
  const grouped = statsStatement(query.groupBy, query, places);
  const total = statsStatement([], query, places);
  const [groupRows, [totalRow]] = await Promise.all([
    db.query<Record<string, string | number | null>>(grouped.text, grouped.params),
    db.query<{ contacts: number; questions: number }>(total.text, total.params),
  ]);
  const filterContext: PlaceContext = { location: query.location, organisation: query.organisation, municipality: query.municipality, province: query.province };

  const rows = groupRows.map((row): StatsRow => {
    const keys: StatsRow['keys'] = {};
    const labels: StatsRow['labels'] = {};
    const context: PlaceContext = { ...filterContext };
    query.groupBy.forEach((dimension, i) => {
      const raw = row[`k${i}`] as string | null;
      const value = isFacet(dimension) && raw === '' ? null : raw;
      keys[dimension] = value;
      labels[dimension] = keyLabel(dimension, value, places);
      if ((PLACE_DIMENSIONS as readonly string[]).includes(dimension) && value !== null) context[dimension as (typeof PLACE_DIMENSIONS)[number]] = value;
    });
    return withPopulation({ keys, labels, contacts: Number(row.contacts), questions: Number(row.questions) }, populationOf(places, context));
  });
  rows.sort((a, b) => compareRows(query.groupBy, a, b, places));

  const totals = withPopulation({ contacts: Number(totalRow?.contacts ?? 0), questions: Number(totalRow?.questions ?? 0) }, populationOf(places, filterContext));
  return { groupBy: query.groupBy, rows, totals };
}

function withPopulation<T extends { questions: number }>(counts: T, population: number | undefined): T & { population?: number; questionsPerResident?: number } {
  const ratio = perResident(counts.questions, population);
  return ratio === undefined ? counts : { ...counts, population, questionsPerResident: ratio };
}

function compareRows(groupBy: readonly StatsDimension[], a: StatsRow, b: StatsRow, places: Places): number {
  for (const dimension of groupBy) {
    const order = compareKeys(dimension, a.keys[dimension] ?? null, b.keys[dimension] ?? null, places);
    if (order !== 0) return order;
  }
  return 0;
}
