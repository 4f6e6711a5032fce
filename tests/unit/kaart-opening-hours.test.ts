import { describe, expect, it } from 'vitest';
import { isoWeek } from '../../src/shared/calendar';
import { describeSchedules, isOpenAt, isOpenToday, openingState } from '../../src/shared/kaart/opening-hours';
import { monthly, weekly } from './fixtures/kaart-sample';

// Instants are written with the offset Amsterdam has at that moment: +01:00 in winter, +02:00 in summer.
const at = (iso: string) => new Date(iso);

describe('opening hours across the summer-time switches', () => {
  // Sunday 29 March 2026: at 02:00 CET the clock jumps to 03:00 CEST.
  const night = [weekly('SU', '01:00', '04:00')];

  it('is open at 01:30 and at 03:30 local time in the night the clocks go forward', () => {
    expect(isOpenAt(night, at('2026-03-29T01:30:00+01:00'))).toBe(true);
    expect(isOpenAt(night, at('2026-03-29T03:30:00+02:00'))).toBe(true);
    expect(isOpenAt(night, at('2026-03-29T03:00:00+02:00'))).toBe(true); // the instant after 01:59:59 CET
  });

  it('is closed just before the opening and from the closing time on that night', () => {
    expect(isOpenAt(night, at('2026-03-29T00:59:00+01:00'))).toBe(false);
    expect(isOpenAt(night, at('2026-03-29T04:00:00+02:00'))).toBe(false);
  });

  it('says "Open nu tot 4:00" and closes after two real hours in the short night', () => {
    const state = openingState(night, at('2026-03-29T01:30:00+01:00'));
    expect(state.open).toBe(true);
    expect(state.text).toBe('Open nu tot 4:00');
    expect(state.until?.toISOString()).toBe('2026-03-29T02:00:00.000Z'); // 04:00 CEST
  });

  it('is open in both 02:30s of the night the clocks go back, and closes at 04:00 winter time', () => {
    // Sunday 25 October 2026: at 03:00 CEST the clock goes back to 02:00 CET.
    const october = [weekly('SU', '01:00', '04:00')];
    expect(isOpenAt(october, at('2026-10-25T02:30:00+02:00'))).toBe(true);
    expect(isOpenAt(october, at('2026-10-25T02:30:00+01:00'))).toBe(true);
    expect(isOpenAt(october, at('2026-10-25T03:59:00+01:00'))).toBe(true);
    expect(isOpenAt(october, at('2026-10-25T04:00:00+01:00'))).toBe(false);
    expect(openingState(october, at('2026-10-25T02:30:00+02:00')).until?.toISOString()).toBe('2026-10-25T03:00:00.000Z');
  });

  it('gives the next opening after the switch in the new offset', () => {
    const state = openingState([weekly('MO', '09:30', '12:00')], at('2026-03-28T12:00:00+01:00'));
    expect(state.text).toBe('Opent maandag om 9:30');
    expect(state.nextOpen?.toISOString()).toBe('2026-03-30T07:30:00.000Z'); // 09:30 CEST
  });

  it('keeps wall-clock times in winter and in summer', () => {
    const mornings = [weekly('MO,TU,WE,TH,FR', '09:00', '17:00')];
    expect(isOpenAt(mornings, at('2026-01-14T09:00:00+01:00'))).toBe(true);
    expect(isOpenAt(mornings, at('2026-07-15T09:00:00+02:00'))).toBe(true);
    expect(isOpenAt(mornings, at('2026-07-15T08:59:00+02:00'))).toBe(false);
    expect(isOpenAt(mornings, at('2026-07-15T17:00:00+02:00'))).toBe(false);
  });
});

describe('odd and even ISO weeks', () => {
  it('knows that 28 December 2026 is in week 53 and 4 January 2027 in week 1', () => {
    expect(isoWeek('2026-12-28')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-03')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-04')).toEqual({ year: 2027, week: 1 });
    expect(isoWeek('2026-01-01')).toEqual({ year: 2026, week: 1 });
    expect(isoWeek('2024-12-30')).toEqual({ year: 2025, week: 1 });
  });

  it('opens an "odd weeks" Monday in week 53 of 2026 and again in week 1 of 2027 (both odd)', () => {
    const odd = [weekly('MO', '09:00', '12:00', { week_parity: 'odd' })];
    expect(isOpenAt(odd, at('2026-12-21T10:00:00+01:00'))).toBe(false); // week 52
    expect(isOpenAt(odd, at('2026-12-28T10:00:00+01:00'))).toBe(true); // week 53
    expect(isOpenAt(odd, at('2027-01-04T10:00:00+01:00'))).toBe(true); // week 1
    expect(isOpenAt(odd, at('2027-01-11T10:00:00+01:00'))).toBe(false); // week 2
  });

  it('skips an "even weeks" Monday in both week 53 and week 1', () => {
    const even = [weekly('MO', '09:00', '12:00', { week_parity: 'even' })];
    expect(isOpenAt(even, at('2026-12-21T10:00:00+01:00'))).toBe(true);
    expect(isOpenAt(even, at('2026-12-28T10:00:00+01:00'))).toBe(false);
    expect(isOpenAt(even, at('2027-01-04T10:00:00+01:00'))).toBe(false);
    expect(isOpenAt(even, at('2027-01-11T10:00:00+01:00'))).toBe(true);
  });
});

