import { describe, expect, it } from 'vitest';
import { exportHsdsCsvPackage, importHsdsCsvPackage } from '../../src/shared/kaart/hsds-csv';
import { importHsdsJson } from '../../src/shared/kaart/hsds-json';
import { normalizeClockTime, themeForTerm } from '../../src/shared/kaart/hsds-published';
import { themeByCode } from '../../src/shared/kaart/themes';
import { validateKaartRecord } from '../../src/shared/kaart/validate';
import { searchDocumentFor } from '../../src/features/kaart/search-documents';
import { KaartIndex } from '../../src/workers/kaart-index';
import { pub, serviceDocument, tabularPackage } from './fixtures/hsds-published';
import { LIBRARY_ID } from './fixtures/kaart-sample';

const options = { ownerOrganisationId: LIBRARY_ID };
let n = 0;
const newId = () => `bbbbbbbb-0000-4000-8000-${String(++n).padStart(12, '0')}`;

describe('HSDS 3.0 nested JSON as published (defect a)', () => {
  it('reads a service document: parents come from the nesting', () => {
    const result = importHsdsJson(serviceDocument(), { ...options, newId });
    expect(result.errors).toEqual([]);
    const { records } = result;
    expect(records.organization).toHaveLength(1);
    expect(records.organization[0]).toMatchObject({ id: pub.org, name: 'Stichting Rivierhulp (voorbeeld)', owner_organisation_id: LIBRARY_ID });
    expect(records.service[0]).toMatchObject({ id: pub.service, organization_id: pub.org, languages: ['nl'], status: 'active' });
    expect(records.location[0]).toMatchObject({ id: pub.location, organization_id: pub.org, address_1: 'Marktplein 1', postal_code: '4001 AB', city: 'Rivierstad' });
    expect(records.service_at_location).toEqual([{ id: pub.sal, service_id: pub.service, location_id: pub.location }]);
    expect(records.phone.map((p) => [p.id, p.service_id ?? p.location_id])).toEqual([[pub.phone, pub.service], [pub.locationPhone, pub.location]]);
    const schedules = new Map(records.schedule.map((s) => [s.id, s]));
    expect(schedules.get(pub.schedule)).toMatchObject({ service_id: pub.service, opens_at: '09:00', closes_at: '12:00' });
    expect(schedules.get(pub.salSchedule)).toMatchObject({ service_at_location_id: pub.sal, opens_at: '13:30', closes_at: '16:00' });
    // the location's own hours go to the service at that location
    expect(schedules.get(pub.locationSchedule)).toMatchObject({ service_at_location_id: pub.sal, byday: 'TU' });
    expect(schedules.get(pub.locationSchedule)).not.toHaveProperty('service_id');
  });

  it('reads a nested location without organization_id under a service that names its organization only by id', () => {
    const document = serviceDocument();
    delete document.organization;
    document.organization_id = pub.org;
    const result = importHsdsJson({ organizations: [{ id: pub.org, name: 'Stichting Rivierhulp (voorbeeld)' }] }, options);
    expect(result.errors).toEqual([]);
    const both = importHsdsJson([serviceDocument(), { ...document, id: pub.service2, name: 'Tweede dienst', service_at_locations: [] , phones: [], schedules: [], attributes: [] }], options);
    expect(both.errors).toEqual([]);
    expect(both.records.service.map((s) => s.organization_id)).toEqual([pub.org, pub.org]);
    expect(both.records.location[0].organization_id).toBe(pub.org);
  });

  it('reads the _package form (a plain array), the _list form ({contents}) and a service_at_location document', () => {
    const single = importHsdsJson(serviceDocument(), options).records;
    expect(importHsdsJson([serviceDocument()], options).records).toEqual(single);
    const list = importHsdsJson({ total_items: 1, total_pages: 1, page_number: 1, size: 1, first_page: true, last_page: true, empty: false, contents: [serviceDocument()] }, options);
    expect(list.errors).toEqual([]);
    expect(list.records).toEqual(single);
    const { service_at_locations: [sal] } = serviceDocument() as { service_at_locations: Record<string, unknown>[] };
    const salDocument = { ...sal, service: { id: pub.service, organization_id: pub.org, name: 'Schuldhulp Spreekuur (voorbeeld)', status: 'active' } };
    const fromSal = importHsdsJson([salDocument], { ...options, knownIds: (entity, id) => entity === 'organization' && id === pub.org });
    expect(fromSal.errors).toEqual([]);
    expect(fromSal.records.service_at_location).toEqual([{ id: pub.sal, service_id: pub.service, location_id: pub.location }]);
    expect(fromSal.records.location[0].organization_id).toBe(pub.org);
  });

  it('reads an organization document with its services and locations', () => {
    const doc = serviceDocument();
    const organization = { ...(doc.organization as object), services: [{ ...doc, organization: undefined }], phones: [{ id: 'cccccccc-0000-4000-8000-000000000001', number: '0000-000 013' }] };
    const result = importHsdsJson(organization, options);
    expect(result.errors).toEqual([]);
    expect(result.records.service[0].organization_id).toBe(pub.org);
    expect(result.records.phone.find((p) => p.organization_id === pub.org)).toBeDefined();
  });
});

