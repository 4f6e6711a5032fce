/**
 * The personal-data guard: does a short free text seem to hold personal data of a visitor?
 *
 * It runs on every keystroke in the form and on every record the server takes in, so it is built from
 * plain scans and regular expressions that cannot backtrack badly: every pattern starts at a fixed
 * point (a digit after a non-digit, a word start, an `@`) and every repeat is bounded or unambiguous.
 * Text is normalised first (NFKC, every kind of space, invisible characters, other digits and dashes),
 * so a full-width `０６－１２３４５６７８` or a BSN with zero-width spaces is found as well.
 */

/** What kind of personal data a free text seems to hold. */
export type PersonalDataKind = 'bsn' | 'email' | 'phone' | 'iban' | 'address' | 'birthdate';

const WHAT_TO_DO = 'Schrijf geen telefoonnummer, BSN of adres van de bezoeker. Beschrijf de vraag in algemene woorden.';

/** Dutch messages that say why the text was refused and what to do. */
export const personalDataMessages: Record<PersonalDataKind, string> = {
  bsn: `Dit lijkt op een burgerservicenummer (BSN). ${WHAT_TO_DO}`,
  email: `Dit lijkt op een e-mailadres. Schrijf geen e-mailadres, telefoonnummer of BSN van de bezoeker. Beschrijf de vraag in algemene woorden.`,
  phone: `Dit lijkt op een telefoonnummer. ${WHAT_TO_DO}`,
  iban: `Dit lijkt op een bankrekeningnummer (IBAN). Schrijf geen rekeningnummer, telefoonnummer of BSN van de bezoeker. Beschrijf de vraag in algemene woorden.`,
  address: `Dit lijkt op een adres (straat of postcode met huisnummer). ${WHAT_TO_DO}`,
  birthdate: `Dit lijkt op een geboortedatum. Schrijf geen geboortedatum, BSN of adres van de bezoeker. Beschrijf de vraag in algemene woorden.`,
};

/** The BSN 11-test: 9 digits, weights 9..2 and -1, sum divisible by 11 and not zero. */
export function passesElevenTest(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

/** IBAN check: move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function isValidIban(candidate: string): boolean {
  const iban = candidate.replace(/[\s-]+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

// ---------------------------------------------------------------------------------------------------
// Normalisation

const DECIMAL_DIGIT = /\p{Nd}/u;
const digitCache = new Map<string, string>();

/** The value of any Unicode decimal digit (Arabic-Indic, Devanagari, …): digits 0–9 are consecutive code points. */
function asciiDigit(ch: string): string {
  const cached = digitCache.get(ch);
  if (cached !== undefined) return cached;
  let cp = ch.codePointAt(0)!;
  let steps = 0;
  while (steps < 60 && DECIMAL_DIGIT.test(String.fromCodePoint(cp - 1))) {
    cp--;
    steps++;
  }
  const value = String(steps % 10);
  digitCache.set(ch, value);
  return value;
}

/**
 * The text as the guard reads it: NFKC (full-width digits, letters and `＠`), combining marks and invisible
 * characters (zero-width space, soft hyphen, direction marks) gone, every space (and `_`, as in codes) one plain space, every dash
 * `-`, every dot-like sign `.`, every slash `/`, every decimal digit an ASCII digit.
 */
export function normaliseForGuard(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\p{Cf}\p{Mn}\p{Me}\u115F\u1160\u3164\uFFA0]/gu, '')
    .replace(/[\s\p{Z}_]+/gu, ' ')
    .replace(/\p{Cc}/gu, '')
    .replace(/[\p{Pd}\u2212\u2043\u02D7\u2796]/gu, '-')
    .replace(/[\u00B7\u2022\u2027\u2219\u22C5\u2024\u3002\u30FB\uFF61\u2981\u25CF]/g, '.')
    .replace(/[\u2044\u2215\u29F8\\]/g, '/')
    .replace(/[^\d\P{Nd}]/gu, asciiDigit)
    // "O6-12345678": a letter O written for a zero at the start of a number or between digits; an l or I for a one between digits.
    .replace(/(?<![\p{L}])[Oo](?=\d)|(?<=\d[ ./-]?)[Oo](?=\d)|(?<=\d)[Oo](?![\p{L}])/gu, '0')
    .replace(/(?<=\d[ ./-]?)[lI](?=\d)/g, '1');
}

