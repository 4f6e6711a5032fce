import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { importHsdsJson } from '../../src/shared/kaart/hsds-json';
import { derivedId, exportHsdsServicePackage } from '../../src/shared/kaart/hsds-nested';
import { ids, sampleSet } from './fixtures/kaart-sample';

// The official schema of a nested HSDS 3.0 service (vendored with its licence, see fixtures/hsds-3.0/README.md).
const serviceSchema = JSON.parse(readFileSync(path.join(__dirname, 'fixtures/hsds-3.0/service_with_definitions.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateService = ajv.compile(serviceSchema);

describe('HSDS 3.0 nested export (service_package)', () => {
  it('validates against the official schema', () => {
    const documents = exportHsdsServicePackage(sampleSet());
    expect(documents).toHaveLength(2);
    for (const document of documents) {
      validateService(document);
      expect(validateService.errors ?? []).toEqual([]);
    }
  });

  it('fails the schema when a required part is missing (the check is real)', () => {
    const [document] = exportHsdsServicePackage(sampleSet());
    const { status: _status, ...withoutStatus } = document;
    expect(validateService(withoutStatus)).toBe(false);
    const broken = structuredClone(document) as { service_at_locations: { location: Record<string, unknown> }[] };
    delete broken.service_at_locations[0].location.location_type;
    expect(validateService(broken)).toBe(false);
  });

  it('keeps local extras under ido_ names the standard does not use', () => {
    const [taalcafe] = exportHsdsServicePackage(sampleSet());
    const standard = new Set(Object.keys(serviceSchema.properties));
    const extras = Object.keys(taalcafe).filter((key) => !standard.has(key));
    expect(extras.sort()).toEqual(['ido_referral_method', 'ido_topics', 'ido_verified_by']);
    expect((taalcafe.organization as Record<string, unknown>).ido_kvk).toBe('00000107');
    expect(Object.keys(serviceSchema.definitions).flatMap((name) => Object.keys(serviceSchema.definitions[name].properties ?? {})).filter((key) => key.startsWith('ido_'))).toEqual([]);
  });

  it('imports back to the same kaart (round trip), and exports the same again', () => {
    const set = sampleSet();
    const documents = exportHsdsServicePackage(set);
    const result = importHsdsJson(JSON.parse(JSON.stringify(documents)));
    expect(result.errors).toEqual([]);
    const terms = new Set(set.attribute.map((a) => a.taxonomy_term_id));
    const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
    expect({ ...result.records, taxonomy_term: [...result.records.taxonomy_term].sort(byCode) })
      .toEqual({ ...set, taxonomy_term: set.taxonomy_term.filter((t) => terms.has(t.id)).sort(byCode) });
    expect(exportHsdsServicePackage(result.records)).toEqual(documents);
  });

  it('derives stable ids in UUID form', () => {
    expect(derivedId(ids.location, 'address')).toBe(derivedId(ids.location, 'address'));
    expect(derivedId(ids.location, 'address')).not.toBe(derivedId(ids.location, 'accessibility'));
    expect(derivedId(ids.location, 'address')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
