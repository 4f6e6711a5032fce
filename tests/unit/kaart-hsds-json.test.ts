import { describe, expect, it } from 'vitest';
import { exportHsdsJson, importHsdsJson } from '../../src/shared/kaart/hsds-json';
import { exportHsdsCsvPackage, importHsdsCsvPackage } from '../../src/shared/kaart/hsds-csv';
import { themeByCode } from '../../src/shared/kaart/themes';
import { ids, LIBRARY_ID, sampleSet } from './fixtures/kaart-sample';

describe('HSDS JSON export', () => {
  it('writes one array per entity under its HSDS table name', () => {
    const document = exportHsdsJson(sampleSet(), { exportedAt: new Date('2026-11-24T10:00:00Z') });
    expect(Object.keys(document)).toEqual([
      'hsds_version', 'profile', 'exported_at', 'organizations', 'services', 'locations', 'service_at_locations',
      'phones', 'schedules', 'taxonomy_terms', 'attributes',
    ]);
    expect(document.hsds_version).toBe('3.0');
    expect(document.services.map((s) => s.name)).toEqual(['Taalcafé', 'AOW-vragen']);
  });

  it('leaves out tombstones and the sync metadata', () => {
    const set = sampleSet();
    const stored = { ...set, service: set.service.map((s, i) => ({ ...s, version: 4, updatedAt: '2026-11-24T10:00:00Z', deleted: i === 1 })) };
    const document = exportHsdsJson(stored);
    expect(document.services).toHaveLength(1);
    expect(Object.keys(document.services[0])).not.toContain('version');
    expect(Object.keys(document.services[0])).not.toContain('updatedAt');
    expect(Object.keys(document.services[0])).not.toContain('deleted');
  });

  it('exports one scope: the library\'s own entries, or the national ones', () => {
    const own = exportHsdsJson(sampleSet(), { scope: LIBRARY_ID });
    expect(own.organizations.map((o) => o.id)).toEqual([ids.org]);
    expect(own.services.map((s) => s.id)).toEqual([ids.service]);
    expect(own.schedules).toHaveLength(2);
    const national = exportHsdsJson(sampleSet(), { scope: null });
    expect(national.organizations.map((o) => o.id)).toEqual([ids.nationalOrg]);
    expect(national.attributes.map((a) => a.link_id)).toEqual([ids.nationalService]);
    expect(national.taxonomy_terms).toHaveLength(10);
  });

  it('adds the themes that attributes point to when the set has no taxonomy terms', () => {
    const document = exportHsdsJson({ ...sampleSet(), taxonomy_term: [] });
    expect(document.taxonomy_terms.map((t) => t.code).sort()).toEqual(['taal', 'werk_inkomen']);
  });
});

