/**
 * GET /api/v1/stats/rising ("Opvallend"): the topics that rise significantly against their own usual level
 * (docs/rising-topics.md). Shared by the server, the dashboard and the tablet's overview.
 */

/** One comparison: what was counted, what was usual for the same span, and the one-sided Poisson test. */
export interface RisingFigure {
  observed: number;
  /** the usual level for the same span (pro rata for a month or week under way) */
  expected: number;
  /** observed / expected (expected floored at 0.5) */
  ratio: number;
  /** P(X ≥ observed) for X ~ Poisson(expected) */
  p: number;
  /** observed ≥ minimum, ratio ≥ minimum ratio and p < the p-value limit */
  rising: boolean;
}

export interface RisingTopic {
  /** the code (code list `topic`) and its Dutch label */
  topic: string;
  label: string;
  month: RisingFigure;
  week: RisingFigure;
  /** questions per month, oldest first, through the judged month: 24 months */
  series: Array<{ month: string; questions: number }>;
  /** months in a row, through the judged one, that this topic rose */
  risingMonths: number;
  /** rose three months in a row: "Bied een cursus of voorlichting aan over …" */
  suggestCourse: boolean;
  /** the kaart's course entries for this topic (own organisation and national), when suggestCourse */
  courses: Array<{ id: string; name: string }>;
}

export interface RisingResponse {
  /** the month judged (YYYY-MM) and the last day counted (YYYY-MM-DD, Amsterdam) */
  month: string;
  asOf: string;
  /** the ISO week of asOf (2026-W12) */
  week: string;
  /** the rising topics, strongest first (at most RISING_LIMIT) */
  topics: RisingTopic[];
  rule: { minimum: number; ratio: number; pValue: number; baselineMonths: number; minimumHistory: number };
  /**
   * the months before the judged one since the selection's first month with a question ("history"), at most 24; with fewer
   * than `rule.minimumHistory` nothing can be judged. Absent in a list a tablet kept from an older server.
   */
  historyMonths?: number;
}

/** At most this many topics in the list: "the few that rise". */
export const RISING_LIMIT = 8;

/** The Dutch sentence of a course suggestion. */
export function courseSuggestion(label: string): string {
  return `Bied een cursus of voorlichting aan over ${label.toLowerCase()}.`;
}
