import { describe, expect, it } from 'vitest';
import { ignoredFieldsText, notTakenText } from '../../src/shared/kaart';

describe('the words for an import\'s notices (tablet and Beheer)', () => {
  it('names the ignored fields, before and after the import', () => {
    expect(ignoredFieldsText(['organization.tax_id'])).toBe('Deze velden kent de kaart niet; ze worden niet geïmporteerd: organization.tax_id.');
    expect(ignoredFieldsText(['a', 'b', 'c'], 3, true)).toBe('Deze velden kent de kaart niet; ze zijn niet geïmporteerd: a, b en c.');
  });

  it('names 20 and counts the rest, also those the server did not send: 100,000 fields are one short sentence', () => {
    const fields = Array.from({ length: 50 }, (_, i) => `service.x_${i}`);
    const text = ignoredFieldsText(fields, 100_000);
    expect(text).toMatch(/: service\.x_0, .*, service\.x_19 en nog 99\.980 velden\.$/);
    expect(text).not.toContain('service.x_20');
    expect(ignoredFieldsText(fields.slice(0, 21))).toMatch(/service\.x_19 en nog 1 veld\.$/);
  });

  it('says what a notice means, in the tense of the moment', () => {
    expect(notTakenText()).toBe('Dit neemt de kaart niet over. De rest van deze gegevens wordt wel geïmporteerd; u hoeft niets aan te vinken.');
    expect(notTakenText('imported')).toBe('Dit heeft de kaart niet overgenomen. De rest van deze gegevens is wel geïmporteerd.');
  });

  it('never says the rest is imported where nothing is: a check that finds what stops the import, an import the server refused', () => {
    expect(notTakenText('stopped')).toBe('Dit neemt de kaart niet over. Door wat hierboven staat, wordt nu niets geïmporteerd. Is dat opgelost, dan komt de rest van deze gegevens wel in de kaart; hiervoor hoeft u niets aan te vinken.');
    expect(notTakenText('refused')).toBe('Dit neemt de kaart niet over. Door wat hierboven staat, is er niets geïmporteerd. Is dat opgelost, dan komt de rest van deze gegevens wel in de kaart; hiervoor hoeft u niets aan te vinken.');
    for (const stage of ['stopped', 'refused'] as const) expect(notTakenText(stage)).not.toMatch(/wordt wel geïmporteerd|is wel geïmporteerd/);
  });
});
