import type { Registration } from '../../shared/registration';
import { amsterdamIsoHourly } from '../../shared/time';
import { periodStart } from './periods';

/*
 * What registrations a batch just wrote add to the report rollups, computed from the records in memory exactly as the
 * views `report_question_facts` (migrations 003 and 034) and `report_hour_facts` (migration 015) count their question rows:
 * so the batch sends its delta instead of having the database read its question rows back. The Amsterdam day and
 * hour come from Intl here and from PostgreSQL's tz database there; they agree for the dates the ingest accepts
 * (2020 onwards). tests/server/pending-rollups.test.ts compares both for every record shape and around summer time.
 */

export interface ReportDeltaRow {
  dimension: string;
  period_start: string;
  organisation_id: string;
  location_id: string;
  value: string;
  contacts: number;
  questions: number;
}

export interface HourDeltaRow {
  location_id: string;
  day: string;
  hour: number;
  scenario: string;
  organisation_id: string;
  contacts: number;
  questions: number;
  solved: number;
  referred: number;
}

/** Each (dimension, value) a question counts under, as report_question_facts lists them. */
function factsOf(record: Registration, question: Registration['questions'][number]): [string, string][] {
  const facts: [string, string][] = [
    ['contact', ''],
    ['scenario', record.scenario ?? ''],
    ['channel', record.channel ?? ''],
    ['staffRole', record.staffRole ?? ''],
    ['referral', question.referral?.kind ?? ''],
  ];
  for (const topic of question.topics) facts.push(['topic', topic]);
  const governments = question.governmentOrganisations ?? [];
  for (const code of governments.length === 0 ? [''] : governments) facts.push(['governmentOrganisation', code]);
  for (const help of question.help) facts.push(['help', help]);
  facts.push(['resolved', question.resolved]);
  return facts;
}

/** The report and hour deltas of live registrations (their question rows as insertQuestions writes them). */
export function contributionOf(records: readonly Registration[]): { report: ReportDeltaRow[]; hours: HourDeltaRow[] } {
  const report: ReportDeltaRow[] = [];
  // (period, organisation, location) → dimension → value → its row: a record's place is one string, its facts are
  // looked up by their own strings (a key string per fact, made and hashed anew each time, was most of this work).
  const places = new Map<string, Map<string, Map<string, ReportDeltaRow>>>();
  const hours = new Map<string, HourDeltaRow>();
  const periods = new Map<string, string>();
  // One contact's questions per (dimension, value): a few dozen facts at most, so a list searched end to end.
  const dimensions: string[] = [];
  const values: string[] = [];
  const counts: number[] = [];
  for (const record of records) {
    if (record.questions.length === 0) continue;
    const local = amsterdamIsoHourly(new Date(Date.parse(record.startedAt)));
    const day = local.slice(0, 10);
    let period = periods.get(day);
    if (period === undefined) periods.set(day, (period = periodStart(day)));
    const organisationId = record.organisationId.toLowerCase();
    const place = `${period}\u0000${organisationId}\u0000${record.locationId}`;
    let byDimension = places.get(place);
    if (byDimension === undefined) places.set(place, (byDimension = new Map()));
    // Per contact first (questions per key), then per key: contacts are the contacts with the key.
    dimensions.length = values.length = counts.length = 0;
    let solved = 0;
    let referred = 0;
    for (const question of record.questions) {
      for (const [dimension, value] of factsOf(record, question)) {
        let i = 0;
        while (i < dimensions.length && (dimensions[i] !== dimension || values[i] !== value)) i++;
        if (i < dimensions.length) counts[i]++;
        else {
          dimensions.push(dimension);
          values.push(value);
          counts.push(1);
        }
      }
      if (question.resolved === 'ja') solved++;
      if (question.referral?.kind != null) referred++;
    }
    for (let i = 0; i < dimensions.length; i++) {
      const dimension = dimensions[i];
      const value = values[i];
      let rows = byDimension.get(dimension);
      if (rows === undefined) byDimension.set(dimension, (rows = new Map()));
      const row = rows.get(value);
      if (row) {
        row.contacts++;
        row.questions += counts[i];
      } else {
        const made = { dimension, period_start: period, organisation_id: organisationId, location_id: record.locationId, value, contacts: 1, questions: counts[i] };
        rows.set(value, made);
        report.push(made);
      }
    }
    const hour = Number(local.slice(11, 13));
    const scenario = record.scenario ?? '';
    const hourKey = `${record.locationId}\u0000${day}\u0000${hour}\u0000${scenario}\u0000${organisationId}`;
    const row = hours.get(hourKey);
    if (row) {
      row.contacts++;
      row.questions += record.questions.length;
      row.solved += solved;
      row.referred += referred;
    } else {
      hours.set(hourKey, { location_id: record.locationId, day, hour, scenario, organisation_id: organisationId, contacts: 1, questions: record.questions.length, solved, referred });
    }
  }
  return { report, hours: [...hours.values()] };
}
