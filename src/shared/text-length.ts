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
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    // a high surrogate followed by a low one is one code point; a lone surrogate counts as one
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** Whether a text has more than `max` characters (textLength); a text of at most `max` UTF-16 units is never counted. */
export function isLongerThan(text: string, max: number): boolean {
  return text.length > max && textLength(text) > max;
}

/** A count with Dutch thousands separators ("4.000"), without Intl: the first screen's messages use it too. */
const dutchCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/**
 * "hoogstens N tekens. Nu zijn het er M.": the one way a text over its limit is told, on the tablet and the server. The
 * caller writes the lead-in ("Gebruik ", "Gebruik voor naam ", "De titel is te lang: "); M is `text`'s textLength.
 */
export function tooLongText(max: number, text: string): string {
  return `hoogstens ${dutchCount(max)} tekens. Nu zijn het er ${dutchCount(textLength(text))}.`;
}
