import { describe, expect, it } from 'vitest';
import { categoryOfTopic, codes, currentCodes, governmentOrganisationOfTopic, isCode, label } from '../../src/shared/codelists';
import { ownValue } from '../../src/shared/own-key';
import { fieldLabel } from '../../src/shared/kaart/fields';
import { parseLanguages, parseReferralMethod } from '../../src/shared/kaart/spreadsheet-values';
import { messageInOptionWords } from '../../src/server/admin/input';
import type { ListName } from '../../src/shared/codelists';

/** Keys that name Object.prototype's members: a plain `table[key]` answers an object or a function for them. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('lookups by a key from outside read only own entries', () => {
  it('ownValue answers a table\'s own entry and undefined for a prototype member', () => {
    expect(ownValue({ a: 1 }, 'a')).toBe(1);
    for (const key of PROTOTYPE_KEYS) expect([key, ownValue({ a: 1 }, key)]).toEqual([key, undefined]);
    expect(ownValue(JSON.parse('{"__proto__":"eigen"}') as Record<string, string>, '__proto__')).toBe('eigen');
  });

  it('label gives a prototype member back as itself, never an object or a function', () => {
    expect(label('topic', 'digid')).not.toBe('digid');
    for (const key of PROTOTYPE_KEYS) {
      expect([key, label('topic', key)]).toEqual([key, key]);
      expect([key, label('topic', 'digid', key)]).toEqual([key, 'digid']);
      expect([key, label(key as ListName, 'digid')]).toEqual([key, 'digid']);
    }
  });

  it('codes, currentCodes and isCode know no list, version or code named after a prototype member', () => {
    expect(codes('topic').length).toBeGreaterThan(0);
    for (const key of PROTOTYPE_KEYS) {
      expect([key, codes('topic', key)]).toEqual([key, []]);
      expect([key, codes(key as ListName)]).toEqual([key, []]);
      expect([key, currentCodes(key as ListName)]).toEqual([key, []]);
      expect([key, isCode('topic', key), isCode('topic', 'digid', key), isCode(key as ListName, 'digid')]).toEqual([key, false, false, false]);
    }
  });

  it('a topic named after a prototype member has the default category and no government organisation', () => {
    for (const key of PROTOTYPE_KEYS) {
      expect([key, categoryOfTopic(key), governmentOrganisationOfTopic(key)]).toEqual([key, 'digitale_overheid', undefined]);
    }
  });

  it('a kaart field or spreadsheet cell named after a prototype member is itself, not a label, language or way to refer', () => {
    expect(fieldLabel('assured_date')).toBe('datum laatste controle');
    for (const key of PROTOTYPE_KEYS) {
      expect([key, fieldLabel(key)]).toEqual([key, key]);
      expect([key, parseReferralMethod(key)]).toEqual([key, undefined]);
      expect([key, parseLanguages(key).codes]).toEqual([key, []]);
    }
  });

  it('the admin command names an option only for a field it has: a quoted "constructor" stays as it is', () => {
    const options = { idoHoursPerWeek: '--hours', hoursFrom: '--hours-from' };
    expect(messageInOptionWords('Het veld "hoursFrom" is geen bestaande datum.', options)).toBe('De optie --hours-from is geen bestaande datum.');
    expect(messageInOptionWords('Geef "idoHoursPerWeek" mee.', options)).toBe('Geef --hours mee.');
    for (const key of PROTOTYPE_KEYS) {
      expect(messageInOptionWords(`Het veld "${key}" is onbekend.`, options)).toBe(`Het veld "${key}" is onbekend.`);
      expect(messageInOptionWords(`De naam "${key}" bestaat al.`, options)).toBe(`De naam "${key}" bestaat al.`);
    }
  });
});
