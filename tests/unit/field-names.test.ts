import { describe, expect, it } from 'vitest';
import { fieldNamed, messageInFieldLabels, namesOfLabels } from '../../src/shared/field-names';
import { hasHiddenCharacters } from '../../src/shared/admin-api';
import { LOCATION_FIELD_NAMES } from '../../src/features/beheer/locations/location-input';

describe('a server message in the words of a Beheer form', () => {
  it('names each field the form knows by its label, without its hint in brackets', () => {
    expect(LOCATION_FIELD_NAMES).toMatchObject({ hoursFrom: 'Nieuwe uren gelden vanaf', latitude: 'Breedtegraad', idoHoursPerWeek: 'IDO-uren per week' });
    expect(messageInFieldLabels('Het veld "hoursFrom" ligt vóór de opening van de locatie (zondag 1 maart 2026). Kies die dag of later.', LOCATION_FIELD_NAMES))
      .toBe('Het veld "Nieuwe uren gelden vanaf" ligt vóór de opening van de locatie (zondag 1 maart 2026). Kies die dag of later.');
    expect(messageInFieldLabels('Het veld "latitude" en het veld "longitude" horen samen: geef ze allebei of geen van beide.', LOCATION_FIELD_NAMES))
      .toBe('Het veld "Breedtegraad" en het veld "Lengtegraad" horen samen: geef ze allebei of geen van beide.');
    expect(messageInFieldLabels('Het veld "hoursFrom" hoort bij "idoHoursPerWeek": geef ook het nieuwe aantal uren.', LOCATION_FIELD_NAMES))
      .toBe('Het veld "Nieuwe uren gelden vanaf" hoort bij "IDO-uren per week": geef ook het nieuwe aantal uren.');
  });

  it('keeps the server\'s words for a field the form does not know, and for a prototype member\'s name', () => {
    const message = 'Het veld "closedOn" ligt vóór de opening van de locatie (zondag 1 maart 2026). Kies die dag of later.';
    expect(messageInFieldLabels(message, LOCATION_FIELD_NAMES)).toBe(message);
    for (const key of ['__proto__', 'constructor', 'toString']) {
      expect(messageInFieldLabels(`Het veld "${key}" is onbekend.`, LOCATION_FIELD_NAMES)).toBe(`Het veld "${key}" is onbekend.`);
    }
    expect(messageInFieldLabels('Geen verbinding met de server. Probeer het opnieuw.', LOCATION_FIELD_NAMES)).toBe('Geen verbinding met de server. Probeer het opnieuw.');
  });

  it('takes a label\'s hint in brackets off only at its end', () => {
    expect(namesOfLabels({ a: 'Gemeentecode (mag leeg)', b: 'Dagen geldig', c: 'Nieuwe uren gelden vanaf (mag leeg: vandaag)' }))
      .toEqual({ a: 'Gemeentecode', b: 'Dagen geldig', c: 'Nieuwe uren gelden vanaf' });
  });

  it('finds the one field of the form a refusal is about, to show it there; none for two fields, an unknown one or a prototype name', () => {
    expect(fieldNamed('Het veld "hoursFrom" ligt te ver vooruit: hoogstens een jaar.', LOCATION_FIELD_NAMES)).toBe('hoursFrom');
    expect(fieldNamed('Het veld "hoursFrom" hoort bij "idoHoursPerWeek": geef ook het nieuwe aantal uren.', LOCATION_FIELD_NAMES)).toBe('hoursFrom');
    expect(fieldNamed('Het veld "name" is leeg. Het veld "name" …', LOCATION_FIELD_NAMES)).toBe('name');
    expect(fieldNamed('Het veld "latitude" en het veld "longitude" horen samen: geef ze allebei.', LOCATION_FIELD_NAMES)).toBeUndefined();
    expect(fieldNamed('Het veld "closedOn" ligt vóór de opening van de locatie.', LOCATION_FIELD_NAMES)).toBeUndefined();
    for (const key of ['__proto__', 'constructor', 'toString']) expect(fieldNamed(`Het veld "${key}" is onbekend.`, LOCATION_FIELD_NAMES)).toBeUndefined();
    expect(fieldNamed('Geen verbinding met de server. Probeer het opnieuw.', LOCATION_FIELD_NAMES)).toBeUndefined();
  });
});

describe('hidden characters in a name: one check for the server and for the forms of Beheer', () => {
  it('refuses control characters, direction marks, line separators, a BOM and lone surrogates, inside the text; takes the rest', () => {
    for (const text of ['Bibliotheek\u202e Noord', 'Pop-up \u2066x', 'Balie\t1', 'Balie\u00851', 'Tablet\u2028balie', 'Tab\ufefflet', 'Tab\u0000let', 'x\ud800y', 'x\udc00y']) {
      expect(hasHiddenCharacters(text), JSON.stringify(text)).toBe(true);
    }
    // at the ends: trimmed away, as the server keeps the text
    for (const text of ['Bibliotheek Noord', 'Café ’t Hoekje 😀', ' Balie 1\t', '\ufeffBalie 1', 'Zoë\u200b']) expect(hasHiddenCharacters(text), JSON.stringify(text)).toBe(false);
  });
});
