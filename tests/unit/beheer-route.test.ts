import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from '../../src/app/router';
import { EMPTY_DRAFT, locationBody } from '../../src/features/beheer/locations/location-input';
import { MAX_DEVICE_LABEL, MAX_NAME, nameTooLong } from '../../src/shared/admin-api';

const ORG = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';

describe('the beheer routes', () => {
  it('reads the start, the national pages and an organisation\'s pages, and writes them back the same', () => {
    const routes: Array<[string, Route]> = [
      ['#/beheer', { page: 'beheer', section: 'start' }],
      ['#/beheer/organisaties', { page: 'beheer', section: 'organisaties' }],
      ['#/beheer/landelijk', { page: 'beheer', section: 'landelijk' }],
      ['#/beheer/logboek', { page: 'beheer', section: 'logboek' }],
      ['#/beheer/kaart', { page: 'beheer', section: 'kaart' }],
      ...(['locaties', 'codes', 'tablets', 'toegang', 'logboek', 'inbox', 'kaart'] as const).map((section): [string, Route] => [`#/beheer/${ORG}/${section}`, { page: 'beheer', section, organisationId: ORG }]),
    ];
    for (const [hash, route] of routes) {
      expect(parseRoute(hash), hash).toEqual(route);
      expect(routeHref(route)).toBe(hash);
    }
  });

  it('opens an organisation\'s locations for an unknown or missing part, and the start for a broken escape', () => {
    expect(parseRoute(`#/beheer/${ORG}`)).toEqual({ page: 'beheer', section: 'locaties', organisationId: ORG });
    expect(parseRoute(`#/beheer/${ORG}/iets`)).toEqual({ page: 'beheer', section: 'locaties', organisationId: ORG });
    expect(parseRoute('#/beheer/%E0%A4%A/codes')).toEqual({ page: 'beheer', section: 'start' });
  });
});

