import { label } from '../../shared/codelists';
import type { AnnualLocation, AnnualReferralTarget, AnnualReport, AnnualShare, AnnualTopic } from '../../shared/annual-report';
import type { StatsDimension, StatsResponse } from '../../shared/reports';
import { amsterdamDay } from '../../shared/time';
import type { Queryable } from '../db/database';
import { type HoursPeriod, hoursHistoriesFromOpening, hoursOn } from '../organisations/location-hours';
import { idoHoursBetween as hoursBetween } from './hours-maths';
import type { AnnualScope } from './annual-scope';
import { readAnnualText } from './annual-text';
import { locationsIn, type Places, type ReportFilters } from './places';
import { runStats } from './stats';
import type { Statement } from './stats-sql';

/*
 * The annual report of one organisation or municipality (GET /api/v1/reports/annual). Reach, months, topics
 * (with their month series), help and referral kinds and contacts per location come from the rollup through
 * runStats, one dimension at a time. Two figures the rollup does not hold are read from the questions of the
 * report's locations in that year (index questions_location_started): "opgelost" and the kaart service a
 * referral named.
 */

const TOP_TOPICS = 10;

/** The days a year's report counts: the whole year, or up to today (Amsterdam) for the current year. */
export function reportDays(year: number, today = amsterdamDay(new Date())): { from: string; to: string } {
  const from = `${year}-01-01`;
  const end = `${year}-12-31`;
  return { from, to: today < end && today >= from ? today : end };
}

/** Builds the report; the scope's filters are already limited to what the viewer may see (annual-scope.ts). */
export async function buildAnnualReport(db: Queryable, year: number, scope: AnnualScope, places: Places, viewer: AnnualReport['viewer']): Promise<AnnualReport> {
  const { from, to } = reportDays(year);
  const filters: ReportFilters = { ...scope.filters, from, to };
  const ask = (groupBy: StatsDimension[]) => runStats(db, { ...filters, groupBy }, places);
  const locations = locationsIn(places, filters);
  const locationIds = locations.map((location) => location.id);
  const [byMonth, byTopic, byTopicMonth, byHelp, byReferral, byLocation, resolved, referredTo, histories, text] = await Promise.all([
    ask(['month']), ask(['topic']), ask(['topic', 'month']), ask(['help']), ask(['referral']), ask(['location']),
    resolvedCounts(db, filters, locationIds), referralTargets(db, filters, locationIds),
    hoursHistoriesFromOpening(db, locationIds), readAnnualText(db, scope.subject, year),
  ]);
  const totals = byMonth.totals;
  const share = (questions: number) => (totals.questions === 0 ? 0 : Number((questions / totals.questions).toFixed(4)));
  const monthKeys = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const monthsOf = (response: StatsResponse, measure: 'contacts' | 'questions', topic?: string) => monthKeys.map((month) =>
    response.rows.filter((row) => row.keys.month === month && (topic === undefined || row.keys.topic === topic)).reduce((sum, row) => sum + row[measure], 0));

  const topics: AnnualTopic[] = [...byTopic.rows].sort((a, b) => b.questions - a.questions).slice(0, TOP_TOPICS).map((row) => ({
    code: row.keys.topic ?? '', label: row.labels.topic ?? '', questions: row.questions, contacts: row.contacts,
    months: monthsOf(byTopicMonth, 'questions', row.keys.topic ?? ''),
  }));
  const referredQuestions = byHelp.rows.find((row) => row.keys.help === 'doorverwezen')?.questions ?? 0;
  const contactsAt = new Map(byLocation.rows.map((row) => [row.keys.location, row]));

  return {
    year,
    subject: scope.subject,
    from,
    to,
    reach: {
      contacts: totals.contacts,
      questions: totals.questions,
      locations: locations.filter((location) => (contactsAt.get(location.id)?.contacts ?? 0) > 0).length,
      ...(totals.population === undefined ? {} : { population: totals.population, questionsPerResident: totals.questionsPerResident }),
    },
    months: monthKeys.map((month, i) => ({ month, contacts: monthsOf(byMonth, 'contacts')[i], questions: monthsOf(byMonth, 'questions')[i] })),
    topics,
    resolved: resolved.map((row) => ({ code: row.code, label: label('resolved', row.code), questions: row.questions, share: share(row.questions) })),
    referred: { questions: referredQuestions, share: share(referredQuestions) },
    referralKinds: byReferral.rows.filter((row) => row.keys.referral !== null && row.keys.referral !== undefined)
      .map((row): AnnualShare => ({ code: row.keys.referral!, label: row.labels.referral ?? '', questions: row.questions, share: share(row.questions) })),
    referredTo,
    locations: locations.map((location): AnnualLocation => {
      const counted = contactsAt.get(location.id);
      const contacts = counted?.contacts ?? 0;
      const history = histories.get(location.id) ?? [];
      const idoHours = history.length === 0 ? null : idoHoursBetween(history, from, to);
      return {
        id: location.id, name: location.name, organisationName: places.organisations.get(location.organisationId) ?? '',
        contacts, questions: counted?.questions ?? 0,
        idoHours, contactsPerIdoHour: idoHours ? Number((contacts / idoHours).toPrecision(3)) : null,
        hoursPerWeek: history.length === 0 ? null : hoursOn(history, to) ?? null,
      };
    }).sort((a, b) => b.contacts - a.contacts || a.name.localeCompare(b.name, 'nl')),
    text,
    canEditText: scope.canEditText,
    viewer,
  };
}