describe('phones of a service at a location', () => {
  it('go to the service of that link, nested or by service_at_location_id', () => {
    const document = serviceDocument() as Record<string, any>;
    document.service_at_locations[0].phones = [{ id: 'cccccccc-0000-4000-8000-000000000002', number: '0000-000 014', description: 'Balie bibliotheek' }];
    const nested = importHsdsJson(document, options);
    expect(nested.errors).toEqual([]);
    expect(nested.records.phone.find((p) => p.description === 'Balie bibliotheek')).toMatchObject({ service_id: pub.service });
    const files = tabularPackage();
    files['phones.csv'] += `cccccccc-0000-4000-8000-000000000003,,,,,${pub.sal2},0000-000 015,,voice,Balie buurthuis\r\n`;
    const tabular = importHsdsCsvPackage(files, options);
    expect(tabular.errors).toEqual([]);
    expect(tabular.records.phone.find((p) => p.description === 'Balie buurthuis')).toMatchObject({ service_id: pub.service2 });
  });
});

describe('opening hours in the standard\'s time forms (defect b)', () => {
  it('takes HH:MM, HH:MM:SS and a zone', () => {
    expect(normalizeClockTime('10:00')).toBe('10:00');
    expect(normalizeClockTime('10:00:00')).toBe('10:00');
    expect(normalizeClockTime('9:30')).toBe('09:30');
    expect(normalizeClockTime('10:00:00+01:00')).toBe('10:00');
    expect(normalizeClockTime('10:00+02:00')).toBe('10:00');
    expect(normalizeClockTime('09:00:00Z')).toBe('10:00');
    expect(normalizeClockTime('25:00')).toBe('25:00');
    expect(normalizeClockTime('tien uur')).toBe('tien uur');
  });

  it('imports schedules with seconds and zones', () => {
    const schedules = [
      { id: 'a', service_id: pub.service, freq: 'WEEKLY', byday: 'MO', opens_at: '10:00', closes_at: '12:00' },
      { id: 'b', service_id: pub.service, freq: 'WEEKLY', byday: 'TU', opens_at: '10:00:00', closes_at: '12:30:00' },
      { id: 'c', service_id: pub.service, freq: 'WEEKLY', byday: 'WE', opens_at: '10:00:00+01:00', closes_at: '12:00:00+01:00' },
      { id: 'd', service_id: pub.service, freq: 'WEEKLY', byday: 'TH', opens_at: '09:00:00Z', closes_at: '11:00:00Z' },
    ];
    const result = importHsdsJson({ schedules }, { knownIds: (entity) => entity === 'service', newId });
    expect(result.errors).toEqual([]);
    expect(result.records.schedule.map((s) => `${s.byday} ${s.opens_at}-${s.closes_at}`)).toEqual(['MO 10:00-12:00', 'TU 10:00-12:30', 'WE 10:00-12:00', 'TH 10:00-12:00']);
  });
});

