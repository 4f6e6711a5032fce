import { amsterdamDay } from '../time';
import { dayText } from '../date-text';
import { capitalize, dutchList } from '../dutch-text';
import { WEEKDAY_NAMES } from '../calendar';
import { shortTime } from './formats';
import { type ByDay, isTimedSchedule, parseByday, type ScheduleInput } from './recurrence';

const ORDINALS: Record<number, string> = {
  1: 'eerste', 2: 'tweede', 3: 'derde', 4: 'vierde', 5: 'vijfde',
  [-1]: 'laatste', [-2]: 'voorlaatste', [-3]: 'op twee na laatste', [-4]: 'op drie na laatste', [-5]: 'op vier na laatste',
};

interface Group {
  schedule: ScheduleInput;
  days: ByDay[];
  ranges: { opens: string; closes: string }[];
}

/**
 * The schedules as plain Dutch lines: "Maandag en woensdag 9:00–12:00", "Dinsdag in oneven weken
 * 13:00–16:00", "Eerste dinsdag van de maand 10:00–12:00"; descriptions follow as their own lines.
 * With `now`, schedules whose valid_to has passed are left out.
 */
export function describeSchedules(schedules: readonly ScheduleInput[], now?: Date): string[] {
  const today = now ? amsterdamDay(now) : undefined;
  const live = schedules.filter((s) => !s.deleted && !(today && s.valid_to && s.valid_to < today));
  // Same times and rule: join the days. Then same days and rule: join the times.
  const byTimes = new Map<string, Group>();
  for (const schedule of live.filter(isTimedSchedule)) {
    const key = [ruleKey(schedule), schedule.opens_at, schedule.closes_at].join('|');
    const group = byTimes.get(key) ?? { schedule, days: [], ranges: [{ opens: schedule.opens_at!, closes: schedule.closes_at! }] };
    for (const day of parseByday(schedule.byday)) {
      if (!group.days.some((d) => d.weekday === day.weekday && d.ordinal === day.ordinal)) group.days.push(day);
    }
    byTimes.set(key, group);
  }
  const byDays = new Map<string, Group>();
  for (const group of byTimes.values()) {
    group.days.sort((a, b) => a.weekday - b.weekday || (a.ordinal ?? 0) - (b.ordinal ?? 0));
    const key = [ruleKey(group.schedule), group.days.map((d) => `${d.ordinal ?? ''}${d.weekday}`).join(',')].join('|');
    const existing = byDays.get(key);
    if (existing) existing.ranges.push(...group.ranges);
    else byDays.set(key, { ...group, ranges: [...group.ranges] });
  }
  const lines = [...byDays.values()]
    .map((group) => ({ group, first: group.days[0]?.weekday ?? 7, opens: minOpens(group) }))
    .sort((a, b) => Number(a.group.schedule.freq === 'MONTHLY') - Number(b.group.schedule.freq === 'MONTHLY')
      || a.first - b.first || (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0))
    .map(({ group }) => lineOf(group));
  const descriptions = new Set(live.map((s) => s.description?.trim()).filter((text): text is string => !!text));
  return [...lines, ...descriptions];
}

const parityText = (parity: string) => (parity === 'odd' ? 'in oneven weken' : 'in even weken');

/**
 * A schedule's days alone, as a conflict's row says them: "maandag tot en met vrijdag", "eerste dinsdag van de maand";
 * "" without days.
 */
export function scheduleDaysText(schedule: ScheduleInput): string {
  const days = parseByday(schedule.byday).sort((a, b) => a.weekday - b.weekday || (a.ordinal ?? 0) - (b.ordinal ?? 0));
  return schedule.freq === 'MONTHLY' ? monthlyPhrase(days) : weekdaysPhrase(days.map((d) => d.weekday));
}

/**
 * How often a schedule comes back, as a conflict's row says it: "elke week", "om de 2 weken", "in oneven weken",
 * "elke maand", "om de 3 maanden"; undefined for a schedule with text only (no freq).
 */
