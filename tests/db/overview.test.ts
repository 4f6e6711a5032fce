import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { registrationsBetween, saveRegistration } from '../../src/db/registrations';
import { computeOverview, periodOf } from '../../src/features/reports/overview';
import demo from '../../src/db/demo-organisation.json';
import { makeRegistration } from './fixtures';

let db: IdoDb;
beforeEach(async () => {
  db = new IdoDb(`overview-test-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const q = (topics: string[], help: string[], extra: object = {}) => ({ category: 'digitale_overheid', topics, governmentOrganisations: [], help, resolved: 'ja', ...extra });

describe('the tablet overview', () => {
  it('counts a fixed set of registrations by period, topic, help, referral, location and scenario', async () => {
    const records = [
      makeRegistration({ startedAt: '2026-11-23T10:00:00+01:00', durationMinutes: 10, questions: [q(['digid'], ['samen_gedaan'], { digidFollowUp: 'activeren' })] }),
      makeRegistration({ startedAt: '2026-11-24T11:00:00+01:00', durationMinutes: 20, scenario: 'lopend', questions: [
        q(['toeslagen'], ['doorverwezen'], { governmentOrganisations: ['belastingdienst'], referral: { kind: 'extern' } }),
        q(['toeslagen', 'belastingaangifte'], ['samen_gedaan'], { governmentOrganisations: ['belastingdienst'] }),
      ] }),
      makeRegistration({ startedAt: '2026-11-24T15:00:00+01:00', durationMinutes: 30, locationId: 'demo-noord', questions: [q(['digid'], ['uitleg'], { digidFollowUp: 'machtigen' })] }),
      // outside the period and deleted: neither counts
      makeRegistration({ startedAt: '2026-11-16T10:00:00+01:00', questions: [q(['rijbewijs'], ['informatie'])] }),
      makeRegistration({ startedAt: '2026-11-24T09:00:00+01:00', deleted: true }),
    ];
    for (const r of records) await saveRegistration(db, r);

    const week = periodOf('week', new Date('2026-11-25T12:00:00Z'));
    expect(week).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    const overview = computeOverview(await registrationsBetween(db, week.from, week.to), demo.locations);

    expect(overview).toMatchObject({ contacts: 3, questions: 4, minutes: 60 });
    expect(overview.topics.map((r) => [r.label, r.contacts, r.questions])).toEqual([
      ['DigiD', 2, 2], ['Toeslagen', 1, 2], ['Belastingaangifte', 1, 1],
    ]);
    expect(overview.help.map((r) => [r.code, r.questions])).toEqual([['samen_gedaan', 2], ['doorverwezen', 1], ['uitleg', 1]]);
    expect(overview.governmentOrganisations).toEqual([{ code: 'belastingdienst', label: 'Belastingdienst', contacts: 1, questions: 2 }]);
    expect(overview.referrals.map((r) => [r.label, r.questions])).toEqual([['Extern: verteld waar de bezoeker heen kan', 1]]);
    expect(overview.locations.map((r) => [r.label, r.contacts, r.questions])).toEqual([['Bibliotheek Centrum', 2, 3], ['Bibliotheek Noord', 1, 1]]);
    expect(overview.scenarios.map((r) => [r.code, r.contacts])).toEqual([['lopend', 1], ['spreekuur', 2]]);
  });

  it('knows today, this week and this month in Amsterdam', () => {
    const lateSunday = new Date('2026-11-29T23:30:00Z'); // Monday 30 November 00:30 in Amsterdam
    expect(periodOf('today', lateSunday)).toEqual({ from: '2026-11-30', to: '2026-11-30' });
    expect(periodOf('week', lateSunday)).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(periodOf('month', new Date('2026-02-10T12:00:00Z'))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });
});
