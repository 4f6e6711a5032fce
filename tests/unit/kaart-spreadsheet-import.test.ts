import { describe, expect, it } from 'vitest';
import { themeByCode } from '../../src/shared/kaart/themes';
import {
  applyMapping, type ExistingKaart, guessMapping, importableRows, mergeDuplicate, parseOpeningHoursText, previewSpreadsheet,
} from '../../src/shared/kaart/spreadsheet-import';
import { counterIds, LIBRARY_ID } from './fixtures/kaart-sample';

const HEADER = 'Organisatie;Dienst;Omschrijving;Adres;Postcode;Plaats;Telefoon;E-mail;Website;Openingstijden;Thema;KvK;Hoe verwijzen;Talen';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n');
const noExisting: ExistingKaart = { organizations: [], locations: [], services: [] };
const options = () => ({ ownerOrganisationId: LIBRARY_ID, newId: counterIds() });
const importText = (text: string, existing: ExistingKaart = noExisting) => {
  const preview = previewSpreadsheet(text);
  return applyMapping(preview.rows, preview.mapping, existing, options());
};

describe('previewSpreadsheet', () => {
  it('guesses the mapping from headers, ignoring case, accents, punctuation and using synonyms', () => {
    const headers = ['ORGANISATIE', 'Naam dienst', 'Beschrijving', 'Bezoekadres', 'postcode', 'Woonplaats', 'Telefoonnummer', 'E-mailadres',
      'Internet', 'Openingstijden', "Thema's", 'KvK-nummer', 'Hoe verwijzen?', 'Talen', 'Opmerkingen', 'Laatst gecontroleerd', 'IDO-onderwerpen'];
    expect(guessMapping(headers)).toEqual({
      organization_name: 0, service_name: 1, description: 2, address: 3, postal_code: 4, city: 5, phone: 6, email: 7, website: 8,
      opening_hours: 9, theme: 10, kvk: 11, referral_method: 12, languages: 13, assured_date: 15, ido_topics: 16,
    });
    expect(guessMapping(['Organisatiënaam', 'Télefoon algemeen'])).toEqual({ organization_name: 0, phone: 1 });
  });

  it('detects ";" and "," as delimiter from the header, and strips a BOM', () => {
    const semicolon = previewSpreadsheet('\uFEFF' + csv('Humanitas;Thuisadministratie;;;;;;;;;;;;'));
    expect(semicolon.delimiter).toBe(';');
    expect(semicolon.headers[0]).toBe('Organisatie');
    const comma = previewSpreadsheet('Organisatie,Dienst,Omschrijving\nHumanitas,Thuisadministratie,"Hulp; ook thuis"\n');
    expect(comma.delimiter).toBe(',');
    expect(comma.rows[0].cells).toEqual(['Humanitas', 'Thuisadministratie', 'Hulp; ook thuis']);
    // "Tekst (tab)": before, read with ";" the header was one column and the whole row one organisation's name.
    const tab = previewSpreadsheet('Organisatie\tDienst\tTelefoon\r\nA\tB\t030-1234567\r\n');
    expect(tab.delimiter).toBe('\t');
    expect(tab.rows[0].cells).toEqual(['A', 'B', '030-1234567']);
    expect(Object.keys(tab.mapping).sort()).toEqual(['organization_name', 'phone', 'service_name']);
  });

  it('is not fooled by the other delimiter inside the cells (a "wrong" delimiter)', () => {
    const text = 'Organisatie,Dienst,Openingstijden\nA;B;C,Spreekuur,"ma 9-12; di 13-16"\nD;E,F,"wo 9-12; do 9-12"\n';
    const preview = previewSpreadsheet(text);
    expect(preview.delimiter).toBe(',');
    expect(preview.rows.map((r) => r.cells[0])).toEqual(['A;B;C', 'D;E']);
  });

  it('numbers rows as a spreadsheet does: header row 1, empty rows skipped but counted, a multi-line cell is one row', () => {
    const text = csv('A;Dienst 1;"regel 1\r\nregel 2; met puntkomma";;;;;;;;;;;', '', ';;;;;;;;;;;;;', 'B;Dienst 2;;;;;;;;;;;;');
    const preview = previewSpreadsheet(text);
    expect(preview.rows.map((r) => r.row)).toEqual([2, 5]);
    expect(preview.rows[0].cells[2]).toBe('regel 1\r\nregel 2; met puntkomma');
  });

  it('reports a missing quote and a missing Organisatie column', () => {
    expect(previewSpreadsheet(csv('A;"Dienst zonder eind;;;;;;;;;;;;')).problems.map((p) => p.code)).toContain('invalid_quotes');
    expect(previewSpreadsheet('Naam;Adres\nX;Y\n').problems.map((p) => p.code)).toEqual(['missing_column']);
    expect(previewSpreadsheet('\uFEFF\r\n\r\n').problems.map((p) => p.code)).toEqual(['empty_file']);
    expect(previewSpreadsheet('Organisatie;Dienst\r\n\r\n').problems.map((p) => p.code)).toEqual(['no_rows']);
  });

  it('leaves out a row where a quote is missing, with the lines it swallowed', () => {
    const preview = previewSpreadsheet('Organisatie;Dienst;Omschrijving\r\nA;B;"regel1\r\nC;D;e\r\nE;F;g\r\n');
    expect(preview.rows.map((r) => r.row)).toEqual([2]);
    expect(importableRows(preview)).toEqual([]);
    expect(importableRows(previewSpreadsheet(csv('A;B;;;;;;;;;;;;')))).toHaveLength(1);
  });
});