// ---------------------------------------------------------------------------------------------------
// E-mail addresses, also written "naam [at] domein [dot] nl" or "naam apenstaartje domein punt nl"

const BRACKETED_AT = / ?[[({<] ?(?:at|@|apenstaartje) ?[\])}>] ?/gi;
const BRACKETED_DOT = / ?[[({<] ?(?:dot|punt|\.) ?[\])}>] ?/gi;
const LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
const DOMAIN_START = /[\p{L}\p{N}][\p{L}\p{N}-]/uy;
const TLD = '(?:nl|be|com|net|org|eu|de|info|nu|online|email|live|me|io|fr|uk|tr|ma|pl)';
const SPELLED_EMAIL = new RegExp(`(?<=[\\p{L}\\p{N}._-]) (?:at|apenstaartje) [\\p{L}\\p{N}-]{1,63}(?: ?\\. ?| dot | punt )${TLD}(?![\\p{L}])`, 'giu');

const SPACED_DOMAIN = new RegExp(`[\\p{L}\\p{N}.-]{1,63} ?\\. ?${TLD}(?![\\p{L}])`, 'iuy');

function hasEmail(text: string): boolean {
  const spelled = text.replace(BRACKETED_AT, '@').replace(BRACKETED_DOT, '.');
  for (let at = spelled.indexOf('@'); at !== -1; at = spelled.indexOf('@', at + 1)) {
    const spaceBefore = spelled[at - 1] === ' ';
    const before = spelled[spaceBefore ? at - 2 : at - 1];
    if (before === undefined || !LOCAL_CHAR.test(before)) continue;
    const spaceAfter = spelled[at + 1] === ' ';
    const start = spaceAfter ? at + 2 : at + 1;
    // "jan@ziggo": glued on both sides is enough; "jan @ ziggo.nl" with spaces needs a domain ending.
    const domain = spaceBefore || spaceAfter ? SPACED_DOMAIN : DOMAIN_START;
    domain.lastIndex = start;
    if (domain.test(spelled)) return true;
  }
  SPELLED_EMAIL.lastIndex = 0;
  return SPELLED_EMAIL.test(spelled);
}

// ---------------------------------------------------------------------------------------------------
// IBANs: a Dutch one also when glued to a word ("rekeningNL91ABNA…"); other countries as a separate word

const NL_IBAN = /nl[ -]?\d{2}[ -]?[a-z]{4}(?:[ -]?\d){10}(?!\d)/gi;
const OTHER_IBAN = /(?<![\p{L}\p{N}])[a-z]{2}\d{2}(?: ?[a-z0-9]){11,30}(?![\p{L}\p{N}])/giu;

/** Finds IBANs, and blanks out every IBAN-shaped code (right checksum or not) so its digits are not read as a phone number. */
function scanIbans(text: string): { found: boolean; rest: string } {
  let found = false;
  const blank = (match: string) => {
    if (isValidIban(match)) found = true;
    return ' # ';
  };
  const rest = text.replace(NL_IBAN, blank).replace(OTHER_IBAN, (match) => (isValidIban(match) ? blank(match) : match));
  return { found, rest };
}

// ---------------------------------------------------------------------------------------------------
// Dates: a date of birth is refused; other dates (appointments, letters) are blanked out before numbers are read

const MONTHS = 'januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec';
const NUMERIC_DATE = /(?<!\d)(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?!\d)/g;
const ISO_DATE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;
const WRITTEN_DATE = new RegExp(`(?<!\\d)(\\d{1,2}) ?(?:${MONTHS})\\.? ?(\\d{4}|'\\d{2})(?!\\d)`, 'gi');
const BIRTH_WORD = /(?<![\p{L}])(?:geboortedatum|geboortedag|geboortejaar|geboren|geb\.datum|gebdatum|geb|verjaardag|jarig|dob|d\.o\.b)(?![\p{L}])[.:]?/giu;
const YEAR_OR_DATE_AFTER_BIRTH_WORD = new RegExp(
  `^[ :,.-]{0,3}(?:op |in |de |op de )?(?:\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2} ?(?:${MONTHS})|(?:19|20)\\d{2}|'\\d{2})`,
  'i',
);

const isDayMonth = (day: number, month: number) => day >= 1 && day <= 31 && month >= 1 && month <= 12;

