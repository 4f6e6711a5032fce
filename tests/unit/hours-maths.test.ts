import { describe, expect, it } from 'vitest';
import { changeWindows, countsBetween, daysBetween, idoHoursBetween, monthsBetween, periodFigures } from '../../src/server/reports/hours-maths';
import { sizeClassOf } from '../../src/shared/hours-insight';

const history = [{ from: '2025-01-01', hoursPerWeek: 7 }, { from: '2025-03-10', hoursPerWeek: 14 }];

describe('IDO hours across an hours change', () => {
  it('counts each step\'s hours for the days it was in force', () => {
    // 1–9 March: 9 days at 7 h/week = 9 h; 10–16 March: 7 days at 14 h/week = 14 h.
    expect(idoHoursBetween(history, '2025-03-01', '2025-03-16')).toBe(23);
    expect(idoHoursBetween(history, '2025-03-10', '2025-03-16')).toBe(14);
    expect(idoHoursBetween(history, '2025-03-03', '2025-03-09')).toBe(7);
  });

  it('offers no hours before the first step', () => {
    expect(idoHoursBetween(history, '2024-12-25', '2025-01-07')).toBe(7);
    expect(idoHoursBetween([], '2025-01-01', '2025-12-31')).toBe(0);
  });

  it('gives contacts per IDO hour over the hours in force in each part of the period', () => {
    const figures = periodFigures(history, '2025-03-01', '2025-03-16', { contacts: 46, questions: 69, solved: 23, referred: 0 });
    expect(figures).toMatchObject({ days: 16, idoHours: 23, contactsPerIdoHour: 2, questionsPerContact: 1.5, shareSolved: 0.3333, shareReferred: 0 });
    expect(figures.hoursPerWeek).toBeCloseTo((23 * 7) / 16, 2);
  });

  it('gives no ratio where there is nothing to divide by', () => {
    expect(periodFigures([], '2025-03-01', '2025-03-07', { contacts: 3, questions: 0, solved: 0, referred: 0 }))
      .toMatchObject({ idoHours: 0, contactsPerIdoHour: null, shareSolved: null, questionsPerContact: 0 });
  });
});

describe('summer time', () => {
  it('counts the 23-hour last Sunday of March and the 25-hour last Sunday of October as whole days', () => {
    // 24–30 March 2025 holds the switch to summer time (30 March), 20–26 October 2025 the switch back (26 October).
    expect(daysBetween('2025-03-24', '2025-03-30')).toBe(7);
    expect(idoHoursBetween([{ from: '2025-01-01', hoursPerWeek: 10 }], '2025-03-24', '2025-03-30')).toBe(10);
    expect(idoHoursBetween([{ from: '2025-01-01', hoursPerWeek: 10 }], '2025-10-20', '2025-10-26')).toBe(10);
    expect(idoHoursBetween([{ from: '2025-01-01', hoursPerWeek: 10 }], '2025-03-01', '2025-10-31')).toBeCloseTo((10 * 245) / 7, 9);
  });

  it('splits an hours change on the switch day like any other day', () => {
    const switching = [{ from: '2025-01-01', hoursPerWeek: 7 }, { from: '2025-03-30', hoursPerWeek: 21 }];
    // 24–29 March: 6 days at 7 h = 6 h; 30 March: 1 day at 21 h/week = 3 h.
    expect(idoHoursBetween(switching, '2025-03-24', '2025-03-30')).toBe(9);
  });
});

describe('the weeks on each side of an hours change', () => {
  it('takes up to N weeks on each side, cut at the step before, the next step and today', () => {
    const steps = [{ from: '2025-01-01', hoursPerWeek: 8 }, { from: '2025-02-03', hoursPerWeek: 12 }, { from: '2025-03-03', hoursPerWeek: 12 }, { from: '2025-05-01', hoursPerWeek: 6 }];
    expect(changeWindows(steps, 8, '2025-05-20')).toEqual([
      { on: '2025-02-03', hoursBefore: 8, hoursAfter: 12, before: { from: '2025-01-01', to: '2025-02-02' }, after: { from: '2025-02-03', to: '2025-03-02' } },
      { on: '2025-05-01', hoursBefore: 12, hoursAfter: 6, before: { from: '2025-03-06', to: '2025-04-30' }, after: { from: '2025-05-01', to: '2025-05-20' } },
    ]);
  });

  it('leaves out a change that has not happened yet', () => {
    expect(changeWindows(history, 8, '2025-03-09')).toEqual([]);
  });
});

describe('counting', () => {
  it('sums the days of a stretch only', () => {
    const byDay = new Map([['2025-03-01', { contacts: 1, questions: 2, solved: 1, referred: 0 }], ['2025-03-05', { contacts: 2, questions: 2, solved: 0, referred: 1 }], ['2025-03-06', { contacts: 5, questions: 5, solved: 5, referred: 5 }]]);
    expect(countsBetween(byDay, '2025-03-01', '2025-03-05')).toEqual({ contacts: 3, questions: 4, solved: 1, referred: 1 });
  });

  it('cuts the months to the range', () => {
    expect(monthsBetween('2025-01-15', '2025-03-03')).toEqual([
      { month: '2025-01', from: '2025-01-15', to: '2025-01-31' }, { month: '2025-02', from: '2025-02-01', to: '2025-02-28' }, { month: '2025-03', from: '2025-03-01', to: '2025-03-03' },
    ]);
    expect(monthsBetween('2024-02-29', '2024-02-29')).toEqual([{ month: '2024-02', from: '2024-02-29', to: '2024-02-29' }]);
  });

  it('ends at December 9999, the last month a report takes (its next month was a RangeError, a 500)', () => {
    expect(monthsBetween('9999-11-30', '9999-12-31')).toEqual([
      { month: '9999-11', from: '9999-11-30', to: '9999-11-30' }, { month: '9999-12', from: '9999-12-01', to: '9999-12-31' },
    ]);
  });

  it('puts a library in its size class by residents', () => {
    expect([19_999, 20_000, 49_999, 50_000, 100_000, undefined].map((n) => sizeClassOf(n).code)).toEqual(['tot20k', '20k-50k', '20k-50k', '50k-100k', 'vanaf100k', 'onbekend']);
  });
});