describe('opening hours in another zone that fall on another Amsterdam day', () => {
  const importSchedules = (schedules: Record<string, unknown>[]) => importHsdsJson({ schedules }, { knownIds: (entity) => entity === 'service', newId });
  const base = { service_id: pub.service, freq: 'WEEKLY' };

  it('moves the days with the times', () => {
    const result = importSchedules([
      { ...base, id: 'late', byday: 'MO,SU', opens_at: '23:00Z', closes_at: '23:45Z', valid_from: '2026-03-01', valid_to: '2026-12-31' },
      { ...base, id: 'west', byday: 'FR', opens_at: '18:00-05:00', closes_at: '20:00-05:00' },
      { ...base, id: 'east', byday: 'MO', opens_at: '02:00+09:00', closes_at: '06:00+09:00' },
      { ...base, id: 'same', byday: 'TH', opens_at: '09:00Z', closes_at: '11:00Z' },
    ]);
    expect(result.errors).toEqual([]);
    expect(result.records.schedule.map((s) => [s.byday, s.opens_at, s.closes_at, s.valid_from ?? null, s.valid_to ?? null])).toEqual([
      ['TU,MO', '00:00', '00:45', '2026-03-02', '2027-01-01'],
      ['SA', '00:00', '02:00', null, null],
      ['SU', '18:00', '22:00', null, null],
      ['TH', '10:00', '12:00', null, null],
    ]);
    expect(normalizeClockTime('23:30Z')).toBe('00:30');
  });

  it('refuses a span over Amsterdam midnight, and a day that cannot be moved, saying how to write them', () => {
    const result = importSchedules([
      { ...base, id: 'night', byday: 'FR', opens_at: '22:00Z', closes_at: '23:30Z' },
      { ...base, id: 'first', freq: 'MONTHLY', byday: '1MO', opens_at: '23:15Z', closes_at: '23:45Z' },
      { ...base, id: 'odd', byday: 'MO', week_parity: 'odd', opens_at: '23:15Z', closes_at: '23:45Z' },
      { ...base, id: 'kept', byday: 'WE', opens_at: '22:00+01:00', closes_at: '23:30+01:00' },
      { ...base, id: 'days', byday: 'MO, XX', opens_at: '23:15Z', closes_at: '23:45Z' },
    ]);
    expect(result.errors.map((e) => [e.index, e.code, e.field])).toEqual([
      [0, 'over_midnight', 'closes_at'],
      [1, 'zone_other_day', 'closes_at'],
      [2, 'zone_other_day', 'closes_at'],
      [4, 'invalid_byday', 'byday'], // what is wrong with the days themselves, as without a zone
    ]);
    expect(result.errors[0].message).toContain('van 23:00 tot 00:30 de volgende dag');
    expect(result.errors[1].message).toContain('+01:00 of +02:00');
    expect(result.records.schedule.map((s) => `${s.byday} ${s.opens_at}-${s.closes_at}`)).toEqual(['WE 22:00-23:30']);
  });
});

