import { describe, expect, it } from 'vitest';
import { languageName } from '../../src/features/kaart/labels';
import { COMMON_LANGUAGES, findLanguage, languageChoices } from '../../src/features/kaart/languages';

describe('a language added to a kaart service by name', () => {
  it('finds the code for a Dutch name as staff type it: any case, with or without accents, spaces around', () => {
    expect(findLanguage('Dari')).toEqual({ code: 'prs' });
    expect(findLanguage('  oekraiens ')).toEqual({ code: 'uk' });
    expect(findLanguage('OEKRAÏENS')).toEqual({ code: 'uk' });
    expect(findLanguage('Swahili')).toEqual({ code: 'sw' });
    expect(findLanguage('Papiaments')).toEqual({ code: 'pap' });
    expect(findLanguage('Sorani')).toEqual({ code: 'ckb' });
    expect(findLanguage('Farsi')).toEqual({ code: 'fa' });
    expect(findLanguage('Marokkaans Arabisch')).toEqual({ code: 'ary' });
    expect(findLanguage('Sranan')).toEqual({ code: 'srn' });
    expect(findLanguage('riffijns')).toEqual({ code: 'rif' });
  });

  it('takes a code too, in its current form only', () => {
    expect(findLanguage('prs')).toEqual({ code: 'prs' });
    expect(findLanguage('AR')).toEqual({ code: 'ar' });
    expect(findLanguage('he')).toEqual({ code: 'he' });
    expect(findLanguage('iw')).toHaveProperty('problem'); // Hebrew's old code
  });

  it('says in Dutch what is wrong with an unknown name, an empty one and hostile input, quoting at most 40 characters', () => {
    expect(findLanguage('   ')).toEqual({ problem: 'Typ eerst de naam van een taal, bijvoorbeeld Dari of Swahili.' });
    expect(findLanguage('Klingon-achtig')).toEqual({ problem: 'De taal "Klingon-achtig" kennen we niet. Typ de Nederlandse naam van de taal, bijvoorbeeld Dari of Swahili.' });
    expect(findLanguage('xx')).toHaveProperty('problem');
    expect(findLanguage('<script>alert(1)</script>')).toHaveProperty('problem');
    expect(findLanguage('🙂')).toHaveProperty('problem');
    expect(findLanguage('constructor')).toHaveProperty('problem');
    const huge = findLanguage('🙂'.repeat(100_000));
    expect('problem' in huge && huge.problem).toBe(`De taal "${'🙂'.repeat(40)}…" kennen we niet. Typ de Nederlandse naam van de taal, bijvoorbeeld Dari of Swahili.`);
  });
});

describe('the language tiles of the edit form', () => {
  it('shows the common languages by their Dutch name, then each other stored code, an unknown one as a code', () => {
    const tiles = languageChoices(['ar', 'prs', 'xx']);
    expect(tiles.slice(0, COMMON_LANGUAGES.length).map((t) => t.label)).toEqual(
      ['Nederlands', 'Engels', 'Arabisch', 'Turks', 'Pools', 'Oekraïens', 'Russisch', 'Perzisch', 'Tigrinya', 'Somalisch', 'Papiaments', 'Fries']);
    expect(tiles.slice(COMMON_LANGUAGES.length)).toEqual([{ value: 'prs', label: 'Dari' }, { value: 'xx', label: 'Taalcode "xx"' }]);
  });
});

describe('a language\'s Dutch name', () => {
  it('is our own for the languages a browser may not name (Chromium said "pap" for Papiaments)', () => {
    expect(languageName('pap')).toBe('Papiaments');
    expect(languageName('srn')).toBe('Sranantongo');
    expect(languageName('ar')).toBe('Arabisch');
    expect(languageName('constructor')).toBe('constructor');
  });
});