describe('HSDS JSON import', () => {
  it('refuses an assured_date before 2000 or in the future, in JSON and in the CSV package alike; keeping the good drops it with a warning', () => {
    for (const day of ['0000-01-01', '1999-12-31', '2999-01-01']) {
      const set = sampleSet();
      const wrong = { ...set, service: set.service.map((s, i) => (i === 0 ? { ...s, assured_date: day } : s)) };
      for (const result of [importHsdsJson(exportHsdsJson(wrong)), importHsdsCsvPackage(exportHsdsCsvPackage(wrong))]) {
        // (the service's references fail after it: its children name a service that was not taken)
        expect([day, result.errors.filter((e) => e.entity === 'service').map((e) => `${e.field}:${e.code}`)]).toEqual([day, ['assured_date:out_of_range']]);
        expect(result.errors[0].message).toMatch(/^De datum van de laatste controle ligt (vóór het jaar 2000|in de toekomst)\. Vul de dag in/);
      }
      const kept = importHsdsJson(exportHsdsJson(wrong), { dropInvalidValues: true });
      expect([day, kept.errors, kept.warnings.map((w) => `${w.field}:${w.code}`)]).toEqual([day, [], ['assured_date:out_of_range']]);
      expect(kept.records.service[0].assured_date).toBeUndefined();
    }
  });

  it('refuses a schedule valid from or to a day before 2000 or more than five years ahead, in JSON and in the CSV package alike; keeping the good drops the day with a warning', () => {
    for (const [field, day] of [['valid_from', '0001-01-01'], ['valid_to', '9999-12-31'], ['valid_to', '1999-12-31']] as const) {
      const set = sampleSet();
      const wrong = { ...set, schedule: set.schedule.map((s, i) => (i === 0 ? { ...s, [field]: day } : s)) };
      for (const result of [importHsdsJson(exportHsdsJson(wrong)), importHsdsCsvPackage(exportHsdsCsvPackage(wrong))]) {
        expect([day, result.errors.map((e) => `${e.entity}.${e.field}:${e.code}`)]).toEqual([day, [`schedule.${field}:out_of_range`]]);
        expect(result.errors[0].message).toMatch(/^"Geldig (vanaf|tot en met)" ligt (vóór het jaar 2000|meer dan 5 jaar vooruit)\. Vul een dag in/);
        expect(result.records.schedule).toHaveLength(set.schedule.length - 1);
      }
      const kept = importHsdsJson(exportHsdsJson(wrong), { dropInvalidValues: true });
      expect([day, kept.errors, kept.warnings.map((w) => `${w.entity}.${w.field}:${w.code}`)]).toEqual([day, [], [`schedule.${field}:out_of_range`]]);
      expect(kept.records.schedule[0][field]).toBeUndefined();
    }
  });

  it('names a language written by its Dutch name with its code, as an error and, keeping the good, as a warning', () => {
    const set = sampleSet();
    const wrong = { ...set, service: set.service.map((s, i) => (i === 0 ? { ...s, languages: ['nl', 'Arabisch'] } : s)) };
    const refused = importHsdsJson(exportHsdsJson(wrong));
    expect(refused.errors[0]).toMatchObject({ entity: 'service', field: 'languages', code: 'invalid_code',
      message: '"Arabisch" is geen taalcode. Kies in het formulier de taal bij naam. In een importbestand staat een taal als taalcode: ar voor Arabisch.' });
    const kept = importHsdsJson(exportHsdsJson(wrong), { dropInvalidValues: true });
    expect(kept.warnings.map((w) => w.message)).toEqual(['De talen zijn niet overgenomen. "Arabisch" is geen taalcode. Kies in het formulier de taal bij naam. In een importbestand staat een taal als taalcode: ar voor Arabisch.']);
  });

  it('gives back the same entries after export (round trip), also through text', () => {
    const set = sampleSet();
    const fromObject = importHsdsJson(exportHsdsJson(set));
    expect(fromObject.errors).toEqual([]);
    expect(fromObject.ignoredFields).toEqual([]);
    expect(fromObject.records).toEqual(set);
    const fromText = importHsdsJson(JSON.stringify(exportHsdsJson(set), null, 2));
    expect(fromText.records).toEqual(set);
  });

  it('ignores fields outside the trimmed model and reports each once', () => {
    const document = exportHsdsJson(sampleSet()) as unknown as Record<string, Record<string, unknown>[]>;
    document.services = document.services.map((s) => ({ ...s, alert: 'Let op', minimum_age: 18 }));
    (document as Record<string, unknown>).contacts = [];
    const result = importHsdsJson(document);
    expect(result.errors).toEqual([]);
    expect(result.ignoredFields).toEqual(['document.contacts', 'service.alert', 'service.minimum_age']);
    expect(result.records.service[0]).not.toHaveProperty('alert');
  });

  it('lists errors per record and leaves out the record and what hangs from it', () => {
    const document = exportHsdsJson(sampleSet());
    document.services[0] = { ...document.services[0], email: 'niet-een-adres' };
    const result = importHsdsJson(document);
    expect(result.errors[0]).toMatchObject({ entity: 'service', index: 0, id: ids.service, field: 'email', code: 'invalid_email' });
    const followers = result.errors.slice(1).map((e) => `${e.entity}:${e.code}`);
    expect(followers).toEqual(['service_at_location:unknown_reference', 'phone:unknown_reference', 'schedule:unknown_reference', 'schedule:unknown_reference', 'attribute:unknown_reference']);
    // Each names its own place in the file and what it points to, in Dutch.
    expect(result.errors.slice(1, 3).map((e) => [e.index, e.message])).toEqual([
      [0, 'Dit gegeven verwijst naar een dienst die niet in het bestand staat of een fout heeft.'],
      [0, 'Dit gegeven verwijst naar een dienst die niet in het bestand staat of een fout heeft.'],
    ]);
    expect(result.records.service.map((s) => s.id)).toEqual([ids.nationalService]);
    expect(result.records.organization).toHaveLength(2);
  });

  it('accepts references to records that are already in the kaart', () => {
    const document = exportHsdsJson(sampleSet());
    const onlyPhones = { phones: document.phones };
    expect(importHsdsJson(onlyPhones).errors.map((e) => e.code)).toEqual(['unknown_reference']);
    const known = importHsdsJson(onlyPhones, { knownIds: (entity, id) => entity === 'service' && id === ids.service });
    expect(known.errors).toEqual([]);
    expect(known.records.phone).toHaveLength(1);
  });

  it('sets the owner of every organization to the kaart it is imported into', () => {
    const result = importHsdsJson(exportHsdsJson(sampleSet()), { ownerOrganisationId: '12345678-1234-4234-8234-123456789abc' });
    expect(result.records.organization.map((o) => o.owner_organisation_id)).toEqual(['12345678-1234-4234-8234-123456789abc', '12345678-1234-4234-8234-123456789abc']);
  });

  it('never makes an organization national because the owner is missing', () => {
    const document = exportHsdsJson(sampleSet());
    const { owner_organisation_id: _owner, ...ownerless } = document.organizations[0];
    const result = importHsdsJson({ ...document, organizations: [ownerless, document.organizations[1]] });
    expect(result.errors[0]).toMatchObject({ entity: 'organization', field: 'owner_organisation_id', code: 'required' });
  });

  it('reads an HSDS 3.0 export with nested objects, addresses and ids that are not UUIDs', () => {
    let n = 0;
    const newId = () => `aaaaaaaa-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    const hsds = {
      organizations: [{
        id: 'org-1', name: 'Buurthuis', email: 'buurthuis@example.nl', year_incorporated: 1990,
        locations: [{ id: 'loc-1', name: 'Buurthuis', addresses: [
          { address_1: 'Postbus 1', city: 'Rivierstad', postal_code: '4000AA', address_type: 'postal' },
          { address_1: 'Dorpsstraat 1', city: 'Rivierstad', postal_code: '4001ab', address_type: 'physical' },
        ] }],
        services: [{
          id: 'svc-1', name: 'Koffie-inloop', status: 'active', languages: [{ code: 'nl', name: 'Nederlands' }],
          schedules: [{ id: 'sch-1', freq: 'WEEKLY', byday: 'WE', opens_at: '10:00', closes_at: '12:00' }],
          service_at_locations: [{ id: 'sal-1', location_id: 'loc-1' }],
          attributes: [{ id: 'attr-1', taxonomy_term_id: 'term-9', taxonomy_term: { id: 'term-9', code: 'zorg_welzijn', name: 'Zorg', taxonomy: 'ido' } }],
        }],
      }],
    };
    const result = importHsdsJson(hsds, { ownerOrganisationId: LIBRARY_ID, newId });
    expect(result.errors).toEqual([]);
    expect(result.replacedIds).toBe(6);
    const [organization] = result.records.organization;
    const [service] = result.records.service;
    const [location] = result.records.location;
    expect(service.organization_id).toBe(organization.id);
    expect(service.languages).toEqual(['nl']);
    expect(location).toMatchObject({ address_1: 'Dorpsstraat 1', postal_code: '4001 AB', city: 'Rivierstad', organization_id: organization.id });
    expect(result.records.service_at_location[0]).toMatchObject({ service_id: service.id, location_id: location.id });
    expect(result.records.schedule[0].service_id).toBe(service.id);
    const zorg = themeByCode('zorg_welzijn')!;
    expect(result.records.attribute[0]).toMatchObject({ link_id: service.id, link_entity: 'service', taxonomy_term_id: zorg.id });
    expect(result.records.taxonomy_term[0].id).toBe(zorg.id);
    expect(result.ignoredFields).toEqual(['language.name', 'organization.year_incorporated', 'taxonomy_term.taxonomy']);
  });

  it('refuses text that is not JSON, and a document that is not an object', () => {
    expect(importHsdsJson('{"organizations": [').errors.map((e) => e.code)).toEqual(['invalid_json']);
    expect(importHsdsJson('[]').errors.map((e) => e.code)).toEqual(['invalid_document']);
    expect(importHsdsJson({ services: [42] }).errors.map((e) => `${e.entity}:${e.code}`)).toEqual(['service:invalid_record']);
  });
});