describe('what the import does not keep of nested addresses, accessibility and languages', () => {
  const location = (document: Record<string, unknown>) =>
    ((document.service_at_locations as Record<string, unknown>[])[0].location as Record<string, unknown>);

  it('lists the unknown fields of a location\'s nested addresses as ignored, with the names addresses.csv gives them', () => {
    const document = serviceDocument();
    const addresses = location(document).addresses as Record<string, unknown>[];
    Object.assign(addresses[0], { attention: 'Afdeling schulden' });
    // spread, not assigned: the parsed "__proto__" stays a key of its own, as JSON.parse gives it
    addresses[1] = { ...addresses[1], ...JSON.parse('{"__proto__": {"city": "Elders"}, "address_2": "2e etage", "region": null, "constructor": 1}') };
    const result = importHsdsJson(document, { ...options, newId });
    expect(result.errors).toEqual([]);
    expect(result.records.location[0]).toMatchObject({ address_1: 'Marktplein 1', city: 'Rivierstad' });
    // state_province holds "Utrecht" in the file: the kaart keeps no province, so that is reported too
    expect(result.ignoredFields.filter((field) => field.startsWith('address.'))).toEqual([
      'address.__proto__', 'address.address_2', 'address.attention', 'address.constructor', 'address.region', 'address.state_province',
    ]);
    // the same parts in the CSV package: the same names
    const csv = importHsdsCsvPackage(tabularPackage(), { ...options, newId });
    expect(csv.ignoredFields.filter((field) => field.startsWith('address.'))).toEqual(['address.address_2', 'address.attention', 'address.region', 'address.state_province']);
  });

  it('lists the unknown fields of nested accessibility and language objects, and of an address given as one object', () => {
    const document = serviceDocument();
    (location(document).accessibility as Record<string, unknown>[])[0].kind = 'lift';
    location(document).addresses = { address_1: 'Marktplein 1', city: 'Rivierstad', floor: 2 };
    document.languages = [{ id: 'x', code: 'nl', name: 'Nederlands', note: 'ook NT2' }, 'en', null];
    const result = importHsdsJson(document, { ...options, newId });
    expect(result.ignoredFields.filter((field) => /^(address|accessibility|language)\./.test(field))).toEqual([
      'accessibility.kind', 'address.floor', 'language.name', 'language.note',
    ]);
  });

  it('reads an empty state_province and a country that is the Netherlands without a word; another country leaves the location out with a Dutch error', () => {
    for (const country of ['NL', 'nl', ' NLD ', 'Nederland', 'The Netherlands', '', null]) {
      const document = serviceDocument();
      for (const address of location(document).addresses as Record<string, unknown>[]) Object.assign(address, { country, state_province: '' });
      const result = importHsdsJson(document, { ...options, newId });
      expect([country, result.errors, result.ignoredFields.filter((field) => field.startsWith('address.'))]).toEqual([country, [], []]);
    }
    const abroad = (country: unknown) => {
      const document = serviceDocument();
      (location(document).addresses as Record<string, unknown>[])[1].country = country;
      return importHsdsJson(document, { ...options, newId });
    };
    const belgium = abroad('BE');
    expect(belgium.errors[0]).toEqual({
      entity: 'location', index: 0, id: pub.location, field: 'country', code: 'not_in_netherlands',
      message: 'Dit adres ligt niet in Nederland (land: "BE"). Op de sociale kaart staan alleen adressen in Nederland. De locatie is niet overgenomen.',
    });
    expect(belgium.records.location).toEqual([]);
    // what pointed to the location is left out with it, the service stays
    expect(new Set(belgium.errors.slice(1).map((e) => `${e.entity}.${e.field}:${e.code}`))).toEqual(new Set([
      'service_at_location.location_id:unknown_reference', 'phone.location_id:unknown_reference', 'schedule.service_at_location_id:unknown_reference',
    ]));
    expect(belgium.records.service).toHaveLength(1);
    // only the address the kaart takes counts: a postal address abroad beside a physical one in the Netherlands is fine
    const document = serviceDocument();
    (location(document).addresses as Record<string, unknown>[])[0].country = 'DE';
    expect(importHsdsJson(document, { ...options, newId }).errors).toEqual([]);
    // also when the user keeps the good: a location abroad is no wrong optional value
    const kept = importHsdsJson((() => { const d = serviceDocument(); (location(d).addresses as Record<string, unknown>[])[1].country = 'BE'; return d; })(), { ...options, newId, dropInvalidValues: true });
    expect(kept.records.location).toEqual([]);
    // a hostile country: a megabyte, an object, a number; the message shows at most 40 characters
    expect(abroad('B'.repeat(1_000_000)).errors[0].message).toBe(`Dit adres ligt niet in Nederland (land: "${'B'.repeat(40)}…"). Op de sociale kaart staan alleen adressen in Nederland. De locatie is niet overgenomen.`);
    expect(abroad(`${'B'.repeat(39)}😀😀`).errors[0].message).toContain(`(land: "${'B'.repeat(39)}😀…")`); // no half emoji (cutText)
    expect(abroad({ code: 'NL' }).errors[0]).toMatchObject({ code: 'not_in_netherlands', message: expect.stringContaining('(land: "object")') });
    expect(abroad(31).errors[0]).toMatchObject({ code: 'not_in_netherlands', message: expect.stringContaining('(land: "31")') });
  });

  it('reads the country of addresses.csv the same way', () => {
    const files = tabularPackage();
    files['addresses.csv'] = files['addresses.csv'].replace(',Utrecht,4002 CD,NL,physical', ',,2000,BE,physical');
    const result = importHsdsCsvPackage(files, { ...options, newId });
    expect(result.errors.map((e) => `${e.entity}.${e.field}:${e.code}`)).toEqual([
      'location.country:not_in_netherlands', 'service_at_location.location_id:unknown_reference', 'schedule.service_at_location_id:unknown_reference',
    ]);
    expect(result.errors[0]).toMatchObject({ index: 3, message: expect.stringContaining('(land: "BE")') });
    expect(result.records.location.map((l) => l.id)).toEqual([pub.location]);
  });

  it('reads a location_type of physical without a word, and lists another (postal, virtual) as ignored', () => {
    const document = serviceDocument();
    location(document).location_type = 'postal';
    const result = importHsdsJson(document, { ...options, newId });
    expect([result.errors, result.warnings]).toEqual([[], []]);
    expect(result.records.location).toHaveLength(1);
    expect(result.ignoredFields).toContain('location.location_type');
    location(document).location_type = 'physical';
    expect(importHsdsJson(document, { ...options, newId }).ignoredFields).not.toContain('location.location_type');
  });
});