function hasBirthDate(text: string): boolean {
  for (const match of text.matchAll(BIRTH_WORD)) {
    if (YEAR_OR_DATE_AFTER_BIRTH_WORD.test(text.slice(match.index + match[0].length, match.index + match[0].length + 30))) return true;
  }
  // Without such a word: a full date in the twentieth century is a date of birth, not an appointment or a letter.
  for (const [, d, , m, y] of text.matchAll(NUMERIC_DATE)) {
    if (y.length === 4 && y.startsWith('19') && isDayMonth(+d, +m)) return true;
  }
  for (const [, y, m, d] of text.matchAll(ISO_DATE)) if (y.startsWith('19') && isDayMonth(+d, +m)) return true;
  for (const [, d, y] of text.matchAll(WRITTEN_DATE)) if (y.startsWith('19') && +d >= 1 && +d <= 31) return true;
  return false;
}

/** Blanks out dates with a year and amounts of money, which are full of digits but hold no personal data. */
function blankDatesAndAmounts(text: string): string {
  return text
    .replace(NUMERIC_DATE, (match, d: string, _sep: string, m: string, y: string) => (y.length === 4 && isDayMonth(+d, +m) ? ' # ' : match))
    .replace(ISO_DATE, (match, _y: string, m: string, d: string) => (isDayMonth(+d, +m) ? ' # ' : match))
    .replace(/(?:€ ?|\beur(?:o)? ?)-?\d[\d.]{0,15}(?:,(?:\d{1,2}|-))?|(?<![\d.])\d{1,3}(?:\.\d{3}){1,4},(?:\d{2}|-)(?!\d)/gi, ' # ');
}

// ---------------------------------------------------------------------------------------------------
// Phone numbers and BSNs: runs of digits with the separators people type inside numbers, glued to letters or not

/** A digit chunk and what stands before it. */
interface Chunk {
  digits: string;
  /** a `+` right before the chunk (after separators) */
  plus: boolean;
}

const SEPARATOR = new Set([' ', '.', '-', '/', '(', ')', '+', '*', '|', '~']);
const MAX_GAP = 4;
const MAX_WINDOW_CHUNKS = 10;
const MAX_DIGITS = 15;

/** Splits the text into groups of digit chunks that are separated only by a few separator characters. */
function digitGroups(text: string): Chunk[][] {
  const groups: Chunk[][] = [];
  let group: Chunk[] = [];
  let i = 0;
  let gapHasPlus = false;
  while (i < text.length) {
    const ch = text[i];
    if (ch >= '0' && ch <= '9') {
      let j = i;
      while (j < text.length && text[j] >= '0' && text[j] <= '9') j++;
      group.push({ digits: text.slice(i, j), plus: gapHasPlus });
      gapHasPlus = false;
      i = j;
      // Look across the gap to the next chunk: only separators, and only a few.
      let k = i;
      while (k < text.length && k - i <= MAX_GAP && SEPARATOR.has(text[k])) k++;
      const nextIsDigit = k < text.length && text[k] >= '0' && text[k] <= '9';
      if (!nextIsDigit || k - i > MAX_GAP) {
        groups.push(group);
        group = [];
      } else {
        gapHasPlus = text.slice(i, k).includes('+');
        i = k;
      }
    } else {
      gapHasPlus = ch === '+' || (gapHasPlus && ch === ' ');
      i++;
    }
  }
  if (group.length) groups.push(group);
  return groups;
}

/** Dutch numbers for companies and services (088, 0800, 0900, 0909) are not a visitor's. */
const SERVICE_PREFIX = /^0(?:88|800|90[0-9])/;

function isPhone(digits: string, plus: boolean): boolean {
  if (plus || digits.startsWith('00')) {
    const international = plus ? digits : digits.slice(2);
    if (international.startsWith('31')) {
      const national = international.slice(2).replace(/^0/, '');
      return national.length === 9 && !/^(?:88|800|90)/.test(national);
    }
    // Any other country: a country code and a subscriber number, 9 to 13 digits in all.
    return /^[1-9]/.test(international) && international.length >= 9 && international.length <= 13;
  }
  return digits.length === 10 && digits[0] === '0' && digits[1] !== '0' && !SERVICE_PREFIX.test(digits);
}

