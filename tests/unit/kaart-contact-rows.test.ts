import { describe, expect, it } from 'vitest';
import { contactEdits, contactsOf, isFormSchedule } from '../../src/features/kaart/contact-rows';
import type { Phone, Schedule } from '../../src/shared/kaart/types';

// The edit form's phone numbers and weekly opening hours of a service: which schedules it may write, and what a save writes.
const NOW = new Date('2026-11-24T09:15:00.000Z');
const SERVICE = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const meta = { version: 3, updatedAt: '2026-11-01T10:00:00.000Z', deleted: false };
let counter = 0;
const newId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
const phone = (fields: Partial<Phone> = {}): Phone => ({ id: newId(), service_id: SERVICE, number: '030-123 45 67', ...meta, ...fields });
const weekly = (byday: string, opens_at: string, closes_at: string, fields: Partial<Schedule> = {}): Schedule =>
  ({ id: newId(), service_id: SERVICE, freq: 'WEEKLY', byday, opens_at, closes_at, ...meta, ...fields });

describe('which schedules the edit form shows as hours', () => {
  it('takes a weekly rule on plain weekdays and leaves every other rule as it is', () => {
    expect(isFormSchedule(weekly('MO,TU', '09:00', '12:00'))).toBe(true);
    expect(isFormSchedule(weekly('MO', '09:00', '12:00', { interval: 1 }))).toBe(true);
    for (const other of [
      weekly('MO', '09:00', '12:00', { valid_from: '2026-01-01' }), weekly('MO', '09:00', '12:00', { valid_to: '2026-12-31' }),
      weekly('MO', '09:00', '12:00', { week_parity: 'odd' }), weekly('MO', '09:00', '12:00', { interval: 2, valid_from: '2026-01-05' }),
      weekly('MO', '09:00', '12:00', { description: 'Niet in de schoolvakanties' }), weekly('1MO', '09:00', '12:00', { freq: 'MONTHLY' }),
      { id: newId(), service_id: SERVICE, description: 'Alleen op afspraak', ...meta } as Schedule,
      weekly('MO', '12:00', '09:00'), weekly('MO,MO', '09:00', '12:00'),
      { ...weekly('MO', '09:00', '12:00'), service_id: undefined, service_at_location_id: OTHER },
    ]) expect(isFormSchedule(other)).toBe(false);
  });

  it('splits the editable schedules into one row per weekday and interval, and keeps the rest apart (also two that run into each other)', () => {
    const workdays = weekly('MO,WE', '09:00', '12:00');
    const afternoon = weekly('MO', '13:00', '16:00');
    const dated = weekly('FR', '10:00', '11:00', { valid_to: '2026-12-31' });
    const clashA = weekly('SA', '10:00', '12:00');
    const clashB = weekly('SA', '11:00', '13:00');
    const gone = { ...weekly('TU', '09:00', '10:00'), deleted: true };
    const contacts = contactsOf(SERVICE, [phone({ number: '0800-1234' }), phone({ service_id: undefined, organization_id: OTHER })],
      [workdays, afternoon, dated, clashA, clashB, gone], () => 'k');
    expect(contacts.phoneRows.map((row) => row.number)).toEqual(['0800-1234']);
    expect(contacts.hoursRows.map(({ day, opens, closes }) => [day, opens, closes])).toEqual([[0, '09:00', '12:00'], [0, '13:00', '16:00'], [2, '09:00', '12:00']]);
    expect(contacts.schedules).toEqual([workdays, afternoon]);
    expect(contacts.fixed).toEqual([dated, clashA, clashB]);
  });
});