describe('a location with several addresses: the kaart keeps one and says which it did not take', () => {
  const location = (document: Record<string, unknown>) =>
    ((document.service_at_locations as Record<string, unknown>[])[0].location as Record<string, unknown>);
  const POSTAL = 'Locatie "Bibliotheek Rivierstad (voorbeeld)": de kaart houdt één adres per locatie. Overgenomen: het bezoekadres. Niet overgenomen: het postadres "Postbus 100".';

  it('names the location and the postal address it left, in nested JSON and in addresses.csv alike, as a notice (no error, no wrong value)', () => {
    const nested = importHsdsJson(serviceDocument(), { ...options, newId });
    const tabular = importHsdsCsvPackage(tabularPackage(), { ...options, newId });
    for (const result of [nested, tabular]) {
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect(result.notices).toEqual([{ entity: 'location', index: expect.any(Number), id: pub.location, field: 'addresses', code: 'address_not_taken', message: POSTAL }]);
      expect(result.records.location.find((l) => l.id === pub.location)).toMatchObject({ address_1: 'Marktplein 1', postal_code: '4001 AB' });
    }
    expect(nested.notices[0].index).toBe(0);
    expect(tabular.notices[0].index).toBe(2); // locations.csv, row 2 (the header is row 1)
  });

  it('names every kind it left (virtual, a second visiting address, a kind of its own, none), at most three, and the one it took when none is physical', () => {
    const document = serviceDocument();
    const place = location(document);
    delete place.name;
    place.addresses = [
      { address_1: 'Postbus 100', city: 'Rivierstad', postal_code: '4000 AA', address_type: 'postal' },
      { address_1: 'Marktplein 1', city: 'Rivierstad', postal_code: '4001 AB', address_type: 'physical' },
      { address_1: 'Achteringang 2', city: 'Rivierstad', postal_code: '4001 AC', address_type: 'physical' },
      { address_1: 'https://rivierstad.example.nl', address_type: 'virtual' },
      { address_1: 'Depot', address_type: 'magazijn' },
      { address_1: 'Zijstraat 4' },
    ];
    const [notice] = importHsdsJson(document, { ...options, newId }).notices;
    expect(notice.message).toBe('Locatie Marktplein 1: de kaart houdt één adres per locatie. Overgenomen: het bezoekadres. Niet overgenomen: het postadres "Postbus 100", het bezoekadres "Achteringang 2", het online adres "https://rivierstad.example.nl" en nog 2 adressen.');
    place.addresses = [{ address_1: 'Postbus 100', city: 'Rivierstad', postal_code: '4000 AA', address_type: 'postal' }, { address_1: 'Depot', address_type: 'magazijn' }];
    expect(importHsdsJson(document, { ...options, newId }).notices.map((n) => n.message)).toEqual([
      'Locatie Postbus 100: de kaart houdt één adres per locatie. Overgenomen: het postadres. Niet overgenomen: het adres van de soort "magazijn" "Depot".',
    ]);
  });

  it('says nothing of one address, of a second one with the same street, postcode and place, or of an empty one', () => {
    for (const addresses of [
      [{ address_1: 'Marktplein 1', city: 'Rivierstad', postal_code: '4001 AB', address_type: 'physical' }],
      [{ address_1: 'Marktplein 1', city: 'Rivierstad', postal_code: '4001 AB', address_type: 'physical' }, { address_1: 'marktplein  1', city: 'RIVIERSTAD', postal_code: '4001AB', address_type: 'postal' }],
      [{ address_1: 'Marktplein 1', city: 'Rivierstad', postal_code: '4001 AB', address_type: 'physical' }, { address_type: 'postal', address_1: '', city: null }],
    ]) {
      const document = serviceDocument();
      location(document).addresses = addresses;
      const result = importHsdsJson(document, { ...options, newId });
      expect(result.errors).toEqual([]);
      expect(result.notices).toEqual([]);
    }
  });

  it('says nothing of a location that is not imported (another country: the error says it)', () => {
    const document = serviceDocument();
    (location(document).addresses as Record<string, unknown>[])[1].country = 'BE';
    const result = importHsdsJson(document, { ...options, newId, dropInvalidValues: true });
    expect(result.errors.map((e) => e.code)).toContain('not_in_netherlands');
    expect(result.notices).toEqual([]);
  });

  it('cuts a megabyte of address or name to 40 characters in the notice', () => {
    const document = serviceDocument();
    location(document).name = 'N'.repeat(150);
    (location(document).addresses as Record<string, unknown>[])[0].address_1 = 'P'.repeat(1_000_000);
    const result = importHsdsJson(document, { ...options, newId });
    expect(result.notices[0]?.message).toBe(`Locatie "${'N'.repeat(40)}…": de kaart houdt één adres per locatie. Overgenomen: het bezoekadres. Niet overgenomen: het postadres "${'P'.repeat(40)}…".`);
  });
});