describe('the location form\'s own check', () => {
  const filled = { ...EMPTY_DRAFT, name: ' Bibliotheek Oost ', kind: 'vestiging', municipalityCode: 'gm0855', province: 'Noord-Brabant', scenarios: ['spreekuur'], idoHoursPerWeek: '6,5' };

  it('makes the admin API body: trimmed, the code in capitals, a Dutch comma read as a decimal point, empty optional fields left out', () => {
    expect(locationBody(filled)).toEqual({ errors: {}, body: { name: 'Bibliotheek Oost', kind: 'vestiging', municipalityCode: 'GM0855', province: 'Noord-Brabant', scenarios: ['spreekuur'], idoHoursPerWeek: 6.5 } });
    expect(locationBody({ ...filled, catchmentPopulation: '12000', latitude: '51,58', longitude: '5.07' }).body).toMatchObject({ catchmentPopulation: 12000, latitude: 51.58, longitude: 5.07 });
  });

  it('reads the inhabitants with a Dutch thousands point as a whole number ("25.000" was 25), and refuses what is no whole number', () => {
    for (const typed of ['25000', '25.000', ' 25 000 ', '25\u00a0000']) expect(locationBody({ ...filled, catchmentPopulation: typed }).body, typed).toMatchObject({ catchmentPopulation: 25000 });
    for (const typed of ['25,5', '2.5', '25.00', '-0', '0', '1e9', '\u0663', '9'.repeat(10)]) {
      expect(locationBody({ ...filled, catchmentPopulation: typed }).errors.catchmentPopulation, typed).toBe('Vul het aantal inwoners in als heel getal, zoals 25000 of 25.000, of laat het leeg.');
    }
  });

  it('clears the inhabitants and the coordinates a change empties (null; left out, the stored ones stayed), and sends no null for a new location', () => {
    const stored = { idoHoursPerWeek: 6.5, catchmentPopulation: 25000, latitude: 51.58, longitude: 5.07 };
    expect(locationBody(filled, stored).body).toMatchObject({ catchmentPopulation: null, latitude: null, longitude: null });
    expect(locationBody(filled, { idoHoursPerWeek: 6.5 }).body).not.toHaveProperty('catchmentPopulation');
    expect(locationBody(filled, { idoHoursPerWeek: 6.5 }).body).not.toHaveProperty('latitude');
    expect(locationBody({ ...filled, catchmentPopulation: '30.000' }, stored).body).toMatchObject({ catchmentPopulation: 30000, latitude: null });
  });

  it('names every wrong field in Dutch and makes no body', () => {
    const { body, errors } = locationBody({ ...EMPTY_DRAFT, kind: 'kasteel', municipalityCode: '0855', province: 'Bretagne', scenarios: ['spreekuur', 'toveren'], idoHoursPerWeek: '200', catchmentPopulation: '1,5', latitude: '51' });
    expect(body).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['catchmentPopulation', 'idoHoursPerWeek', 'kind', 'longitude', 'municipalityCode', 'name', 'province', 'scenarios']);
    expect(errors.longitude, 'the missing one of the pair').toBe('Vul de breedtegraad en de lengtegraad allebei in, of allebei niet.');
    expect(locationBody({ ...filled, name: 'x'.repeat(201) }).errors.name).toBe('De naam is te lang: hoogstens 200 tekens. Nu zijn het er 201.');
    expect(locationBody({ ...filled, idoHoursPerWeek: '1e3' }).errors.idoHoursPerWeek).toMatch(/^Vul het aantal IDO-uren/);
  });

  it('counts an emoji in a name as one character, as the server does (nameTooLong, of the name trimmed and in NFC)', () => {
    expect(locationBody({ ...filled, name: '😀'.repeat(200) }).errors.name).toBeUndefined();
    expect(locationBody({ ...filled, name: '😀'.repeat(201) }).errors.name).toBe('De naam is te lang: hoogstens 200 tekens. Nu zijn het er 201.');
    expect(nameTooLong(` ${'😀'.repeat(100)} `, MAX_DEVICE_LABEL)).toBeUndefined();
    expect(nameTooLong('😀'.repeat(101), MAX_DEVICE_LABEL)).toBe('te lang: hoogstens 100 tekens. Nu zijn het er 101.');
    // 'e' + a combining accent is one character in NFC, as the server keeps it
    expect(nameTooLong('e\u0301'.repeat(MAX_NAME), MAX_NAME)).toBeUndefined();
    expect(nameTooLong('e\u0301'.repeat(MAX_NAME + 1), MAX_NAME)).toBe('te lang: hoogstens 200 tekens. Nu zijn het er 201.');
  });

  it('sends the day new hours take effect only with hours that change, and checks it is a real day', () => {
    const stored = { idoHoursPerWeek: 6.5 };
    expect(locationBody({ ...filled, hoursFrom: '2027-03-01' }, stored).body).not.toHaveProperty('hoursFrom');
    expect(locationBody({ ...filled, idoHoursPerWeek: '8', hoursFrom: '2027-03-01' }, stored).body).toMatchObject({ idoHoursPerWeek: 8, hoursFrom: '2027-03-01' });
    expect(locationBody({ ...filled, idoHoursPerWeek: '8', hoursFrom: '' }, stored).body).not.toHaveProperty('hoursFrom');
    expect(locationBody({ ...filled, idoHoursPerWeek: '8', hoursFrom: '2027-02-30' }, stored).errors.hoursFrom).toBe('Vul een bestaande datum in, of laat het leeg voor vandaag.');
    expect(locationBody({ ...filled, idoHoursPerWeek: '8', hoursFrom: '2027-03-01' }).body, 'a new location: its hours start when it opens').not.toHaveProperty('hoursFrom');
    // Before the day the location opened: said under the field, as the server would refuse it.
    const opened = { idoHoursPerWeek: 6.5, openedOn: '2024-03-01' };
    expect(locationBody({ ...filled, idoHoursPerWeek: '8', hoursFrom: '2024-02-29' }, opened).errors.hoursFrom)
      .toBe('Deze dag ligt vóór de opening van de locatie, 1 maart 2024. Kies die dag of later, of laat het leeg voor vandaag.');
    expect(locationBody({ ...filled, idoHoursPerWeek: '8', hoursFrom: '2024-03-01' }, opened).body).toMatchObject({ hoursFrom: '2024-03-01' });
  });
});
