import type { KaartEdit } from '../../db/kaart/edits';
import { fieldsOf } from '../../db/kaart/tables';
import { capitalize } from '../../shared/dutch-text';
import { WEEKDAY_NAMES } from '../../shared/calendar';
import { isClockTime, typedClockTime } from '../../shared/kaart/formats';
import { parseByday, WEEKDAY_CODES } from '../../shared/kaart/recurrence';
import type { Phone, PhoneFields, Schedule, ScheduleFields } from '../../shared/kaart/types';
import { validateKaartRecord, type ValidationError } from '../../shared/kaart/validate';

/**
 * The phone numbers and weekly opening hours of a service as the edit form shows them (rows), and the kaart edits a
 * save makes of them: only what changed, in the same transaction as the service (`saveKaartEdits`). Pure, so the
 * rules are tested without a page. The form edits the service's own numbers (`phone.service_id`) and its own simple
 * weekly schedules (`schedule.service_id`, WEEKLY, plain weekdays, no dates, parity, interval or text); every other
 * schedule (per location, monthly, with dates or only a text) is `fixed`: shown, never written.
 */

/** One phone number on the form; `id` is the phone's id (a new one for an added row). */
export interface PhoneRow {
  id: string;
  number: string;
  description: string;
}

/** One interval on one weekday (0 = Monday); `key` tells the form's rows apart. */
export interface HoursRow {
  key: string;
  day: number;
  opens: string;
  closes: string;
}

/** What the form starts from: the stored records it may change, the rows it shows, and the schedules it only shows. */
export interface ServiceContacts {
  phones: Phone[];
  schedules: Schedule[];
  phoneRows: PhoneRow[];
  hoursRows: HoursRow[];
  fixed: Schedule[];
}

/** Whether the form can show and write a schedule as it is: a weekly rule on plain weekdays with valid times and nothing else. */
export function isFormSchedule(schedule: ScheduleFields): boolean {
  const days = schedule.byday?.split(',') ?? [];
  return typeof schedule.service_id === 'string' && !schedule.service_at_location_id && schedule.freq === 'WEEKLY'
    && days.length > 0 && days.every((day) => (WEEKDAY_CODES as readonly string[]).includes(day)) && new Set(days).size === days.length
    && isClockTime(schedule.opens_at) && isClockTime(schedule.closes_at) && schedule.opens_at < schedule.closes_at
    && (schedule.interval === undefined || schedule.interval === 1)
    && !schedule.valid_from && !schedule.valid_to && !schedule.week_parity && !schedule.description?.trim();
}

/** The rows of a service's stored phones and schedules (the service's own numbers; its schedules and those of its locations). */
export function contactsOf(serviceId: string, phones: readonly Phone[], schedules: readonly Schedule[], newKey: () => string): ServiceContacts {
  const own = phones.filter((phone) => phone.service_id === serviceId && !phone.deleted);
  const live = schedules.filter((schedule) => !schedule.deleted);
  const candidates = live.filter((schedule) => schedule.service_id === serviceId && isFormSchedule(schedule));
  // Stored schedules whose times run into each other on a day (from a file) stay as they are: the form would refuse them.
  const editable = candidates.filter((schedule) => !candidates.some((other) => other !== schedule && overlap(schedule, other)));
  const hoursRows = editable.flatMap((schedule) => parseByday(schedule.byday)
    .map((day) => ({ key: newKey(), day: day.weekday, opens: schedule.opens_at!, closes: schedule.closes_at! })));
  return {
    phones: own,
    schedules: editable,
    phoneRows: own.map((phone) => ({ id: phone.id, number: phone.number, description: phone.description ?? '' })),
    hoursRows: sortHours(hoursRows),
    fixed: live.filter((schedule) => !editable.includes(schedule)),
  };
}

/** By weekday, then by opening time (the order the form and the service page show them in). */
export function sortHours(rows: readonly HoursRow[]): HoursRow[] {
  return [...rows].sort((a, b) => a.day - b.day || a.opens.localeCompare(b.opens));
}

/** The form's field of a phone row's control, and of an hours row's (ErrorSummary links to `svc-<field>`). */
export const phoneField = (id: string, part: 'number' | 'description') => `phone-${id}-${part}`;
export const hoursField = (key: string, part: 'opens' | 'closes') => `hours-${key}-${part}`;

/** The labels of an hours row's two times, on the form and in its messages. */
export const HOURS_LABELS = { opens: 'Open van', closes: 'Tot' } as const;

/** The id an hours row is checked under (its schedule's id is chosen once the rows are right). */
const CHECK_ID = '00000000-0000-4000-8000-000000000000';