describe('every other week and monthly rules', () => {
  it('opens every other Thursday counted from the week of valid_from, straight across the year end', () => {
    const fortnightly = [weekly('TH', '19:00', '21:00', { interval: 2, valid_from: '2026-09-03' })];
    const open = (day: string, offset: string) => isOpenAt(fortnightly, at(`${day}T20:00:00${offset}`));
    expect(open('2026-09-03', '+02:00')).toBe(true);
    expect(open('2026-09-10', '+02:00')).toBe(false);
    expect(open('2026-09-17', '+02:00')).toBe(true);
    expect(open('2026-12-31', '+01:00')).toBe(false); // 17 weeks after
    expect(open('2027-01-07', '+01:00')).toBe(true); // 18 weeks after
    expect(open('2026-08-20', '+02:00')).toBe(false); // before valid_from
  });

  it('opens on the first Tuesday of the month only', () => {
    const first = [monthly('1TU', '10:00', '12:00')];
    expect(isOpenAt(first, at('2026-11-03T10:30:00+01:00'))).toBe(true);
    expect(isOpenAt(first, at('2026-11-10T10:30:00+01:00'))).toBe(false);
    expect(isOpenAt(first, at('2026-12-01T10:30:00+01:00'))).toBe(true);
  });

  it('opens on the last Friday of the month, also in a month with five Fridays', () => {
    const last = [monthly('-1FR', '10:00', '12:00')];
    expect(isOpenAt(last, at('2026-11-27T10:30:00+01:00'))).toBe(true);
    expect(isOpenAt(last, at('2026-11-20T10:30:00+01:00'))).toBe(false);
    expect(isOpenAt(last, at('2027-01-29T10:30:00+01:00'))).toBe(true);
    expect(isOpenAt(last, at('2027-01-22T10:30:00+01:00'))).toBe(false);
  });

  it('skips the months in between with a monthly interval, anchored on the month of valid_from', () => {
    const everyOther = [monthly('1TU', '10:00', '12:00', { interval: 2, valid_from: '2026-01-15' })];
    expect(isOpenAt(everyOther, at('2026-11-03T10:30:00+01:00'))).toBe(true); // Jan, Mar, …, Nov
    expect(isOpenAt(everyOther, at('2026-12-01T10:30:00+01:00'))).toBe(false);
  });
});

describe('valid_from and valid_to', () => {
  const now = at('2026-11-24T10:00:00+01:00'); // a Tuesday

  it('ignores a schedule that was valid only until last month, also its description', () => {
    const old = [weekly('TU', '09:00', '12:00', { valid_to: '2026-10-31', description: 'Zomerrooster' })];
    expect(isOpenAt(old, now)).toBe(false);
    const state = openingState(old, now);
    expect(state.open).toBe(false);
    expect(state.exceptions).toEqual([]);
    expect(describeSchedules(old, now)).toEqual([]);
  });

  it('counts valid_from and valid_to as whole days', () => {
    expect(isOpenAt([weekly('TU', '09:00', '12:00', { valid_to: '2026-11-24' })], now)).toBe(true);
    expect(isOpenAt([weekly('TU', '09:00', '12:00', { valid_from: '2026-11-24' })], now)).toBe(true);
    expect(isOpenAt([weekly('TU', '09:00', '12:00', { valid_from: '2026-11-25' })], now)).toBe(false);
  });

  it('leaves tombstoned schedules out', () => {
    expect(isOpenAt([{ ...weekly('TU', '09:00', '12:00'), deleted: true }], now)).toBe(false);
  });
});

