import { describe, expect, it } from 'vitest';
import { chosenText, conflictView, mergedRecord, recordTitle, valueText } from '../../src/features/kaart/conflict-text';
import type { KaartOutboxEntry } from '../../src/db/types';
import { emptyDataSet, lookupIn, repeatText, scheduleDaysText, type KaartEntity, type KaartFields } from '../../src/shared/kaart';

/*
 * The conflicts page titled a conflict by the record's name, else its id, and showed values as stored: a conflict on a
 * phone number or a schedule read as a bare UUID with "TH", "WEEKLY" and "09:00". Now it says what it is, of what, in words.
 */
const ORG = '10000000-0000-4000-8000-000000000001';
const SERVICE = '10000000-0000-4000-8000-000000000002';
const LOCATION = '10000000-0000-4000-8000-000000000003';
const SAL = '10000000-0000-4000-8000-000000000004';
const PHONE = '10000000-0000-4000-8000-000000000005';
const SCHEDULE = '10000000-0000-4000-8000-000000000006';
const UNKNOWN = '10000000-0000-4000-8000-0000000000ff';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/;

const set = emptyDataSet();
set.organization.push({ id: ORG, name: 'Voorbeeldbibliotheek', owner_organisation_id: ORG });
set.service.push({ id: SERVICE, organization_id: ORG, name: 'Taalcafé', status: 'active' });
set.location.push({ id: LOCATION, organization_id: ORG, name: 'Bibliotheek Centrum', address_1: 'Stationsplein 1', postal_code: '3511 AB', city: 'Utrecht' });
set.service_at_location.push({ id: SAL, service_id: SERVICE, location_id: LOCATION });
const lookup = lookupIn(set);
const nothing = lookupIn(emptyDataSet());

function entry<E extends KaartEntity>(entity: E, mine: KaartFields<E>, theirs: KaartFields<E> | undefined, { mineDeleted = false, theirsDeleted = false } = {}): KaartOutboxEntry {
  return {
    id: `${entity}:${mine.id}`, entity, recordId: mine.id, baseVersion: 1, deleted: mineDeleted, data: mine, savedAt: '2026-12-07T08:00:00.000Z', state: 'conflict',
    ...(theirs ? { current: { entity, id: mine.id, version: 2, deleted: theirsDeleted, data: theirs } as never } : {}), serverVersion: 2,
  };
}

const thursday = { id: SCHEDULE, service_id: SERVICE, freq: 'WEEKLY' as const, byday: 'TH', opens_at: '14:00', closes_at: '17:00' };

