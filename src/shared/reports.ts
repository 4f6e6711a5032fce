/**
 * The reports API (docs/ingest-api.md and docs/api-extensions.md, "Reports"): GET /api/v1/stats, /stats.csv and /export.csv.
 * Shared by the coordinator dashboard and the server, so both speak of the same dimensions and shapes.
 */
import type { CsvDelimiter } from './csv';

/** What a stats query may group by, one or two at a time. */
export const STATS_DIMENSIONS = [
  'month', 'week', 'province', 'municipality', 'organisation', 'location',
  'scenario', 'channel', 'topic', 'governmentOrganisation', 'help', 'referral', 'staffRole', 'resolved',
] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

/** At most this many dimensions in one `groupBy`. */
export const MAX_GROUP_BY = 2;

/** The Dutch name of each dimension, for legends, table heads and CSV columns. */
export const STATS_DIMENSION_NAMES: Record<StatsDimension, string> = {
  month: 'Maand',
  week: 'Week',
  province: 'Provincie',
  municipality: 'Gemeente',
  organisation: 'Organisatie',
  location: 'Locatie',
  scenario: 'Scenario',
  channel: 'Kanaal',
  topic: 'Onderwerp',
  governmentOrganisation: 'Overheidsorganisatie',
  help: 'Hulp',
  referral: 'Doorverwijzing',
  staffRole: 'Geholpen door',
  resolved: 'Opgelost',
};

/** The twelve provinces, spelled as CBS spells them (and as a location's `province` is stored). */
export const PROVINCES = [
  'Groningen', 'Fryslân', 'Drenthe', 'Overijssel', 'Flevoland', 'Gelderland',
  'Utrecht', 'Noord-Holland', 'Zuid-Holland', 'Zeeland', 'Noord-Brabant', 'Limburg',
] as const;
export type Province = (typeof PROVINCES)[number];

/** The province as stored, for a name in any case; Friesland is Fryslân. */
export function normaliseProvince(value: string): Province | undefined {
  const wanted = value.trim().toLowerCase().replace(/^friesland$/, 'fryslân');
  return PROVINCES.find((province) => province.toLowerCase() === wanted);
}

/** The filters every report endpoint takes; dates are Amsterdam calendar days, both ends included. */
export interface StatsFilters {
  /** YYYY-MM-DD */
  from?: string;
  /** YYYY-MM-DD */
  to?: string;
  province?: Province;
  /** CBS code, GM#### */
  municipality?: string;
  /** organisation id (uuid) */
  organisation?: string;
  /** location id */
  location?: string;
  /** national figures leave out demo organisations unless this is true (a tablet or coordinator always sees its own) */
  includeDemo?: boolean;
}

export interface StatsQuery extends StatsFilters {
  /** none (one row: the totals), one or two dimensions */
  groupBy: StatsDimension[];
}

/** `semicolon` (the default) opens right in Excel with Dutch settings; `comma` for other tools. Defined with the writer, src/shared/csv.ts. */
export type { CsvDelimiter };

/**
 * One group. `keys` holds the code of each groupBy dimension: month `2025-11`, week `2025-W48` (ISO week),
 * organisation id, location id, CBS municipality code, province name, or a code-list code. `null` means
 * "none" (no government organisation, no referral). `labels` holds the same values in Dutch.
 */
export interface StatsRow {
  keys: Partial<Record<StatsDimension, string | null>>;
  labels: Partial<Record<StatsDimension, string>>;
  /** distinct contacts with at least one question in the group */
  contacts: number;
  /** questions in the group; a question with two topics counts in both topic groups */
  questions: number;
  /** residents the group is measured against, when known (see src/server/README.md, "Reports") */
  population?: number;
  /** questions / population */
  questionsPerResident?: number;
}

/** The whole selection: every contact and every question once, whatever the grouping. */
export interface StatsTotals {
  contacts: number;
  questions: number;
  population?: number;
  questionsPerResident?: number;
}

export interface StatsResponse {
  groupBy: StatsDimension[];
  rows: StatsRow[];
  totals: StatsTotals;
}

/** The query string for a report URL, e.g. `/api/v1/stats?${statsSearchParams(query)}`. */
export function statsSearchParams(query: Partial<StatsQuery> & { delimiter?: CsvDelimiter }): string {
  const params = new URLSearchParams();
  for (const name of ['from', 'to', 'province', 'municipality', 'organisation', 'location', 'delimiter'] as const) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  if (query.groupBy && query.groupBy.length > 0) params.set('groupBy', query.groupBy.join(','));
  if (query.includeDemo) params.set('includeDemo', 'true');
  return params.toString();
}

/** Who a report token is, as the reports answer it (report-locations, the annual report). */
export type ReportViewerRole = 'national' | 'municipality' | 'coordinator' | 'device';

/** The answer of GET /api/v1/report-locations. */
export interface ReportLocationsResponse {
  locations: ReportLocationInfo[];
  /** who the token is: the browser's laptop menu offers Beheer only to a token that may open it */
  viewer: ReportViewerRole;
}

/** What the dashboard's location table shows beside the counts (GET /api/v1/report-locations). */
export interface ReportLocationInfo {
  id: string;
  organisationId: string;
  name: string;
  municipalityCode: string;
  province: string;
  kind: string;
  insideLibrary: boolean;
  scenarios: string[];
  idoHoursPerWeek: number | null;
  catchmentPopulation: number | null;
}
