/*
 * "Do more hours bring more visitors?" (issue 13): the answers of GET /hours-effect, /busy-hours and
 * /scenario-comparison (docs/hours-insight.md). Shared by the server and the dashboard's hours view.
 */

/** Counts and ratios of one stretch of days at one location (or a group of them). */
export interface PeriodFigures {
  /** first and last day (Amsterdam), both included */
  from: string;
  to: string;
  days: number;
  /** IDO hours offered: per day the hours per week in force that day divided by 7, summed */
  idoHours: number;
  /** idoHours per 7 days: the hours per week, averaged over the stretch when they changed inside it */
  hoursPerWeek: number | null;
  contacts: number;
  questions: number;
  /** questions solved (resolved "ja") and referred (help "doorverwezen") */
  solved: number;
  referred: number;
  contactsPerIdoHour: number | null;
  questionsPerContact: number | null;
  shareSolved: number | null;
  shareReferred: number | null;
}

/** One step of a location's hours: from this day on, this many hours a week. */
export interface HoursStep {
  from: string;
  hoursPerWeek: number;
}

/** An hours change with the figures of the weeks on each side. */
export interface HoursChange {
  on: string;
  hoursBefore: number;
  hoursAfter: number;
  before: PeriodFigures;
  after: PeriodFigures;
}

/** GET /hours-effect: one location, its hours history, its months and each change's before and after. */
export interface HoursEffectResponse {
  location: { id: string; name: string; organisationId: string };
  scenario: string | null;
  weeks: number;
  history: HoursStep[];
  months: (PeriodFigures & { month: string })[];
  /** the whole range per scenario (all scenarios, whatever the scenario filter) */
  scenarios: (PeriodFigures & { scenario: string; label: string })[];
  changes: HoursChange[];
}

/** GET /busy-hours: contacts by weekday (1 = Monday … 7 = Sunday) and hour (0–23), Amsterdam time. */
export interface BusyHoursResponse {
  from: string;
  to: string;
  scenario: string | null;
  /** contacts[weekday - 1][hour] */
  contacts: number[][];
  total: number;
  max: number;
}

/** A size class of libraries by the residents of a location (its catchment, else its municipality). */
export interface SizeClass {
  code: string;
  label: string;
  /** lowest population in the class, and the first one above it (null: no upper bound) */
  min: number;
  below: number | null;
}

/** GET /scenario-comparison: per size class and main scenario, the locations' contacts per resident and per IDO hour. */
export interface ScenarioComparisonRow {
  sizeClass: string;
  scenario: string;
  scenarioLabel: string;
  locations: number;
  contacts: number;
  questions: number;
  /** of the group's contacts, the share in its scenario (locations that mix scenarios lower it) */
  scenarioShare: number | null;
  population: number | null;
  idoHours: number;
  contactsPer1000Residents: number | null;
  contactsPerIdoHour: number | null;
}

export interface ScenarioComparisonResponse {
  from: string;
  to: string;
  sizeClasses: SizeClass[];
  rows: ScenarioComparisonRow[];
}

/** The size classes, by residents: < 20,000, 20,000–50,000, 50,000–100,000, ≥ 100,000, and unknown. */
export const SIZE_CLASSES: SizeClass[] = [
  { code: 'tot20k', label: 'Tot 20.000 inwoners', min: 0, below: 20_000 },
  { code: '20k-50k', label: '20.000 tot 50.000 inwoners', min: 20_000, below: 50_000 },
  { code: '50k-100k', label: '50.000 tot 100.000 inwoners', min: 50_000, below: 100_000 },
  { code: 'vanaf100k', label: '100.000 inwoners of meer', min: 100_000, below: null },
];
export const UNKNOWN_SIZE_CLASS: SizeClass = { code: 'onbekend', label: 'Aantal inwoners onbekend', min: 0, below: null };

/** The size class of a population; undefined population: unknown. */
export function sizeClassOf(population: number | undefined | null): SizeClass {
  if (population === undefined || population === null) return UNKNOWN_SIZE_CLASS;
  return SIZE_CLASSES.find((c) => population >= c.min && (c.below === null || population < c.below))!;
}