describe('the title of a conflict', () => {
  it('names a number, opening hours, a location and a link by what they belong to, never by an id', () => {
    expect(recordTitle('phone', { id: PHONE, service_id: SERVICE, number: '030-123 45 67' }, lookup)).toBe('Telefoonnummer van Taalcafé');
    expect(recordTitle('phone', { id: PHONE, location_id: LOCATION, number: '030-123 45 67' }, lookup)).toBe('Telefoonnummer van locatie Bibliotheek Centrum');
    expect(recordTitle('phone', { id: PHONE, organization_id: ORG, number: '030-123 45 67' }, lookup)).toBe('Telefoonnummer van Voorbeeldbibliotheek');
    expect(recordTitle('schedule', thursday, lookup)).toBe('Openingstijden van Taalcafé');
    expect(recordTitle('schedule', { id: SCHEDULE, service_at_location_id: SAL, freq: 'WEEKLY', byday: 'FR', opens_at: '10:00', closes_at: '12:00' }, lookup))
      .toBe('Openingstijden van Taalcafé op locatie Bibliotheek Centrum');
    expect(recordTitle('location', set.location[0], lookup)).toBe('Locatie Bibliotheek Centrum');
    expect(recordTitle('location', { ...set.location[0], name: undefined }, lookup)).toBe('Locatie Stationsplein 1, Utrecht');
    expect(recordTitle('service_at_location', set.service_at_location[0], lookup)).toBe('Taalcafé op locatie Bibliotheek Centrum');
    expect(recordTitle('attribute', { id: UNKNOWN, link_id: SERVICE, link_entity: 'service', taxonomy_term_id: 'a1b2c3d4-0000-4000-8000-000000000000' }, lookup))
      .toMatch(/^Thema .+ bij Taalcafé$/);
    expect(recordTitle('feedback', { id: UNKNOWN, service_id: SERVICE, note: '', created_at: '2026-12-01T10:00:00Z', resolved: true }, lookup)).toBe('Melding ‘Klopt niet’ bij Taalcafé');
    expect(recordTitle('service', set.service[0], lookup)).toBe('Taalcafé');
  });

  it('says what kind of record it is when the tablet does not have what it belongs to', () => {
    const titles = [
      recordTitle('phone', { id: PHONE, service_id: UNKNOWN, number: '030-123 45 67' }, nothing),
      recordTitle('schedule', thursday, nothing),
      recordTitle('schedule', { ...thursday, service_id: undefined, service_at_location_id: UNKNOWN }, nothing),
      recordTitle('service_at_location', set.service_at_location[0], nothing),
      recordTitle('service', { ...set.service[0], name: '' }, nothing),
    ];
    expect(titles).toEqual([
      'Telefoonnummer 030-123 45 67 van een dienst die niet op deze tablet staat',
      'Openingstijden van een dienst die niet op deze tablet staat',
      'Openingstijden van een dienst op een locatie die niet op deze tablet staat',
      'Een dienst die niet op deze tablet staat op een locatie die niet op deze tablet staat',
      'Dienst zonder naam',
    ]);
    for (const title of titles) expect(title).not.toMatch(UUID);
  });
});