export function repeatText(schedule: ScheduleInput): string | undefined {
  if (schedule.freq !== 'WEEKLY' && schedule.freq !== 'MONTHLY') return undefined;
  const weekly = schedule.freq === 'WEEKLY';
  const interval = schedule.interval && schedule.interval > 1 ? schedule.interval : 1;
  const parts = [
    ...(interval > 1 ? [`om de ${interval} ${weekly ? 'weken' : 'maanden'}`] : []),
    ...(weekly && schedule.week_parity ? [parityText(schedule.week_parity)] : []),
  ];
  return parts.length > 0 ? parts.join(', ') : weekly ? 'elke week' : 'elke maand';
}

function ruleKey(s: ScheduleInput): string {
  return [s.freq, s.interval ?? 1, s.week_parity ?? '', s.valid_from ?? '', s.valid_to ?? ''].join('|');
}

function minOpens(group: Group): string {
  return group.ranges.reduce((min, r) => (r.opens < min ? r.opens : min), '99:99');
}

function lineOf(group: Group): string {
  const s = group.schedule;
  const interval = s.interval && s.interval > 1 ? s.interval : 1;
  let when: string;
  if (s.freq === 'WEEKLY') {
    when = weekdaysPhrase(group.days.map((d) => d.weekday));
    if (s.week_parity) when += ` ${parityText(s.week_parity)}`;
    if (interval > 1) when += ` om de ${interval} weken`;
  } else {
    when = monthlyPhrase(group.days);
    if (interval > 1) when += `, om de ${interval} maanden,`;
  }
  const ranges = group.ranges
    .sort((a, b) => (a.opens < b.opens ? -1 : 1))
    .map((r) => `${shortTime(r.opens)}–${shortTime(r.closes)}`);
  return `${capitalize(when)} ${dutchList(ranges)}${validityText(s)}`;
}

/** [0,1,2,3,4] → "maandag tot en met vrijdag"; [0,2] → "maandag en woensdag". */
function weekdaysPhrase(weekdays: number[]): string {
  const sorted = [...new Set(weekdays)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j - i >= 2) parts.push(`${WEEKDAY_NAMES[sorted[i]]} tot en met ${WEEKDAY_NAMES[sorted[j]]}`);
    else for (let k = i; k <= j; k++) parts.push(WEEKDAY_NAMES[sorted[k]]);
    i = j + 1;
  }
  return dutchList(parts);
}

/** "eerste en derde dinsdag en laatste vrijdag van de maand"; days without ordinal: "elke dinsdag". */
function monthlyPhrase(days: ByDay[]): string {
  const parts: string[] = [];
  let ordinals = false;
  for (let weekday = 0; weekday < 7; weekday++) {
    const onDay = days.filter((d) => d.weekday === weekday);
    if (onDay.length === 0) continue;
    if (onDay.some((d) => d.ordinal === undefined)) {
      parts.push(`elke ${WEEKDAY_NAMES[weekday]}`);
      continue;
    }
    ordinals = true;
    const ordered = onDay.map((d) => d.ordinal!).sort((a, b) => (a < 0 ? 10 - a : a) - (b < 0 ? 10 - b : b));
    parts.push(`${dutchList(ordered.map((o) => ORDINALS[o]))} ${WEEKDAY_NAMES[weekday]}`);
  }
  return `${dutchList(parts)}${ordinals ? ' van de maand' : ''}`;
}

function validityText(s: ScheduleInput): string {
  if (s.valid_from && s.valid_to) return ` (van ${dayText(s.valid_from)} tot en met ${dayText(s.valid_to)})`;
  if (s.valid_from) return ` (vanaf ${dayText(s.valid_from)})`;
  if (s.valid_to) return ` (tot en met ${dayText(s.valid_to)})`;
  return '';
}