describe('openingState in plain Dutch', () => {
  const tuesday = (time: string) => at(`2026-11-24T${time}:00+01:00`);

  it('says "Open nu tot 16:00" while open', () => {
    const state = openingState([weekly('TU', '13:00', '16:00')], tuesday('14:00'));
    expect(state).toMatchObject({ open: true, text: 'Open nu tot 16:00' });
    expect(state.until?.toISOString()).toBe('2026-11-24T15:00:00.000Z');
  });

  it('joins touching openings: 9–12 and 12–17 is open until 17:00', () => {
    const split = [weekly('TU', '09:00', '12:00'), weekly('TU', '12:00', '17:00')];
    expect(openingState(split, tuesday('11:00')).text).toBe('Open nu tot 17:00');
  });

  it('says "Opent vandaag om 13:00" before the afternoon opening', () => {
    expect(openingState([weekly('TU', '13:00', '16:00')], tuesday('10:00')).text).toBe('Opent vandaag om 13:00');
  });

  it('says "Opent morgen om 9:30" and "Opent dinsdag om 9:30"', () => {
    expect(openingState([weekly('WE', '09:30', '12:00')], tuesday('17:00')).text).toBe('Opent morgen om 9:30');
    const state = openingState([weekly('TU', '09:30', '12:00')], at('2026-11-26T12:00:00+01:00'));
    expect(state.text).toBe('Opent dinsdag om 9:30');
    expect(state.nextOpen?.toISOString()).toBe('2026-12-01T08:30:00.000Z');
  });

  it('names the date when the next opening is a week or more away', () => {
    expect(openingState([monthly('1TU', '10:00', '12:00')], tuesday('13:00')).text).toBe('Opent dinsdag 1 december om 10:00');
  });

  it('says "Gesloten" when nothing opens in the next 14 days', () => {
    const later = [weekly('TU', '09:00', '12:00', { valid_from: '2027-02-01' })];
    const state = openingState(later, tuesday('10:00'));
    expect(state).toMatchObject({ open: false, text: 'Gesloten' });
    expect(state.nextOpen).toBeUndefined();
  });

  it('says there are no fixed hours when only a description is given, and lists it', () => {
    const byAppointment = [{ id: 'x', service_id: 'y', description: 'Alleen op afspraak' }];
    expect(openingState(byAppointment, tuesday('10:00'))).toEqual({ open: false, text: 'Geen vaste openingstijden', exceptions: ['Alleen op afspraak'] });
  });

  it('lists the exceptions beside the hours, each once', () => {
    const withNotes = [
      weekly('TU', '09:00', '12:00', { description: 'Op feestdagen gesloten.' }),
      weekly('TH', '09:00', '12:00', { description: 'Op feestdagen gesloten.' }),
      { id: 'x', service_id: 'y', description: 'In de kerstvakantie alleen op dinsdag.' },
    ];
    expect(openingState(withNotes, tuesday('10:00')).exceptions).toEqual(['Op feestdagen gesloten.', 'In de kerstvakantie alleen op dinsdag.']);
  });

  it('says "Tijdelijk gesloten" for a temporarily closed service whatever its hours', () => {
    const state = openingState([weekly('TU', '09:00', '12:00')], tuesday('10:00'), { status: 'temporarily closed' });
    expect(state).toMatchObject({ open: false, text: 'Tijdelijk gesloten' });
  });

  it('knows whether a service opens at all today', () => {
    expect(isOpenToday([weekly('TU', '09:00', '12:00')], tuesday('15:00'))).toBe(true);
    expect(isOpenToday([weekly('WE', '09:00', '12:00')], tuesday('10:00'))).toBe(false);
  });
});

describe('describeSchedules', () => {
  it('writes the rules as plain Dutch lines', () => {
    expect(describeSchedules([weekly('MO,WE', '09:00', '12:00')])).toEqual(['Maandag en woensdag 9:00–12:00']);
    expect(describeSchedules([weekly('TU', '13:00', '16:00', { week_parity: 'odd' })])).toEqual(['Dinsdag in oneven weken 13:00–16:00']);
    expect(describeSchedules([monthly('1TU', '10:00', '12:00')])).toEqual(['Eerste dinsdag van de maand 10:00–12:00']);
    expect(describeSchedules([monthly('-1FR', '10:00', '12:00')])).toEqual(['Laatste vrijdag van de maand 10:00–12:00']);
    expect(describeSchedules([weekly('MO,TU,WE,TH,FR', '09:00', '17:00')])).toEqual(['Maandag tot en met vrijdag 9:00–17:00']);
  });

  it('joins days with the same times and times on the same days, weekly before monthly, in week order', () => {
    expect(describeSchedules([
      monthly('1TU,3TU', '10:00', '12:00'),
      weekly('FR', '13:00', '17:00'), weekly('WE', '09:00', '12:00'), weekly('MO', '09:00', '12:00'), weekly('FR', '09:00', '12:00'),
    ])).toEqual(['Maandag, woensdag en vrijdag 9:00–12:00', 'Vrijdag 13:00–17:00', 'Eerste en derde dinsdag van de maand 10:00–12:00']);
    expect(describeSchedules([weekly('MO,TU', '13:00', '17:00'), weekly('MO,TU', '09:00', '12:00')]))
      .toEqual(['Maandag en dinsdag 9:00–12:00 en 13:00–17:00']);
  });

  it('mentions the interval, the period and the descriptions', () => {
    expect(describeSchedules([
      weekly('TH', '19:00', '21:00', { interval: 2, valid_from: '2026-09-03' }),
      weekly('SA', '10:00', '12:00', { valid_from: '2026-04-01', valid_to: '2026-10-31' }),
      { id: 'x', service_id: 'y', description: 'Alleen op afspraak' },
    ])).toEqual([
      'Donderdag om de 2 weken 19:00–21:00 (vanaf 3 september 2026)',
      'Zaterdag 10:00–12:00 (van 1 april 2026 tot en met 31 oktober 2026)',
      'Alleen op afspraak',
    ]);
  });
});
