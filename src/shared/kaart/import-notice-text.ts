import { countText, dutchNumber } from '../count-text';
import { dutchList } from '../dutch-text';

/**
 * The words for what an import tells without stopping (the notices: what the kaart does not take of a sound file, the
 * fields it does not know), the same on the tablet's import page and on Beheer's: one text, two pages.
 */

/** The heading above the notices. */
export const NOTICES_HEADING = 'Let op';

/**
 * Where an import stands when its notices are shown: checked and nothing stops it ('check'), written ('imported'),
 * checked with something that stops it ('stopped'), or refused by the server ('refused'): in the last two nothing is
 * or was written, and "the rest is imported" was not true.
 */
export type ImportStage = 'check' | 'imported' | 'stopped' | 'refused';

const AFTER_STOP = 'Is dat opgelost, dan komt de rest van deze gegevens wel in de kaart; hiervoor hoeft u niets aan te vinken.';

/** Under the notices' heading: what they mean, before the import (nothing to tick for them), after it, or when it stopped. */
export function notTakenText(stage: ImportStage = 'check'): string {
  switch (stage) {
    case 'imported': return 'Dit heeft de kaart niet overgenomen. De rest van deze gegevens is wel geïmporteerd.';
    case 'stopped': return `Dit neemt de kaart niet over. Door wat hierboven staat, wordt nu niets geïmporteerd. ${AFTER_STOP}`;
    case 'refused': return `Dit neemt de kaart niet over. Door wat hierboven staat, is er niets geïmporteerd. ${AFTER_STOP}`;
    default: return 'Dit neemt de kaart niet over. De rest van deze gegevens wordt wel geïmporteerd; u hoeft niets aan te vinken.';
  }
}

/** The most field names a sentence names; the rest are counted. */
const NAMED_FIELDS = 20;

/**
 * "Deze velden kent de kaart niet; ze worden niet geïmporteerd: a, b en nog 3 velden." `fields` may be the first of
 * `count` (the server sends 50): a file with 100,000 unknown fields is one short sentence.
 */
export function ignoredFieldsText(fields: readonly string[], count = fields.length, imported = false): string {
  const named = fields.slice(0, NAMED_FIELDS);
  const more = count - named.length;
  const list = dutchList(more > 0 ? [...named, `nog ${countText(more, 'veld', 'velden', dutchNumber)}`] : named);
  return `Deze velden kent de kaart niet; ze ${imported ? 'zijn' : 'worden'} niet geïmporteerd: ${list}.`;
}