describe('the CSV data package as published (defect c)', () => {
  it('reads addresses.csv (physical first), service_at_location.csv and languages.csv, and keeps the links of schedules', () => {
    const result = importHsdsCsvPackage(tabularPackage(), { ...options, newId });
    expect(result.errors).toEqual([]);
    const { records } = result;
    expect(records.location.map((l) => [l.name, l.address_1, l.postal_code, l.city])).toEqual([
      ['Bibliotheek Rivierstad (voorbeeld)', 'Marktplein 1', '4001 AB', 'Rivierstad'],
      ['Buurthuis De Brug (voorbeeld)', 'Brugstraat 7', '4002 CD', 'Rivierstad'],
    ]);
    expect(records.location[0].accessibility).toBe('Rolstoeltoegankelijk; Lift aanwezig');
    expect(records.service_at_location).toEqual([
      { id: pub.sal, service_id: pub.service, location_id: pub.location },
      { id: pub.sal2, service_id: pub.service2, location_id: pub.location2 },
    ]);
    const schedules = new Map(records.schedule.map((s) => [s.id, s]));
    expect(schedules.get(pub.schedule)).toMatchObject({ service_id: pub.service, byday: 'MO,WE', opens_at: '09:00', closes_at: '12:00' });
    expect(schedules.get(pub.salSchedule)).toMatchObject({ service_at_location_id: pub.sal, opens_at: '13:30', closes_at: '16:00' });
    expect(schedules.get(pub.locationSchedule)).toMatchObject({ service_at_location_id: pub.sal2, opens_at: '19:00', description: 'Taalcafé in de avond' });
    expect(result.ignoredFields).toContain('service.minimum_age');
    expect(records.service.map((s) => s.languages)).toEqual([['nl', 'ar'], undefined]);
  });

  it('gives a location schedule to every service at that location, and warns when there is none', () => {
    const files = tabularPackage();
    files['service_at_location.csv'] += `${'e94c9f38-1e8f-4564-91d4-d53501ab1767'},${pub.service},${pub.location2},\r\n`;
    const result = importHsdsCsvPackage(files, { ...options, newId });
    expect(result.errors).toEqual([]);
    const evening = result.records.schedule.filter((s) => s.description === 'Taalcafé in de avond');
    expect(evening.map((s) => s.service_at_location_id).sort()).toEqual([pub.sal2, 'e94c9f38-1e8f-4564-91d4-d53501ab1767']);
    expect(new Set(evening.map((s) => s.id)).size).toBe(2);

    const lonely = tabularPackage();
    lonely['service_at_location.csv'] = `id,service_id,location_id\r\n${pub.sal},${pub.service},${pub.location}\r\n`;
    const alone = importHsdsCsvPackage(lonely, options);
    expect(alone.errors).toEqual([]);
    // a notice of what the kaart does not take, not a wrong value: it never stops an import
    expect(alone.notices.filter((w) => w.entity === 'schedule').map((w) => `${w.entity}:${w.code}`)).toEqual(['schedule:location_without_service']);
    expect(alone.warnings).toEqual([]);
  });
});

describe('accessibility as the standard\'s list of objects (defect d)', () => {
  it('keeps the descriptions and details as text', () => {
    const result = importHsdsJson(serviceDocument(), options);
    expect(result.errors).toEqual([]);
    expect(result.records.location[0].accessibility).toBe('Rolstoeltoegankelijk; Lift naar de eerste verdieping; Invalidentoilet');
  });

  it('still takes plain text', () => {
    const result = importHsdsJson({ locations: [{ id: pub.location, organization_id: pub.org, address_1: 'Marktplein 1', city: 'Rivierstad', accessibility: 'Drempelvrij' }] },
      { knownIds: (entity) => entity === 'organization' });
    expect(result.records.location[0].accessibility).toBe('Drempelvrij');
  });
});