function scanNumbers(text: string, found: Set<PersonalDataKind>) {
  for (const group of digitGroups(text)) {
    for (let from = 0; from < group.length; from++) {
      let digits = '';
      for (let to = from; to < group.length && to < from + MAX_WINDOW_CHUNKS; to++) {
        digits += group[to].digits;
        if (digits.length > MAX_DIGITS) break;
        if (isPhone(digits, group[from].plus)) found.add('phone');
        else if (digits.length === 9 && passesElevenTest(digits)) found.add('bsn');
        // An old BSN is sometimes written with 8 digits (its leading zero dropped): only as one unbroken number,
        // so "2024-2025" is never read as one.
        else if (to === from && digits.length === 8 && passesElevenTest('0' + digits)) found.add('bsn');
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Addresses: a postcode (1234 AB) with a house number before or after it, or a street name with a number

// Lower-case words that follow a number in ordinary sentences ("2024 en 2025"), never postcode letters.
const NOT_POSTCODE_LETTERS = new Set([
  'en', 'in', 'of', 'op', 'om', 'te', 'is', 'na', 'al', 'nu', 'ja', 'je', 'ze', 'we', 'me', 'de', 'er', 'uw', 'zo', 'nl', 'eu',
  'ik', 'mg', 'ma', 'di', 'wo', 'do', 'vr', 'za', 'km', 'kg', 'cm', 'mm', 'ml', 'mb', 'gb', 'kb', 'nr', 'ca', 'pm', 'am', 'tm', 'pp', 'st', 'bv',
]);
const POSTCODE = '[1-9]\\d{3} ?-? ?([a-z]{2})(?![\\p{L}])';
const HOUSE_NUMBER_WORD = '(?:(?:huisnummer|huisnr|nummer|nr|no)\\.?[ ,:]{0,2})?';
const POSTCODE_THEN_NUMBER = new RegExp(`(?<!\\d)${POSTCODE}[ ,.:/-]{0,3}${HOUSE_NUMBER_WORD}\\d{1,5}(?!\\d)`, 'giu');
const NUMBER_THEN_POSTCODE = new RegExp(`(?<![\\d,.])\\d{1,5}(?: ?-? ?[a-z]{1,2}(?![\\p{L}]))?(?:-\\d{1,3})?[ ,.;-]{1,3}(?:postcode:? ?)?${POSTCODE}`, 'giu');
const STREET = /(?<![\p{L}])(\p{L}{0,40}(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|dreef|plantsoen|markt))\.?,? ?(?:nr\.? ?)?(\d{1,4})(?: ?[a-z](?![\p{L}]))?(?!\d)/giu;
const NOT_STREETS = new Set(['weg', 'onderweg', 'halfweg']);

// Dutch postcodes never use the letters F, I, O, Q, U and Y, nor SA, SD and SS: "2023 IB 60" is a tax form.
const POSTCODE_LETTERS = /^(?!sa|sd|ss)[abcdeghjklmnprstvwxz]{2}$/i;

function isPostcodeLetters(letters: string): boolean {
  if (!POSTCODE_LETTERS.test(letters)) return false;
  return letters === letters.toUpperCase() || !NOT_POSTCODE_LETTERS.has(letters);
}

function hasAddress(text: string): boolean {
  for (const pattern of [POSTCODE_THEN_NUMBER, NUMBER_THEN_POSTCODE]) {
    for (const [, letters] of text.matchAll(pattern)) if (isPostcodeLetters(letters)) return true;
  }
  for (const [, street, number] of text.matchAll(STREET)) {
    // "woningmarkt 2025" is a year, not a house number.
    if (!NOT_STREETS.has(street.toLowerCase()) && !/^(?:19|20)\d{2}$/.test(number)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------

/** The kinds of personal data a free text seems to hold, most certain first; empty when none. */
export function findPersonalData(text: string): PersonalDataKind[] {
  const found = new Set<PersonalDataKind>();
  const normal = normaliseForGuard(text);
  if (hasEmail(normal)) found.add('email');
  const { found: iban, rest } = scanIbans(normal);
  if (iban) found.add('iban');
  if (hasBirthDate(rest)) found.add('birthdate');
  scanNumbers(blankDatesAndAmounts(rest), found);
  if (hasAddress(rest)) found.add('address');
  return [...found];
}

/** Whether a text seems to hold personal data. */
export function hasPersonalData(text: string): boolean {
  return findPersonalData(text).length > 0;
}