describe('applyMapping', () => {
  it('turns a row into organization, service, location, phone, schedules and themes', () => {
    const result = importText(csv('Humanitas Rivierstad;Thuisadministratie;Hulp bij post;Dijkstraat 1;4001ab;Rivierstad;030-123 45 67;Info@Example.nl;www.example.nl/humanitas;ma-vr 9:00-12:00;Geld en schulden, Digitale hulp;12345678;Warme overdracht;Nederlands, Engels'));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const { organization, service, location, phone, schedule, attribute, service_at_location } = result.records;
    expect(organization).toEqual([{ id: organization[0].id, name: 'Humanitas Rivierstad', kvk: '12345678', owner_organisation_id: LIBRARY_ID }]);
    expect(service[0]).toMatchObject({
      organization_id: organization[0].id, name: 'Thuisadministratie', description: 'Hulp bij post', url: 'https://www.example.nl/humanitas',
      email: 'info@example.nl', status: 'active', referral_method: 'warm', languages: ['nl', 'en'],
    });
    expect(location[0]).toMatchObject({ address_1: 'Dijkstraat 1', postal_code: '4001 AB', city: 'Rivierstad' });
    expect(service_at_location[0]).toMatchObject({ service_id: service[0].id, location_id: location[0].id });
    expect(phone[0]).toMatchObject({ service_id: service[0].id, number: '030-123 45 67' });
    expect(schedule[0]).toMatchObject({ service_id: service[0].id, freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '12:00' });
    expect(attribute.map((a) => a.taxonomy_term_id)).toEqual([themeByCode('geld_schulden')!.id, themeByCode('digitale_hulp')!.id]);
    expect(result.importedRows).toBe(1);
  });

  it('shares one organization and one location between rows of the same organization', () => {
    const result = importText(csv(
      'Humanitas;Thuisadministratie;;Dijkstraat 1;4001 AB;Rivierstad;;;;;;12345678;;',
      'Humanitas;Maatjesproject;;Dijkstraat 1;4001 AB;Rivierstad;;;;;;12345678;;',
      'Taalpunt;Taalcafé;;;;;;;;;;;;',
    ));
    expect(result.records.organization.map((o) => o.name)).toEqual(['Humanitas', 'Taalpunt']);
    expect(result.records.service.map((s) => s.organization_id)).toEqual([
      result.records.organization[0].id, result.records.organization[0].id, result.records.organization[1].id,
    ]);
    expect(result.records.location).toHaveLength(1);
    expect(result.records.service_at_location).toHaveLength(2);
  });

  it('reports errors per row with the row number and column, and adds nothing from that row', () => {
    const result = importText(csv(
      'Goed;Dienst;;;;;;;;;;;;',
      'Fout postcode;Dienst;;Straat 1;12345;Rivierstad;;;;;;;;',
      ';Zonder organisatie;;;;;;;;;;;;',
      'Fout mail;Dienst;;;;;;geen-mail;;;Sport;;per brief;',
    ));
    expect(result.errors.map((e) => `${e.row}:${e.field}:${e.code}`)).toEqual([
      '3:postal_code:invalid_postal_code',
      '4:organization_name:required',
      '5:referral_method:invalid_code', '5:theme:unknown_theme', '5:email:invalid_email',
    ]);
    expect(result.errors[0].message).toBe('Kolom Postcode: Vul de postcode in als 1234 AB.');
    expect(result.records.organization.map((o) => o.name)).toEqual(['Goed']);
    expect(result.records.service).toHaveLength(1);
    expect(result.importedRows).toBe(1);
  });

  it('finds duplicates by KvK number and by name plus postcode, and offers them without merging', () => {
    const existing: ExistingKaart = {
      organizations: [
        { id: 'e0000000-0000-4000-8000-000000000001', name: 'Humanitas', kvk: '12345678', owner_organisation_id: LIBRARY_ID },
        { id: 'e0000000-0000-4000-8000-000000000002', name: 'Taalpunt Rivierstad', owner_organisation_id: LIBRARY_ID },
        { id: 'e0000000-0000-4000-8000-000000000003', name: 'Oud', kvk: '99999999', owner_organisation_id: LIBRARY_ID, deleted: true } as never,
      ],
      locations: [{ id: 'e1000000-0000-4000-8000-000000000001', organization_id: 'e0000000-0000-4000-8000-000000000002', address_1: 'Plein 1', postal_code: '4001 AB', city: 'Rivierstad' }],
      services: [{ id: 'e2000000-0000-4000-8000-000000000001', organization_id: 'e0000000-0000-4000-8000-000000000002', name: 'Taalcafé', status: 'active' }],
    };
    const result = importText(csv(
      'Humanitas Thuisadministratie;Thuisadministratie;;;;;;;;;;12345678;;',
      'TAALPUNT rivierstad;Taalcafé;;Plein 1;4001ab;Rivierstad;;;;;;;;',
      'Taalpunt Rivierstad;Taalmaatje;;Ander adres 2;4009 ZZ;Rivierstad;;;;;;;;',
      'Oud;Iets;;;;;;;;;;99999999;;',
    ), existing);
    expect(result.duplicates).toEqual([
      { row: 2, existingId: 'e0000000-0000-4000-8000-000000000001', newId: result.records.organization[0].id, reason: 'kvk' },
      { row: 3, existingId: 'e0000000-0000-4000-8000-000000000002', newId: result.records.organization[1].id, reason: 'name_postcode', existingServiceId: 'e2000000-0000-4000-8000-000000000001' },
    ]);
    expect(result.records.organization).toHaveLength(3); // nothing merged silently
  });

  it('merges a duplicate only when asked: the rows attach to the existing organization', () => {
    const existing: ExistingKaart = { organizations: [{ id: 'e0000000-0000-4000-8000-000000000001', name: 'Humanitas', kvk: '12345678', owner_organisation_id: LIBRARY_ID }] };
    const result = importText(csv('Humanitas;Thuisadministratie;;Straat 1;4001 AB;Rivierstad;030-1234567;;;;;12345678;;', 'Humanitas;Maatje;;;;;;;;;;12345678;;'), existing);
    const merged = mergeDuplicate(result, result.duplicates[0]);
    expect(merged.records.organization).toEqual([]);
    expect(merged.records.service.map((s) => s.organization_id)).toEqual(['e0000000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000001']);
    expect(merged.records.location[0].organization_id).toBe('e0000000-0000-4000-8000-000000000001');
    expect(merged.duplicates).toEqual([]);
    expect(result.records.organization).toHaveLength(1); // the original result is untouched
  });

  it('reads "constructor" in Talen and Hoe verwijzen as any unknown word, not as a value every object has', () => {
    // It found Object.prototype's constructor: the row was refused ("Gebruik taalcodes…", "… moet tekst zijn") and lost.
    const result = importText(csv('Taalhuis;Taalcafé;;;;;;;;;;;Constructor;constructor, Nederlands'));
    expect(result.errors.map((e) => `${e.row}:${e.field}:${e.code}`)).toEqual(['2:referral_method:invalid_code']);
    expect(result.errors[0].message).toBe('Kolom Hoe verwijzen: Schrijf warm, inloop, afspraak of bellen.');
    const kept = importText(csv('Taalhuis;Taalcafé;;;;;;;;;;;warm;constructor, Nederlands'));
    expect(kept.errors).toEqual([]);
    expect(kept.records.service[0].languages).toEqual(['nl']);
    expect(kept.warnings.map((w) => `${w.row}:${w.field}:${w.code}`)).toEqual(['2:languages:unknown_language']);
  });

  it('takes Laatst gecontroleerd from 2000 up to today, as the tablet and the server do, and says what to fill in otherwise', () => {
    const text = ['Organisatie;Dienst;Laatst gecontroleerd', 'A;Oud;1-1-0202', 'B;Toekomst;31-12-2099', 'C;Goed;1-3-2026', 'D;Jaar 2000;01-01-2000'].join('\r\n');
    const result = importText(text);
    expect(result.errors.map((e) => `${e.row}:${e.field}:${e.code}`)).toEqual(['2:assured_date:out_of_range', '3:assured_date:out_of_range']);
    expect(result.errors[0].message).toBe('Kolom Laatst gecontroleerd: De datum van de laatste controle ligt vóór het jaar 2000. Vul de dag in waarop het voor het laatst is gecontroleerd, zoals vandaag.');
    expect(result.errors[1].message).toMatch(/^Kolom Laatst gecontroleerd: De datum van de laatste controle ligt in de toekomst\./);
    expect(result.records.service.map((s) => s.assured_date)).toEqual(['2026-03-01', '2000-01-01']);
  });

  it('keeps opening hours it cannot read as a description, with a warning', () => {
    const result = importText(csv('A;B;;;;;;;;Op afspraak, bel eerst;;;;'));
    expect(result.errors).toEqual([]);
    expect(result.records.schedule).toEqual([{ id: expect.any(String), service_id: result.records.service[0].id, description: 'Op afspraak, bel eerst' }]);
    expect(result.warnings.map((w) => `${w.row}:${w.field}:${w.code}`)).toEqual(['2:opening_hours:kept_as_text']);
  });

  it('uses the organization name when the service name is empty, with a warning', () => {
    const result = importText(csv('Voedselbank;;;;;;;;;;;;;'));
    expect(result.records.service[0].name).toBe('Voedselbank');
    expect(result.warnings.map((w) => w.code)).toEqual(['name_from_organization']);
  });

  it('keeps formula-injection cells as plain text', () => {
    const result = importText(csv('"=cmd|\' /C calc\'!A0";"@SUM(1+1)";"=HYPERLINK(""http://x"")";;;;;;;;;;;'));
    expect(result.errors).toEqual([]);
    expect(result.records.organization[0].name).toBe("=cmd|' /C calc'!A0");
    expect(result.records.service[0]).toMatchObject({ name: '@SUM(1+1)', description: '=HYPERLINK("http://x")' });
  });

  it('refuses a huge cell for its row only, without echoing it', () => {
    const huge = 'x'.repeat(200_000);
    const result = importText(csv(`A;B;${huge};;;;;;;;;;;`, 'C;D;kort;;;;;;;;;;;'));
    expect(result.errors.map((e) => `${e.row}:${e.field}:${e.code}`)).toEqual(['2:description:too_long']);
    expect(result.errors[0].message.length).toBeLessThan(200);
    expect(result.records.service.map((s) => s.name)).toEqual(['D']);
  });

  it('refuses a Website cell of megabytes for its row (it once overflowed the stack in the address check)', () => {
    const result = importText(csv(`A;B;;;;;;;${'a.'.repeat(2_500_000)};;;;;`, 'C;D;;;;;;;bibliotheek.nl/ido;;;;;'));
    expect(result.errors.map((e) => `${e.row}:${e.field}:${e.code}`)).toEqual(['2:website:too_long']);
    expect(result.records.service.map((s) => [s.name, s.url])).toEqual([['D', 'https://bibliotheek.nl/ido']]);
  });

  it('reads 10,000 rows', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      `Organisatie ${i % 500};Dienst ${i};Omschrijving ${i};Straat ${i % 500};4001 AB;Rivierstad;030-123 45 67;info@example.nl;https://www.example.nl;ma-vr 9:00-17:00;Taal;;inloop;Nederlands`);
    const result = importText(csv(...rows));
    expect(result.errors).toEqual([]);
    expect(result.importedRows).toBe(10_000);
    expect(result.records.organization).toHaveLength(500);
  });

  it('is pure: the same input gives the same result and the existing kaart is not changed', () => {
    const existing: ExistingKaart = { organizations: [{ id: 'e0000000-0000-4000-8000-000000000001', name: 'A', kvk: '12345678', owner_organisation_id: LIBRARY_ID }] };
    const frozen = JSON.stringify(existing);
    const text = csv('A;B;;;;;;;;;;12345678;;', 'C;D;;;;;;;;;;;;');
    expect(importText(text, existing)).toEqual(importText(text, existing));
    expect(JSON.stringify(existing)).toBe(frozen);
  });
});