describe('what a save of the rows writes', () => {
  const start = () => {
    const number = phone({ description: 'Balie' });
    const spare = phone({ number: '+31 30 765 43 21' });
    const workdays = weekly('MO,WE', '09:00', '12:00');
    const afternoon = weekly('MO', '13:00', '16:00');
    return { number, spare, workdays, afternoon, contacts: contactsOf(SERVICE, [number, spare], [workdays, afternoon], newId) };
  };

  it('writes nothing for rows as they were', () => {
    const { contacts } = start();
    expect(contactEdits(SERVICE, contacts, { phones: contacts.phoneRows, hours: contacts.hoursRows }, { now: NOW, newId })).toEqual({ edits: [], errors: [] });
  });

  it('changes a number, adds one, removes one (a delete), and drops an empty row', () => {
    const { contacts, number, spare } = start();
    const added = newId();
    const { edits, errors } = contactEdits(SERVICE, contacts, {
      phones: [{ id: number.id, number: ' 030-999 88 77 ', description: 'Balie' }, { id: added, number: '14 030', description: '' }, { id: newId(), number: ' ', description: '' }],
      hours: contacts.hoursRows,
    }, { now: NOW, newId });
    expect(errors).toEqual([]);
    expect(edits).toEqual([
      { entity: 'phone', record: { id: number.id, service_id: SERVICE, number: '030-999 88 77', description: 'Balie' } },
      { entity: 'phone', record: { id: added, service_id: SERVICE, number: '14 030' } },
      { entity: 'phone', record: { id: spare.id, service_id: SERVICE, number: '+31 30 765 43 21' }, deleted: true },
    ]);
  });

  it('refuses a number no one can call and an empty number with a description, in Dutch, at their rows', () => {
    const { contacts, number } = start();
    const added = newId();
    const { edits, errors } = contactEdits(SERVICE, contacts, {
      phones: [{ id: number.id, number: '12345', description: '' }, { id: added, number: '', description: 'Alleen ochtend' }], hours: contacts.hoursRows,
    }, { now: NOW, newId });
    expect(edits).toEqual([]);
    expect(errors.map(({ field, message }) => [field, message])).toEqual([
      [`phone-${number.id}-number`, 'Telefoonnummer 1: vul een telefoonnummer in dat te bellen is, bijvoorbeeld 030-123 45 67 of +31 30 123 45 67.'],
      [`phone-${added}-number`, 'Telefoonnummer 2: vul het nummer in, of haal dit telefoonnummer weg.'],
    ]);
  });

  it('keeps a schedule whose days all keep their times, and writes a changed day in the id of the one that no longer fits', () => {
    const { contacts, workdays, afternoon } = start();
    // Monday afternoon now till 17:00, and Thursday 9–12 added: Monday/Wednesday mornings stay as they are.
    const hours = contacts.hoursRows.map((row) => (row.opens === '13:00' ? { ...row, closes: '17:00' } : row));
    const { edits, errors } = contactEdits(SERVICE, contacts, { phones: contacts.phoneRows, hours: [...hours, { key: 'x', day: 3, opens: '09:00', closes: '12:00' }] }, { now: NOW, newId });
    expect(errors).toEqual([]);
    expect(edits).toEqual([
      { entity: 'schedule', record: { id: afternoon.id, service_id: SERVICE, freq: 'WEEKLY', byday: 'MO', opens_at: '13:00', closes_at: '17:00' } },
      { entity: 'schedule', record: { id: expect.any(String), service_id: SERVICE, freq: 'WEEKLY', byday: 'TH', opens_at: '09:00', closes_at: '12:00' } },
    ]);
    expect((edits[1].record as Schedule).id).not.toBe(workdays.id);
  });

  it('keeps a changed day in its own schedule\'s id when an earlier day is added (Thursday stays Thursday\'s record)', () => {
    const thursday = weekly('TH', '14:00', '16:00');
    const contacts = contactsOf(SERVICE, [], [thursday], newId);
    const { edits } = contactEdits(SERVICE, contacts, {
      phones: [], hours: [{ key: 't', day: 1, opens: '10:00', closes: '12:00' }, { ...contacts.hoursRows[0], closes: '17:00' }],
    }, { now: NOW, newId });
    expect(edits.map((edit) => [(edit.record as Schedule).id === thursday.id, (edit.record as Schedule).byday])).toEqual([[false, 'TU'], [true, 'TH']]);
  });

  it('deletes the schedules of removed hours, and writes one schedule for the days of one pair of times', () => {
    const { contacts, workdays, afternoon } = start();
    const wednesday = contacts.hoursRows.find((row) => row.day === 2)!;
    const { edits } = contactEdits(SERVICE, contacts, { phones: contacts.phoneRows, hours: [{ ...wednesday, opens: '10:00' }, { key: 'f', day: 4, opens: '10:00', closes: '12:00' }] }, { now: NOW, newId });
    expect(edits).toEqual([
      { entity: 'schedule', record: { id: workdays.id, service_id: SERVICE, freq: 'WEEKLY', byday: 'WE,FR', opens_at: '10:00', closes_at: '12:00' } },
      { entity: 'schedule', record: { id: afternoon.id, service_id: SERVICE, freq: 'WEEKLY', byday: 'MO', opens_at: '13:00', closes_at: '16:00' }, deleted: true },
    ]);
  });

  it('refuses hours without a time, closing before opening, a time that is none, and two that overlap, each in Dutch at its row', () => {
    const { contacts } = start();
    const { edits, errors } = contactEdits(SERVICE, contacts, {
      phones: contacts.phoneRows,
      hours: [
        { key: 'a', day: 1, opens: '10:00', closes: '' },
        { key: 'b', day: 2, opens: '16:00', closes: '12:00' },
        { key: 'c', day: 3, opens: '25:00', closes: '26:00' },
        { key: 'd', day: 4, opens: '09:00', closes: '12:00' },
        { key: 'e', day: 4, opens: '11:30', closes: '13:00' },
        { key: 'f', day: 5, opens: '', closes: '' },
      ],
    }, { now: NOW, newId });
    expect(edits).toEqual([]);
    expect(errors.map(({ field, message }) => [field, message])).toEqual([
      ['hours-a-closes', 'Dinsdag: vul de sluitingstijd in.'],
      ['hours-b-closes', 'Woensdag: de sluitingstijd moet na de openingstijd liggen, op dezelfde dag.'],
      ['hours-c-opens', 'Donderdag: de tijd bij "Open van" klopt niet. Vul een tijd in als 09:00 of 14:30.'],
      ['hours-c-closes', 'Donderdag: de tijd bij "Tot" klopt niet. Vul een tijd in als 09:00 of 14:30.'],
      ['hours-e-opens', 'Vrijdag: de tijden 11:30–13:00 vallen samen met 09:00–12:00. Pas de tijden aan of haal er een weg.'],
    ]);
  });

  it('takes times as staff type them ("9.30", "1700") and writes them as HH:MM; the same time typed otherwise is no change', () => {
    const { contacts, afternoon } = start();
    // Monday afternoon typed "13.00" (stored 13:00) and "16:00 " stays; Monday/Wednesday mornings typed "9" and "1200".
    const typed = contacts.hoursRows.map((row) => (row.opens === '13:00' ? { ...row, opens: '13.00', closes: '16:00 ' } : { ...row, opens: '9', closes: '1200' }));
    expect(contactEdits(SERVICE, contacts, { phones: contacts.phoneRows, hours: typed }, { now: NOW, newId })).toEqual({ edits: [], errors: [] });
    const { edits, errors } = contactEdits(SERVICE, contacts, {
      phones: contacts.phoneRows, hours: [...typed.map((row) => (row.opens === '13.00' ? { ...row, closes: '1700' } : row)), { key: 'x', day: 3, opens: '9.30', closes: '12.15' }],
    }, { now: NOW, newId });
    expect(errors).toEqual([]);
    expect(edits).toEqual([
      { entity: 'schedule', record: { id: afternoon.id, service_id: SERVICE, freq: 'WEEKLY', byday: 'MO', opens_at: '13:00', closes_at: '17:00' } },
      { entity: 'schedule', record: { id: expect.any(String), service_id: SERVICE, freq: 'WEEKLY', byday: 'TH', opens_at: '09:30', closes_at: '12:15' } },
    ]);
  });

  it('says a time that is no time once, at its field, beside a missing one; the order check waits for two real times', () => {
    const { contacts } = start();
    const { edits, errors } = contactEdits(SERVICE, contacts, {
      phones: contacts.phoneRows,
      hours: [
        { key: 'a', day: 0, opens: '9.75', closes: '' },
        { key: 'b', day: 1, opens: 'x'.repeat(10_000), closes: '12:00' },
        { key: 'c', day: 2, opens: '🕘', closes: '2:00 PM' },
        { key: 'd', day: 3, opens: '14.30', closes: '9' },
      ],
    }, { now: NOW, newId });
    expect(edits).toEqual([]);
    expect(errors.map(({ field, code, message }) => [field, code, message])).toEqual([
      ['hours-a-opens', 'invalid_time', 'Maandag: de tijd bij "Open van" klopt niet. Vul een tijd in als 09:00 of 14:30.'],
      ['hours-a-closes', 'required', 'Maandag: vul de sluitingstijd in.'],
      ['hours-b-opens', 'invalid_time', 'Dinsdag: de tijd bij "Open van" klopt niet. Vul een tijd in als 09:00 of 14:30.'],
      ['hours-c-opens', 'invalid_time', 'Woensdag: de tijd bij "Open van" klopt niet. Vul een tijd in als 09:00 of 14:30.'],
      ['hours-c-closes', 'invalid_time', 'Woensdag: de tijd bij "Tot" klopt niet. Vul een tijd in als 09:00 of 14:30.'],
      ['hours-d-closes', 'time_order', 'Donderdag: de sluitingstijd moet na de openingstijd liggen, op dezelfde dag.'],
    ]);
  });
});
