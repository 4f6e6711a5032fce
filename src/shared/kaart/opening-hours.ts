import { amsterdamDay, amsterdamTime, fromAmsterdamWallClock } from '../time';
import { addDays, WEEKDAY_NAMES, weekdayIndex } from '../calendar';
import { dayText } from '../date-text';
import { shortTime } from './formats';
import { isTimedSchedule, periodsOn, type ScheduleInput } from './recurrence';
import type { ServiceStatus } from './types';

export { describeSchedules } from './schedule-text';
export type { ScheduleInput } from './recurrence';

/**
 * Opening hours over HSDS schedules, in Europe/Amsterdam wall-clock time. A moment becomes an
 * Amsterdam day and "HH:MM" through Intl (src/shared/time.ts) and is compared with the schedule's
 * wall-clock times; only `until`/`nextOpen` turn a wall-clock time back into an instant. So the
 * night of 29 March 2026 (02:00 → 03:00) and of 25 October 2026 (03:00 → 02:00) need no special case.
 */

/** How many days after today "opent …" looks ahead before it says "Gesloten". */
export const LOOKAHEAD_DAYS = 14;

export interface OpeningState {
  open: boolean;
  /** when open: the moment it closes */
  until?: Date;
  /** when closed: the next moment it opens, within LOOKAHEAD_DAYS */
  nextOpen?: Date;
  /** plain Dutch: "Open nu tot 16:00", "Opent morgen om 9:30", "Gesloten" */
  text: string;
  /** the free-text descriptions of the schedules that still apply, shown beside */
  exceptions: string[];
}

export interface OpeningOptions {
  /** the service's status: anything but active is closed whatever the schedules say */
  status?: ServiceStatus;
}

/** Whether the schedules say open at this moment (closing time itself is closed). */
export function isOpenAt(schedules: readonly ScheduleInput[], instant: Date): boolean {
  const time = amsterdamTime(instant);
  return periodsOn(schedules, amsterdamDay(instant)).some((period) => period.opens <= time && time < period.closes);
}

/** Whether there is any opening on today's Amsterdam date (also one that is already over). */
export function isOpenToday(schedules: readonly ScheduleInput[], now: Date): boolean {
  return periodsOn(schedules, amsterdamDay(now)).length > 0;
}

/** Open or not, until when or from when, as plain Dutch, with the exceptions beside. */
export function openingState(schedules: readonly ScheduleInput[], now: Date, options: OpeningOptions = {}): OpeningState {
  const today = amsterdamDay(now);
  const exceptions = currentDescriptions(schedules, today);
  if (options.status && options.status !== 'active') {
    return { open: false, text: options.status === 'temporarily closed' ? 'Tijdelijk gesloten' : 'Gesloten', exceptions };
  }
  const time = amsterdamTime(now);
  const todayPeriods = periodsOn(schedules, today);
  const current = todayPeriods.find((period) => period.opens <= time && time < period.closes);
  if (current) {
    return { open: true, until: fromAmsterdamWallClock(today, current.closes), text: `Open nu tot ${shortTime(current.closes)}`, exceptions };
  }
  for (let offset = 0; offset <= LOOKAHEAD_DAYS; offset++) {
    const day = addDays(today, offset);
    const next = (offset === 0 ? todayPeriods : periodsOn(schedules, day)).find((period) => offset > 0 || period.opens > time);
    if (next) {
      return { open: false, nextOpen: fromAmsterdamWallClock(day, next.opens), text: `Opent ${whenText(day, offset)} om ${shortTime(next.opens)}`, exceptions };
    }
  }
  const hasHours = schedules.some((schedule) => isTimedSchedule(schedule) && (!schedule.valid_to || schedule.valid_to >= today));
  return { open: false, text: hasHours ? 'Gesloten' : 'Geen vaste openingstijden', exceptions };
}

function whenText(day: string, offset: number): string {
  if (offset === 0) return 'vandaag';
  if (offset === 1) return 'morgen';
  const weekday = WEEKDAY_NAMES[weekdayIndex(day)];
  return offset < 7 ? weekday : `${weekday} ${dayText(day, false)}`;
}

/** Descriptions of schedules that are not over yet (expired ones are not shown), without repeats. */
function currentDescriptions(schedules: readonly ScheduleInput[], today: string): string[] {
  const seen = new Set<string>();
  for (const schedule of schedules) {
    const text = schedule.description?.trim();
    if (!text || schedule.deleted || (schedule.valid_to && schedule.valid_to < today)) continue;
    seen.add(text);
  }
  return [...seen];
}