describe('parseOpeningHoursText', () => {
  it('reads weekday ranges, lists and several times', () => {
    expect(parseOpeningHoursText('ma-vr 9:00-17:00; za 10:00-12:00')).toEqual([
      { freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00' },
      { freq: 'WEEKLY', byday: 'SA', opens_at: '10:00', closes_at: '12:00' },
    ]);
    expect(parseOpeningHoursText('Maandag t/m vrijdag: 9.00 – 17.00 uur')).toEqual([{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00' }]);
    expect(parseOpeningHoursText('ma, wo en vr 9-12 en 13-16')).toEqual([
      { freq: 'WEEKLY', byday: 'MO,WE,FR', opens_at: '09:00', closes_at: '12:00' },
      { freq: 'WEEKLY', byday: 'MO,WE,FR', opens_at: '13:00', closes_at: '16:00' },
    ]);
    expect(parseOpeningHoursText('ma 9-12, di 13-16\nzo gesloten')).toHaveLength(2);
  });

  it('reads odd or even weeks and monthly ordinals', () => {
    expect(parseOpeningHoursText('di 13:00-16:00 (oneven weken)')).toEqual([{ freq: 'WEEKLY', byday: 'TU', opens_at: '13:00', closes_at: '16:00', week_parity: 'odd' }]);
    expect(parseOpeningHoursText('1e dinsdag van de maand 10:00-12:00')).toEqual([{ freq: 'MONTHLY', byday: '1TU', opens_at: '10:00', closes_at: '12:00' }]);
    expect(parseOpeningHoursText('laatste vrijdag vd maand 14-16')).toEqual([{ freq: 'MONTHLY', byday: '-1FR', opens_at: '14:00', closes_at: '16:00' }]);
  });

  it('refuses the whole text when any part does not follow the grammar', () => {
    for (const text of ['Op afspraak', 'ma-vr 9:00-17:00 behalve feestdagen', 'ma 17-9', 'ma 9:00-25:00', '9-17', 'ma', '', 'vr-ma 9-17', 'maart 9-17']) {
      expect(parseOpeningHoursText(text), text).toBeUndefined();
    }
  });
});