describe('taxonomy terms outside our themes (defect e)', () => {
  it('keeps the record: the term becomes a keyword, and a theme where the mapping table says so', () => {
    const result = importHsdsJson(serviceDocument(), options);
    expect(result.errors).toEqual([]);
    const [service] = result.records.service;
    expect(service.keywords).toEqual(['Schuldhulpverlening', 'Koffie-inloop']);
    expect(result.records.attribute).toEqual([{ id: pub.attribute, link_id: pub.service, link_entity: 'service', taxonomy_term_id: themeByCode('geld_schulden')!.id }]);
    expect(result.records.taxonomy_term).toEqual([]);
    expect(validateKaartRecord('service', service)).toEqual([]);
  });

  it('maps common Dutch and Open Eligibility terms, and theme synonyms', () => {
    expect(themeForTerm({ code: '1102', name: 'Food' })?.code).toBe('geld_schulden');
    expect(themeForTerm({ name: 'Legal Aid' })?.code).toBe('juridisch');
    expect(themeForTerm({ name: 'Huurtoeslag' })?.code).toBe('toeslagen_belasting');
    expect(themeForTerm({ name: 'Koffie-inloop' })).toBeUndefined();
  });

  it('lets search find a service by its keyword', () => {
    const index = new KaartIndex();
    index.build([
      { id: 'a', name: 'Spreekuur', organizationName: 'Rivierhulp', description: '', themes: [], themeNames: [], idoTopics: [], languages: [], keywords: ['Koffie-inloop'] },
      { id: 'b', name: 'Taalcafé', organizationName: 'Bibliotheek', description: '', themes: [], themeNames: [], idoTopics: [], languages: [] },
    ]);
    expect(index.search("koffie").map((hit) => hit.id)).toEqual(['a']);
  });

  it('hands the service\'s keywords to the search index', () => {
    const [service] = importHsdsJson(serviceDocument(), options).records.service;
    const view = { service: { ...service, version: 1, updatedAt: '2026-11-30T10:00:00Z', deleted: false }, locations: [], serviceAtLocations: [], phones: [], schedules: [], themes: [], feedback: [] };
    expect(searchDocumentFor(view).keywords).toEqual(['Schuldhulpverlening', 'Koffie-inloop']);
  });
});

describe('unknown is not invalid: a wrong value is dropped with a warning when the good is kept', () => {
  const wrong = () => {
    const document = serviceDocument() as Record<string, any>;
    document.service_at_locations[0].location.latitude = 100;
    document.phones[0].number = '12345';
    document.url = 'geen website';
    return document;
  };

  it('keeps the records without the wrong values, and says what was left out', () => {
    const result = importHsdsJson(wrong(), { ...options, dropInvalidValues: true });
    expect(result.errors).toEqual([]);
    expect(result.records.service).toHaveLength(1);
    expect(result.records.service[0]).not.toHaveProperty('url');
    expect(result.records.location[0]).not.toHaveProperty('latitude');
    expect(result.records.location[0]).not.toHaveProperty('longitude');
    expect(result.records.location[0].address_1).toBe('Marktplein 1');
    expect(result.records.phone.map((p) => p.id)).toEqual([pub.locationPhone]);
    expect(result.records.schedule).toHaveLength(3);
    expect(result.warnings.map((w) => `${w.entity}.${w.field}:${w.code}`).sort()).toEqual(['location.latitude:out_of_range', 'phone.number:invalid_phone', 'service.url:invalid_url']);
    expect(result.warnings.find((w) => w.entity === 'phone')!.message).toContain('"12345"');
  });

  it('"alles of niets": every wrong value is an error', () => {
    const result = importHsdsJson(wrong(), options);
    expect(result.errors.filter((e) => e.code !== 'unknown_reference').map((e) => `${e.entity}.${e.field}:${e.code}`).sort())
      .toEqual(['location.latitude:out_of_range', 'phone.number:invalid_phone', 'service.url:invalid_url']);
    expect(result.warnings).toEqual([]);
  });

  it('never drops a required value: a service without a valid status still fails', () => {
    const document = serviceDocument();
    document.status = 'open';
    const result = importHsdsJson(document, { ...options, dropInvalidValues: true });
    expect(result.errors[0]).toMatchObject({ entity: 'service', field: 'status', code: 'invalid_code' });
    expect(result.records.service).toEqual([]);
  });
});

