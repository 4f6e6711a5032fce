import { dutchNumber } from './count-text';
/**
 * How many characters a text has as a person counts them, for every "hoogstens N tekens" (the sociale kaart, notes): the
 * form on the tablet and the server's check count alike, because both call this.
 *
 * Unicode code points, not `String.length` (UTF-16 code units, where an emoji or another character outside the Basic
 * Multilingual Plane counts 2). PostgreSQL's `char_length` and a Frictionless `maxLength` count the same way.
 * Not grapheme clusters (`Intl.Segmenter`): its rules follow each engine's Unicode version, so a tablet's browser and
 * the server's Node could count one text differently, and one cluster may hold any number of combining marks, so a
 * limit in clusters would bound no size. A flag or a family emoji (several code points joined) counts as several.
 */
export function textLength(text: string): number {
  let count = text.length;
  // a high surrogate followed by a low one is one code point; a lone surrogate counts as one
  for (let i = 0; i < text.length - 1; i++) {
    if (pairAt(text, i)) {
      count--;
      i++;
    }
  }
  return count;
}

/** Whether a surrogate pair (one code point, two UTF-16 units) starts at `index`. */
function pairAt(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  if (unit < 0xd800 || unit > 0xdbff) return false;
  const next = text.charCodeAt(index + 1);
  return next >= 0xdc00 && next <= 0xdfff;
}

/** Whether a text has more than `max` characters (textLength); a text of at most `max` UTF-16 units is never counted. */
export function isLongerThan(text: string, max: number): boolean {
  return text.length > max && textLength(text) > max;
}

/**
 * "hoogstens N tekens. Nu zijn het er M.": the one way a text over its limit is told, on the tablet and the server. The
 * caller writes the lead-in ("Gebruik ", "Gebruik voor naam ", "De titel is te lang: "); M is `text`'s textLength.
 */
export function tooLongText(max: number, text: string): string {
  return `hoogstens ${dutchNumber(max)} tekens. Nu zijn het er ${dutchNumber(textLength(text))}.`;
}

// A code point that belongs to the one before it: a combining mark or variation selector, a zero-width joiner, an emoji
// skin tone, a tag character (the flag of Scotland).
const JOINS_PREVIOUS = /^[\p{M}\u200d\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;
const isRegionalIndicator = (point: number | undefined): boolean => point !== undefined && point >= 0x1f1e6 && point <= 0x1f1ff;

/** Where the code point before `index` starts. */
function previousStart(text: string, index: number): number {
  return index >= 2 && pairAt(text, index - 2) ? index - 2 : index - 1;
}

/** Whether a cut at `index` would part what is read as one character: an emoji from its skin tone, a letter from its accent, half a flag. */
function partsCharacter(text: string, index: number): boolean {
  if (JOINS_PREVIOUS.test(text.slice(index, index + 2))) return true;
  const before = previousStart(text, index);
  if (text.charCodeAt(before) === 0x200d) return true;
  if (!isRegionalIndicator(text.codePointAt(index))) return false;
  let indicators = 0; // a flag is two regional indicators: an odd number before the cut would leave half of one
  for (let at = before; at >= 0 && isRegionalIndicator(text.codePointAt(at)); at = previousStart(text, at)) indicators++;
  return indicators % 2 === 1;
}

/**
 * A text of a file or a person as a message or a short display repeats it: the whole text when it has at most `max`
 * characters (textLength), else its first `max` characters and `mark` ("…"; a search takes them without one). Never half an emoji (a surrogate pair stays whole),
 * and never a letter without its accent, an emoji without its skin tone or joined part, or half a flag: the cut moves back
 * to before such a character (unless that would leave nothing). Reads only the start of a text of any size.
 */
export function cutText(text: string, max: number, mark = '…'): string {
  if (!isLongerThan(text, max)) return text;
  let end = 0;
  for (let n = 0; n < max; n++) end += pairAt(text, end) ? 2 : 1;
  let cut = end;
  while (cut > 0 && partsCharacter(text, cut)) cut = previousStart(text, cut);
  return `${text.slice(0, cut > 0 ? cut : end)}${mark}`;
}

/**
 * How many characters (textLength) of a search box are searched: the kaart's, the referral picker's filter and Beheer's
 * partner search for a Snelwijzer card. A search box counts like every other field (its maxlength is twice this, as the
 * browser counts UTF-16 units, an emoji 2), but what goes past it is left out without a word: a search box has nothing
 * to correct, and no one searches with more.
 */
export const SEARCH_MAX = { kaart: 200, referral: 100, partner: 100 } as const;

/** The part of a search box's text that is searched: its first `max` characters, never half an emoji. */
export const searchedText = (text: string, max: number): string => cutText(text, max, '');
