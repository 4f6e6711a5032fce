import { describe, expect, it } from 'vitest';
import demo from '../../src/shared/kaart/demo-kaart.json';
import { dayNumber } from '../../src/shared/calendar';
import { HSDS_TABLES } from '../../src/shared/kaart/fields';
import { importHsdsJson } from '../../src/shared/kaart/hsds-json';
import { isTimedSchedule } from '../../src/shared/kaart/recurrence';
import { KAART_THEMES, themeById } from '../../src/shared/kaart/themes';
import { KAART_ENTITIES, type ScheduleFields } from '../../src/shared/kaart/types';
import { validateKaartRecord } from '../../src/shared/kaart/validate';

const DEMO_ORGANISATION = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const tables = demo as unknown as Record<string, Record<string, unknown>[]>;
const { records } = importHsdsJson(demo);
const schedulesOf = (serviceId: string): ScheduleFields[] => {
  const sals = new Set(records.service_at_location.filter((s) => s.service_id === serviceId).map((s) => s.id));
  return records.schedule.filter((s) => s.service_id === serviceId || (s.service_at_location_id && sals.has(s.service_at_location_id)));
};

describe('the demo kaart', () => {
  it('passes validateKaartRecord, record by record', () => {
    for (const entity of KAART_ENTITIES) {
      for (const record of tables[HSDS_TABLES[entity]]) expect(validateKaartRecord(entity, record), `${entity} ${String(record.id)}`).toEqual([]);
    }
  });

  it('imports as HSDS JSON without errors or ignored fields', () => {
    const result = importHsdsJson(demo);
    expect(result.errors).toEqual([]);
    expect(result.ignoredFields).toEqual([]);
    expect(result.replacedIds).toBe(0);
  });

  it('has at least 35 services that cover all ten themes', () => {
    expect(records.service.length).toBeGreaterThanOrEqual(35);
    const covered = new Set(records.attribute.map((a) => themeById(a.taxonomy_term_id)?.code));
    expect([...covered].sort()).toEqual(KAART_THEMES.map((t) => t.code).sort());
    for (const service of records.service) {
      expect(records.attribute.some((a) => a.link_id === service.id), service.name).toBe(true);
    }
  });

  it('marks every organization and service as example data', () => {
    for (const organization of records.organization) expect(organization.name).toMatch(/\(voorbeeld\)$/);
    for (const service of records.service) expect(service.description).toMatch(/\(voorbeeld\)$/);
  });

  it('uses only made-up phone numbers, e-mail addresses and websites', () => {
    for (const phone of records.phone) expect(phone.number).toMatch(/^0000-000 \d{3}$/);
    const emails = [...records.organization, ...records.service].map((r) => r.email).filter(Boolean);
    const sites = [...records.organization.map((o) => o.website), ...records.service.map((s) => s.url)].filter(Boolean);
    for (const email of emails) expect(email).toMatch(/@example\.nl$/);
    for (const site of sites) expect(site).toMatch(/^https:\/\/www\.example\.nl\//);
  });

  it('belongs to the demo organisation, with the government contact points marked national', () => {
    const national = records.organization.filter((o) => o.owner_organisation_id === null).map((o) => o.name);
    for (const name of ['UWV', 'Belastingdienst', 'SVB', 'DUO', 'CJIB']) expect(national).toContain(`${name} (voorbeeld)`);
    const owners = new Set(records.organization.map((o) => o.owner_organisation_id));
    expect([...owners].sort()).toEqual([DEMO_ORGANISATION, null].sort());
  });

  it('shows the schedule features: odd weeks, monthly, appointment only, temporarily closed, every other week', () => {
    expect(records.schedule.some((s) => s.week_parity === 'odd')).toBe(true);
    expect(records.schedule.some((s) => s.freq === 'MONTHLY' && /^-?\d/.test(s.byday ?? ''))).toBe(true);
    expect(records.schedule.some((s) => (s.interval ?? 1) > 1)).toBe(true);
    const appointmentOnly = records.service.filter((s) => s.referral_method === 'appointment' && !schedulesOf(s.id).some(isTimedSchedule));
    expect(appointmentOnly.length).toBeGreaterThan(0);
    expect(records.service.some((s) => s.status === 'temporarily closed')).toBe(true);
    expect(records.schedule.some((s) => s.service_at_location_id)).toBe(true);
  });

  it('has IDO topics, referral methods and languages, and some checks older than six months', () => {
    expect(records.service.filter((s) => (s.ido_topics ?? []).length > 0).length).toBeGreaterThan(25);
    expect(new Set(records.service.map((s) => s.referral_method))).toEqual(new Set(['warm', 'walk_in', 'appointment', 'phone']));
    expect(records.service.some((s) => (s.languages ?? []).length > 2)).toBe(true);
    const sixMonthsBefore = dayNumber('2026-05-25'); // six months before 25 November 2026
    const old = records.service.filter((s) => dayNumber(s.assured_date!) < sixMonthsBefore);
    expect(old.length).toBeGreaterThanOrEqual(3);
    expect(old.length).toBeLessThan(records.service.length / 2);
  });
});