describe('the values side by side', () => {
  it('shows a schedule in words: the day, the times as one choice, the repeat, and each whole version in a line', () => {
    const view = conflictView(entry('schedule', thursday, { ...thursday, byday: 'TU', closes_at: '16:00', interval: 2, valid_from: '2027-01-04' }), lookup);
    expect(view).toMatchObject({ title: 'Openingstijden van Taalcafé', kind: 'changed' });
    expect(view.summary).toEqual({ mine: 'Donderdag 14:00–17:00', theirs: 'Dinsdag om de 2 weken 14:00–16:00 (vanaf 4 januari 2027)' });
    expect(view.rows.map(({ label, mine, theirs }) => [label, mine, theirs])).toEqual([
      ['Dagen', 'Donderdag', 'Dinsdag'],
      ['Tijden', '14:00–17:00', '14:00–16:00'],
      ['Herhaling', 'elke week', 'om de 2 weken'],
      ['Geldig vanaf', '(leeg)', '4 januari 2027'],
    ]);
    expect(view.rows.find((row) => row.key === 'times')?.fields).toEqual(['opens_at', 'closes_at']);
    expect(JSON.stringify(view)).not.toMatch(UUID);
    expect(JSON.stringify(view)).not.toMatch(/WEEKLY|"TH"|"09:00"/);
  });

  it('says weekdays, even or odd weeks and monthly rules in Dutch', () => {
    expect(scheduleDaysText({ id: SCHEDULE, freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR' })).toBe('maandag tot en met vrijdag');
    expect(scheduleDaysText({ id: SCHEDULE, freq: 'MONTHLY', byday: '1TU,-1FR' })).toBe('eerste dinsdag en laatste vrijdag van de maand');
    expect(repeatText({ id: SCHEDULE, freq: 'WEEKLY' })).toBe('elke week');
    expect(repeatText({ id: SCHEDULE, freq: 'WEEKLY', week_parity: 'odd' })).toBe('in oneven weken');
    expect(repeatText({ id: SCHEDULE, freq: 'MONTHLY', interval: 3 })).toBe('om de 3 maanden');
    expect(repeatText({ id: SCHEDULE, description: 'Alleen op afspraak' })).toBeUndefined();
  });

  it('shows a phone number as stored, with its toelichting, and a service by its Dutch words', () => {
    const phone = { id: PHONE, service_id: SERVICE, number: '030-123 45 67', description: 'Alleen ’s ochtends' };
    const view = conflictView(entry('phone', phone, { ...phone, number: '+31 30 765 43 21', description: undefined }), lookup);
    expect(view.summary).toEqual({ mine: '030-123 45 67 (Alleen ’s ochtends)', theirs: '+31 30 765 43 21' });
    expect(view.rows.map(({ label, mine, theirs }) => [label, mine, theirs])).toEqual([
      ['Telefoonnummer', '030-123 45 67', '+31 30 765 43 21'],
      ['Omschrijving', 'Alleen ’s ochtends', '(leeg)'],
    ]);
    const service = set.service[0];
    const rows = conflictView(entry('service', { ...service, status: 'temporarily closed', languages: ['nl', 'pap'] }, service), lookup).rows;
    expect(rows.map(({ label, mine, theirs }) => [label, mine, theirs])).toEqual([
      ['Status', 'Tijdelijk gesloten', 'Actief'],
      ['Talen', 'Nederlands en Papiaments', '(leeg)'],
    ]);
    expect(valueText('schedule', 'service_at_location_id', { service_at_location_id: SAL }, lookup)).toBe('Taalcafé op locatie Bibliotheek Centrum');
    expect(valueText('phone', 'service_id', { service_id: UNKNOWN }, nothing)).toBe('Een dienst die niet op deze tablet staat');
    expect(valueText('organization', 'owner_organisation_id', { owner_organisation_id: null }, lookup)).toBe('Landelijk');
    expect(valueText('organization', 'owner_organisation_id', { owner_organisation_id: ORG }, lookup)).toBe('Uw organisatie');
    expect(valueText('snelwijzer_card', 'owner_organisation_id', { owner_organisation_id: null }, lookup)).toBe('Landelijk');
    expect(valueText('snelwijzer_card', 'service_id', { service_id: SERVICE }, lookup)).toBe('Taalcafé');
  });

  it('shows a Snelwijzer card by its fields, and no row for links the server stored with their keys in another order', () => {
    // The server's JSON gave a link as {url, label}: a "Links" row with two equal sides, and "https://… Toeslagen".
    const CARD = '10000000-0000-4000-8000-000000000007';
    const card = { id: CARD, title: 'Toeslagen bij ons', topics: ['toeslagen'], body: 'Bel eerst.', bring: '', links: [{ label: 'Toeslagen', url: 'https://www.toeslagen.nl' }],
      service_id: SERVICE, checked_on: '2026-12-01', owner_organisation_id: ORG, copied_from: null };
    const stored = { ...card, body: 'Log in met DigiD.', links: [{ url: 'https://www.toeslagen.nl', label: 'Toeslagen' }] };
    const view = conflictView({
      id: `snelwijzer_card:${CARD}`, entity: 'snelwijzer_card', recordId: CARD, baseVersion: 1, deleted: false, data: card as never, savedAt: '2026-12-07T08:00:00.000Z',
      state: 'conflict', current: { entity: 'snelwijzer_card', id: CARD, version: 2, deleted: false, data: stored } as never, serverVersion: 2,
    }, lookup);
    expect(view.title).toBe('Toeslagen bij ons');
    expect(view.rows.map(({ label, mine, theirs }) => [label, mine, theirs])).toEqual([['Zo helpt u', 'Bel eerst.', 'Log in met DigiD.']]);
    expect(valueText('snelwijzer_card', 'links', stored, lookup)).toBe('Toeslagen (https://www.toeslagen.nl)');
    expect(valueText('snelwijzer_card', 'topics', card, lookup)).not.toMatch(/toeslagen$/);
  });

  it('says a delete on one side in words, with nothing to pick per field', () => {
    const phone = { id: PHONE, service_id: SERVICE, number: '030-123 45 67' };
    const here = conflictView(entry('phone', phone, { ...phone, number: '030-765 43 21' }, { mineDeleted: true }), lookup);
    expect(here).toEqual({ title: 'Telefoonnummer van Taalcafé', kind: 'deleted_here', summary: { mine: 'Weggehaald', theirs: '030-765 43 21' }, rows: [] });
    const there = conflictView(entry('schedule', thursday, thursday, { theirsDeleted: true }), lookup);
    expect(there).toEqual({ title: 'Openingstijden van Taalcafé', kind: 'deleted_on_server', summary: { mine: 'Donderdag 14:00–17:00', theirs: 'Weggehaald' }, rows: [] });
    const service = conflictView(entry('service', set.service[0], set.service[0], { theirsDeleted: true }), lookup);
    expect(service.summary).toEqual({ mine: 'Taalcafé', theirs: 'Weggehaald' });
  });
});

describe('a merge', () => {
  it('takes a row’s fields together: the times of one side, never the opening of one and the closing of the other', () => {
    const theirs = { ...thursday, opens_at: '13:00', closes_at: '16:00', description: 'Niet in de vakantie' };
    const view = conflictView(entry('schedule', thursday, theirs), lookup);
    expect(mergedRecord(view, thursday, theirs, { description: 'theirs' })).toEqual({ ...thursday, description: 'Niet in de vakantie' });
    expect(mergedRecord(view, thursday, theirs, { times: 'theirs' })).toEqual({ ...thursday, opens_at: '13:00', closes_at: '16:00' });
  });
});

describe('the notice once chosen', () => {
  it('says per field which version each field came from, and that it goes to the server', () => {
    const theirs = { ...thursday, opens_at: '13:00', closes_at: '16:00', description: 'Niet in de vakantie' };
    const view = conflictView(entry('schedule', thursday, theirs), lookup);
    expect(view.rows.map((row) => row.label)).toEqual(['Tijden', 'Omschrijving']);
    expect(chosenText(view, 'per_field', { description: 'theirs' }))
      .toBe('Opgelost: Openingstijden van Taalcafé. Uw keuze is bewaard: ‘Tijden’ uit uw versie, ‘Omschrijving’ uit de versie van de server. Dit gaat naar de server.');
    expect(chosenText(view, 'per_field', {})).toBe('Opgelost: Openingstijden van Taalcafé. Uw keuze is bewaard: ‘Tijden’ en ‘Omschrijving’ uit uw versie. Dit gaat naar de server.');
    expect(chosenText(view, 'per_field', { times: 'theirs', description: 'theirs' }))
      .toBe('Opgelost: Openingstijden van Taalcafé. Uw keuze is bewaard: ‘Tijden’ en ‘Omschrijving’ uit de versie van de server. Dit gaat naar de server.');
  });

  it('says for a delete on one side what happened on the tablet and what goes to the server', () => {
    const phone = { id: PHONE, service_id: SERVICE, number: '030-123 45 67' };
    const here = conflictView(entry('phone', phone, phone, { mineDeleted: true }), lookup);
    expect(chosenText(here, 'mine')).toBe('Opgelost: Telefoonnummer van Taalcafé. Het is van deze tablet weggehaald en wordt ook van de server weggehaald.');
    expect(chosenText(here, 'theirs')).toBe('Opgelost: Telefoonnummer van Taalcafé. U haalt het niet weg. Het staat weer op deze tablet, zoals op de server.');
    const there = conflictView(entry('phone', phone, phone, { theirsDeleted: true }), lookup);
    expect(chosenText(there, 'mine')).toBe('Opgelost: Telefoonnummer van Taalcafé. Uw versie blijft op deze tablet en gaat naar de server. Daar staat het dan weer.');
    expect(chosenText(there, 'theirs')).toBe('Opgelost: Telefoonnummer van Taalcafé. Het is ook van deze tablet weggehaald, zoals op de server. Uw wijziging is weg.');
  });
});
