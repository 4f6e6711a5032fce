import { typedClockTime } from './formats';
import { WEEKDAY_CODES } from './recurrence';
import type { ScheduleFields } from './types';

/**
 * Reads opening hours as people type them in a spreadsheet into HSDS schedules, when the text
 * follows a simple grammar; anything it does not fully understand is refused as a whole (the
 * caller keeps the text as a description), so a half-read text never shows wrong hours.
 *
 * Grammar (case and accents ignored), parts separated by ";" or a new line, or simply following
 * each other ("ma 9-12, di 13-16"):
 *   days  = day | day "-" day | "t/m" | "tot en met" | lists with "," or "en" | "dagelijks" | "werkdagen"
 *         | ordinal day "van de maand"  (1e, 2e, 3e, 4e, 5e, eerste … vijfde, laatste)
 *   times = H[:MM]-H[:MM] ("9-17", "09.00 - 17.00 uur"), several joined with "en" or ","
 *   extra = "oneven weken" | "even weken" | "gesloten"
 * Example: "ma-vr 9:00-17:00; za 10:00-12:00", "di 13-16 (oneven weken)", "1e dinsdag van de maand 10-12".
 */

export type ScheduleRule = Omit<ScheduleFields, 'id' | 'service_id' | 'service_at_location_id'>;

const DAY_NAMES: [string, number][] = [
  ['maandag', 0], ['dinsdag', 1], ['woensdag', 2], ['donderdag', 3], ['vrijdag', 4], ['zaterdag', 5], ['zondag', 6],
  ['maa', 0], ['din', 1], ['woe', 2], ['don', 3], ['vrij', 4], ['zat', 5], ['zon', 6],
  ['ma', 0], ['di', 1], ['wo', 2], ['do', 3], ['vr', 4], ['za', 5], ['zo', 6],
];
const DAY_INDEX = new Map(DAY_NAMES);
const DAY = `(?:${DAY_NAMES.map(([name]) => name).join('|')})\\.?(?![a-z])`;
const TIME = '\\d{1,2}(?:[:.]\\d{2})?(?:\\s*u(?:ur)?(?![a-z]))?';
const ORDINALS: Record<string, number> = {
  '1e': 1, '2e': 2, '3e': 3, '4e': 4, '5e': 5, eerste: 1, tweede: 2, derde: 3, vierde: 4, vijfde: 5, laatste: -1,
};
const TOKEN = new RegExp([
  `(?<range>${TIME}\\s*-\\s*${TIME})`,
  `(?<ordinal>(?:${Object.keys(ORDINALS).join('|')})\\s+${DAY})`,
  `(?<dayrange>${DAY}\\s*-\\s*${DAY})`,
  `(?<day>${DAY})`,
  '(?<monthly>(?:van\\s+de|vd|per|elke|iedere)\\s+maand(?![a-z]))',
  '(?<parity>(?:on)?even\\s+we(?:ek|ken)(?![a-z]))',
  '(?<closed>(?:gesloten|dicht)(?![a-z]))',
  '(?<daily>(?:dagelijks|elke\\s+dag|alle\\s+dagen)(?![a-z]))',
  '(?<workdays>(?:werkdagen|doordeweeks)(?![a-z]))',
  '(?<sep>[;\\n|])',
  '(?<filler>[\\s,():]+|(?:en|van|op|elke|iedere|in|de|uur|open)(?![a-z]))',
].join('|'), 'y');

interface Part {
  days: { weekday: number; ordinal?: number }[];
  ranges: [string, string][];
  monthly: boolean;
  parity?: 'odd' | 'even';
  closed: boolean;
}

const newPart = (): Part => ({ days: [], ranges: [], monthly: false, closed: false });

/** The schedules a free text describes, or undefined when the text does not fully follow the grammar. */
export function parseOpeningHoursText(text: string): ScheduleRule[] | undefined {
  const input = normalize(text);
  if (input === '' || input.length > 500) return undefined;
  const parts: Part[] = [];
  let part = newPart();
  const flush = () => {
    if (part.days.length > 0 || part.ranges.length > 0 || part.closed || part.parity || part.monthly) parts.push(part);
    part = newPart();
  };
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < input.length) {
    const match = TOKEN.exec(input);
    if (!match?.groups) return undefined;
    const g = match.groups;
    const startsDays = g.day || g.dayrange || g.ordinal || g.daily || g.workdays;
    if (startsDays && (part.ranges.length > 0 || part.closed)) flush();
    if (g.range) {
      const range = parseRange(g.range);
      if (!range) return undefined;
      part.ranges.push(range);
    } else if (g.ordinal) {
      const [word, day] = g.ordinal.split(/\s+/);
      part.days.push({ weekday: dayIndex(day), ordinal: ORDINALS[word] });
    } else if (g.dayrange) {
      const [from, to] = g.dayrange.split('-').map((d) => dayIndex(d.trim()));
      if (to < from) return undefined;
      for (let d = from; d <= to; d++) part.days.push({ weekday: d });
    } else if (g.day) part.days.push({ weekday: dayIndex(g.day) });
    else if (g.daily) for (let d = 0; d < 7; d++) part.days.push({ weekday: d });
    else if (g.workdays) for (let d = 0; d < 5; d++) part.days.push({ weekday: d });
    else if (g.monthly) part.monthly = true;
    else if (g.parity) part.parity = g.parity.startsWith('on') ? 'odd' : 'even';
    else if (g.closed) part.closed = true;
    else if (g.sep) flush();
  }
  flush();
  const rules: ScheduleRule[] = [];
  for (const p of parts) {
    const made = rulesOf(p);
    if (!made) return undefined;
    rules.push(...made);
  }
  return rules.length > 0 ? rules : undefined;
}

function rulesOf(part: Part): ScheduleRule[] | undefined {
  if (part.days.length === 0) return undefined;
  if (part.closed) return part.ranges.length === 0 ? [] : undefined; // "zo gesloten": no hours
  if (part.ranges.length === 0) return undefined;
  const withOrdinal = part.days.filter((d) => d.ordinal !== undefined).length;
  if (withOrdinal > 0 && withOrdinal < part.days.length) return undefined;
  const monthly = withOrdinal > 0;
  if ((part.monthly && !monthly) || (monthly && part.parity)) return undefined;
  const codes = [...new Set(part.days.map((d) => `${d.ordinal ?? ''}${WEEKDAY_CODES[d.weekday]}`))];
  const byday = monthly ? codes.join(',') : WEEKDAY_CODES.filter((code) => codes.includes(code)).join(',');
  return part.ranges.map(([opens, closes]) => ({
    freq: monthly ? 'MONTHLY' : 'WEEKLY',
    byday,
    opens_at: opens,
    closes_at: closes,
    ...(part.parity ? { week_parity: part.parity } : {}),
  }));
}

function parseRange(range: string): [string, string] | undefined {
  const [from, to] = range.replace(/u(ur)?/g, '').split('-').map((t) => typedClockTime(t));
  return from && to && from < to ? [from, to] : undefined;
}

function dayIndex(name: string): number {
  return DAY_INDEX.get(name.replace(/\.$/, '')) ?? -1;
}

function normalize(text: string): string {
  return text
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/[ \t]*(?<![a-z])(t\/m|tot\s+en\s+met|tot)(?![a-z])[ \t]*/g, '-')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