const sentence = (prefix: string, message: string) => `${prefix}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;

/**
 * The edits a save of these rows makes beside the service, or the Dutch problems (each at its row's field) when a row
 * is not right; a row left wholly empty counts as removed. Unchanged records give no edit; a schedule whose days and
 * times all stay is kept as it is, and a changed one keeps its id where it can.
 */
export function contactEdits(
  serviceId: string, stored: Pick<ServiceContacts, 'phones' | 'schedules'>, rows: { phones: readonly PhoneRow[]; hours: readonly HoursRow[] },
  { now = new Date(), newId = () => crypto.randomUUID() }: { now?: Date; newId?: () => string } = {},
): { edits: KaartEdit[]; errors: ValidationError[] } {
  const errors: ValidationError[] = [];
  const edits: KaartEdit[] = [];

  const kept = new Set<string>();
  rows.phones.forEach((row, index) => {
    const number = row.number.trim();
    const description = row.description.trim();
    if (!number && !description) return;
    const record: PhoneFields = { id: row.id, service_id: serviceId, number, ...(description ? { description } : {}) };
    const problems = validateKaartRecord('phone', { ...record, number: number || undefined }, now);
    for (const problem of problems) {
      const part = problem.field === 'description' ? 'description' : 'number';
      const message = problem.code === 'required' ? 'Vul het nummer in, of haal dit telefoonnummer weg.' : problem.message;
      errors.push({ ...problem, field: phoneField(row.id, part), message: sentence(`Telefoonnummer ${index + 1}`, message) });
    }
    kept.add(row.id);
    const before = stored.phones.find((phone) => phone.id === row.id);
    if (!before || before.number !== number || (before.description ?? '') !== description) edits.push({ entity: 'phone', record });
  });
  for (const phone of stored.phones) if (!kept.has(phone.id)) edits.push({ entity: 'phone', record: fieldsOf(phone) as PhoneFields, deleted: true });

  const wanted: HoursRow[] = [];
  for (const row of rows.hours) {
    const typed = { opens: row.opens.trim(), closes: row.closes.trim() };
    if (!typed.opens && !typed.closes) continue;
    const day = capitalize(WEEKDAY_NAMES[row.day]);
    // Times as staff type them ("9.30", "930"), stored as "HH:MM"; one that is no time is said once, at its field.
    const time = { opens: typedClockTime(typed.opens), closes: typedClockTime(typed.closes) };
    const unreadable = (['opens', 'closes'] as const).filter((part) => typed[part] && !time[part]);
    for (const part of unreadable) {
      errors.push({
        field: hoursField(row.key, part), code: 'invalid_time', message: `${day}: de tijd bij "${HOURS_LABELS[part]}" klopt niet. Vul een tijd in als 09:00 of 14:30.`,
      });
    }
    const problems = validateKaartRecord('schedule', {
      id: CHECK_ID, service_id: serviceId, freq: 'WEEKLY', byday: WEEKDAY_CODES[row.day], opens_at: time.opens, closes_at: time.closes,
    }, now).map((problem) => ({ ...problem, part: problem.field === 'opens_at' ? 'opens' as const : 'closes' as const }))
      .filter((problem) => !unreadable.includes(problem.part));
    for (const { part, ...problem } of problems) errors.push({ ...problem, field: hoursField(row.key, part), message: sentence(day, problem.message) });
    if (problems.length === 0 && unreadable.length === 0) wanted.push({ ...row, opens: time.opens!, closes: time.closes! });
  }
  errors.push(...overlaps(wanted));
  if (errors.length > 0) return { edits: [], errors };

  // A stored schedule whose every day still has its times stays as it is; the other intervals become new schedules,
  // one per pair of times (its days together), in the ids of the schedules that no longer fit, then new ones.
  const open = sortHours(wanted);
  const unfit: Schedule[] = [];
  for (const schedule of stored.schedules) {
    const days = parseByday(schedule.byday).map((day) => day.weekday);
    const found = days.map((day) => open.findIndex((row) => row.day === day && row.opens === schedule.opens_at && row.closes === schedule.closes_at));
    if (found.includes(-1)) unfit.push(schedule);
    else for (const index of found.sort((a, b) => b - a)) open.splice(index, 1);
  }
  const byTimes = new Map<string, HoursRow[]>();
  for (const row of open) byTimes.set(`${row.opens}-${row.closes}`, [...(byTimes.get(`${row.opens}-${row.closes}`) ?? []), row]);
  // A changed schedule keeps its id for the same days (Thursday's hours stay Thursday's record), then for any other.
  const groups = [...byTimes.values()].map((group) => ({ group, days: [...new Set(group.map((row) => row.day))].sort((a, b) => a - b), id: undefined as string | undefined }));
  for (const pass of [true, false]) {
    for (const entry of groups.filter((candidate) => candidate.id === undefined)) {
      const index = unfit.findIndex((schedule) => !pass || parseByday(schedule.byday).some((day) => entry.days.includes(day.weekday)));
      if (index >= 0) entry.id = unfit.splice(index, 1)[0].id;
    }
  }
  for (const { group, days, id } of groups) {
    const record: ScheduleFields = {
      id: id ?? newId(), service_id: serviceId, freq: 'WEEKLY', byday: days.map((day) => WEEKDAY_CODES[day]).join(','),
      opens_at: group[0].opens, closes_at: group[0].closes,
    };
    edits.push({ entity: 'schedule', record });
  }
  for (const schedule of unfit) edits.push({ entity: 'schedule', record: fieldsOf(schedule) as ScheduleFields, deleted: true });
  return { edits, errors: [] };
}

function overlap(a: Schedule, b: Schedule): boolean {
  const days = new Set(parseByday(a.byday).map((day) => day.weekday));
  return parseByday(b.byday).some((day) => days.has(day.weekday)) && a.opens_at! < b.closes_at! && b.opens_at! < a.closes_at!;
}

/** Two intervals on one day that overlap (or the same twice): the later one is named. */
function overlaps(rows: readonly HoursRow[]): ValidationError[] {
  const sorted = sortHours(rows);
  return sorted.flatMap((row, index) => {
    const before = sorted[index - 1];
    if (!before || before.day !== row.day || row.opens >= before.closes) return [];
    const day = capitalize(WEEKDAY_NAMES[row.day]);
    return [{
      field: hoursField(row.key, 'opens'), code: 'overlap',
      message: `${day}: de tijden ${row.opens}–${row.closes} vallen samen met ${before.opens}–${before.closes}. Pas de tijden aan of haal er een weg.`,
    }];
  });
}