/** The IDO hours of a location from one day to another (both included), to two decimals: the hours-insight sum, rounded for the report. */
export function idoHoursBetween(history: HoursPeriod[], from: string, to: string): number {
  return Number(hoursBetween(history, from, to).toFixed(2));
}

/** SQL conditions for the questions of the report: its locations, its organisation, the year's days. */
function questionConditions(filters: ReportFilters, locationIds: string[]): { where: string; params: unknown[] } {
  const params: unknown[] = [locationIds, filters.from, filters.to];
  const conditions = [
    'q.location_id = ANY($1::text[])',
    "q.started_at >= ($2::date::timestamp AT TIME ZONE 'Europe/Amsterdam')",
    "q.started_at < (($3::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')",
  ];
  if (filters.organisation !== undefined) conditions.push(`q.organisation_id = $${params.push(filters.organisation)}::uuid`);
  if (filters.excludeOrganisations?.length) conditions.push(`q.organisation_id <> ALL ($${params.push(filters.excludeOrganisations)}::text[]::uuid[])`);
  return { where: conditions.join(' AND '), params };
}

/**
 * The two reads of the report's questions, answered from the index on organisation and day alone (migration 025:
 * it carries every column they read; tests/server/ingest-indexes.test.ts checks the plans). A referral names a kaart
 * service only when the question's organisation sees it (national, or its own): a service id is no proof of access,
 * and another organisation's private entry must not reach this report by a tablet that sends its id.
 */
export function annualQuestionStatements(filters: ReportFilters, locationIds: string[]): { resolved: Statement; referralTargets: Statement } {
  const { where, params } = questionConditions(filters, locationIds);
  return {
    resolved: { text: `SELECT q.resolved, count(*)::int AS questions FROM questions q WHERE ${where} GROUP BY q.resolved`, params },
    referralTargets: {
      text: `SELECT o.id::text AS organisation_id, o.data->>'name' AS organisation_name,
            CASE WHEN o.id IS NULL THEN q.referral_organisation END AS code, count(*)::int AS questions
     FROM questions q
     LEFT JOIN kaart_records s ON s.entity = 'service' AND NOT s.deleted AND s.id::text = lower(q.referral_service_id)
       AND (s.scope IS NULL OR s.scope = q.organisation_id)
     LEFT JOIN kaart_records o ON o.entity = 'organization' AND NOT o.deleted AND o.id::text = lower(s.data->>'organization_id')
       AND (o.scope IS NULL OR o.scope = q.organisation_id)
     WHERE ${where} AND q.referral_kind IS NOT NULL
     GROUP BY 1, 2, 3`,
      params,
    },
  };
}

/** Questions per "opgelost" answer, in code-list order. */
async function resolvedCounts(db: Queryable, filters: ReportFilters, locationIds: string[]): Promise<{ code: string; questions: number }[]> {
  if (locationIds.length === 0) return [];
  const { text, params } = annualQuestionStatements(filters, locationIds).resolved;
  const rows = await db.query<{ resolved: string; questions: number }>(text, params);
  const order = ['ja', 'deels', 'nee', 'onbekend'];
  const rank = (code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
  return rows.map((row) => ({ code: row.resolved, questions: Number(row.questions) }))
    .sort((a, b) => rank(a.code) - rank(b.code) || a.code.localeCompare(b.code));
}

/**
 * Where visitors were referred: per kaart organisation of the service the referral named (the service's
 * organization_id on the kaart, names from the kaart), else per the referral's organisation code, else "not named".
 */
async function referralTargets(db: Queryable, filters: ReportFilters, locationIds: string[]): Promise<AnnualReferralTarget[]> {
  if (locationIds.length === 0) return [];
  const { text, params } = annualQuestionStatements(filters, locationIds).referralTargets;
  const rows = await db.query<{ organisation_id: string | null; organisation_name: string | null; code: string | null; questions: number }>(text, params);
  const codeLabel = (code: string) => {
    for (const list of ['governmentOrganisation', 'partnerOrganisation'] as const) {
      const text = label(list, code);
      if (text && text !== code) return text;
    }
    return code;
  };
  const merged = new Map<string, AnnualReferralTarget>();
  for (const row of rows) {
    const key = row.organisation_id ?? `code:${row.code ?? ''}`;
    const name = row.organisation_name ?? (row.code ? codeLabel(row.code) : 'Geen dienst of organisatie genoemd');
    const entry = merged.get(key) ?? { kaartOrganisationId: row.organisation_id, name, questions: 0 };
    entry.questions += Number(row.questions);
    merged.set(key, entry);
  }
  return [...merged.values()].sort((a, b) => b.questions - a.questions || a.name.localeCompare(b.name, 'nl'));
}