describe('what a bad file gets', () => {
  it('keys named like Object\'s own properties are plain ignored fields, not a crash', () => {
    const result = importHsdsJson('{"services":[{"__proto__":{"status":"active"},"constructor":[1],"toString":{"id":"x"},"id":"ac148810-d857-441c-9679-408f346de14b","name":"Dienst"}]}');
    expect(result.errors.map((e) => `${e.entity}.${e.field}:${e.code}`)).toEqual(['service.organization_id:required', 'service.status:required']);
    // "__proto__" is a field of its own (reported, as the CSV package reports such a column), not the record's prototype
    expect(result.ignoredFields).toEqual(['service.__proto__', 'service.constructor', 'service.toString']);
  });

  it('names a field, column or file of a megabyte by its first 60 characters in the report of what was not taken', () => {
    const key = 'x'.repeat(1_000_000);
    const short = `${'x'.repeat(60)}…`;
    const document = serviceDocument();
    document[key] = 1;
    const location = (document.service_at_locations as Record<string, unknown>[])[0].location as Record<string, unknown>;
    (location.addresses as Record<string, unknown>[])[1][key] = 1;
    const json = importHsdsJson({ ...document, [`${key}y`]: 2 }, options);
    expect(json.errors).toEqual([]);
    expect(json.ignoredFields.filter((field) => field.includes('xxx'))).toEqual([`address.${short}`, `service.${short}`]);
    const files = tabularPackage();
    files['addresses.csv'] = files['addresses.csv'].replace('\r\n', `,${key}\r\n`);
    const csv = importHsdsCsvPackage({ ...files, [`${key}.csv`]: '' }, options);
    expect(csv.ignoredFields.filter((field) => field.includes('xxx'))).toEqual([`address.${short}`, `file.${short}`]);
  });

  it('a document nested deeper than HSDS nests is refused per record, not with a crash', () => {
    let document: Record<string, unknown> = { id: 'diep', name: 'Diep', status: 'active' };
    for (let i = 0; i < 20000; i++) document = { id: `s${i}`, name: 'Diep', status: 'active', service_at_locations: [{ id: `l${i}`, service: document }] };
    const result = importHsdsJson(document, options);
    expect(result.errors.some((e) => e.code === 'too_deep')).toBe(true);
  });

  it('a service with more foreign terms than a service keeps keeps at most 50 different keywords of at most 100 characters and stays valid', () => {
    const terms = Array.from({ length: 80 }, (_, i) => ({ id: `t${i}`, code: `x${i}`, name: i < 40 ? `Rubriek ${i}` : `${'Rubriek '.repeat(20)}${i}` }));
    const document = { ...serviceDocument(), attributes: terms.map((term, i) => ({ id: `a${i}`, taxonomy_term_id: term.id, taxonomy_term: term })) };
    const result = importHsdsJson(document, options);
    expect(result.errors).toEqual([]);
    expect(result.records.service[0].keywords).toHaveLength(41); // 40 short names, and the long ones cut to the same 100 characters
    expect(result.records.service[0].keywords!.every((word) => word.length <= 100)).toBe(true);
    const many = { ...serviceDocument(), attributes: terms.map((term, i) => ({ id: `a${i}`, taxonomy_term_id: term.id, taxonomy_term: { ...term, name: `Rubriek ${i}` } })) };
    const capped = importHsdsJson(many, options);
    expect(capped.errors).toEqual([]);
    expect(capped.records.service[0].keywords).toHaveLength(50);
  });

  it('cuts a foreign term of emoji to 100 characters as validation counts them, never half an emoji', () => {
    for (const name of ['😀'.repeat(150), `a${'😀'.repeat(150)}`]) {
      const document = { ...serviceDocument(), attributes: [{ id: 'a1', taxonomy_term_id: 't1', taxonomy_term: { id: 't1', code: 'x', name } }] };
      const result = importHsdsJson(document, options);
      expect(result.errors).toEqual([]);
      expect(result.records.service[0].keywords).toEqual([[...name].slice(0, 100).join('')]);
      expect(result.records.service[0].keywords![0]).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });

  it('a keyword with ";" survives the CSV package (the list separator becomes a comma)', () => {
    const document = { ...serviceDocument(), attributes: [{ id: 'a1', taxonomy_term_id: 't1', taxonomy_term: { id: 't1', code: 'x', name: 'Schulden; geld\nen post' } }] };
    const imported = importHsdsJson(document, options);
    expect(imported.records.service[0].keywords).toEqual(['Schulden, geld en post']);
    const again = importHsdsCsvPackage(exportHsdsCsvPackage(imported.records));
    expect(again.errors).toEqual([]);
    expect(again.records.service[0].keywords).toEqual(['Schulden, geld en post']);
  });
});
