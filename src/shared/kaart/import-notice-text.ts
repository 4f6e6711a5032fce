import { countText, dutchNumber } from '../count-text';
import { dutchList } from '../dutch-text';

/**
 * The words for what an import tells without stopping (the notices: what the kaart does not take of a sound file, the
 * fields it does not know), the same on the tablet's import page and on Beheer's: one text, two pages.
 */

/** The heading above the notices. */
export const NOTICES_HEADING = 'Let op';

/** Under the notices' heading: what they mean, before the import (nothing to tick for them) or after it. */
export const notTakenText = (imported = false): string =>
  imported ? 'Dit heeft de kaart niet overgenomen. De rest van deze gegevens is wel geïmporteerd.'
    : 'Dit neemt de kaart niet over. De rest van deze gegevens wordt wel geïmporteerd; u hoeft niets aan te vinken.';

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
