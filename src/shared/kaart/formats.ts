/** The text formats of the kaart: Dutch phone numbers, postcodes, web and e-mail addresses, times. */

const PHONE_SEPARATORS = /[\s\-.()/]/g;

/**
 * A phone number as a `tel:` link, or undefined when it is not a number we can dial.
 * Checks the shape, not whether the number is in use: national 0 + 9 digits, 0800/0900/0906/0909
 * with 4 or 7 digits, municipal 14 + area code (14 0xx), or international +CC / 00CC.
 */
export function telHref(number: string): string | undefined {
  if (typeof number !== 'string' || number.length > 40) return undefined;
  const compact = number.trim().replace(/\(0\)/g, '').replace(PHONE_SEPARATORS, '');
  if (/^0(800|900|906|909)(\d{4}|\d{7})$/.test(compact)) return `tel:+31${compact.slice(1)}`;
  if (/^0\d{9}$/.test(compact)) return `tel:+31${compact.slice(1)}`;
  if (/^140\d{2,3}$/.test(compact)) return `tel:${compact}`;
  const international = compact.startsWith('+') ? compact.slice(1) : /^00\d{9,}$/.test(compact) ? compact.slice(2) : undefined;
  if (international === undefined || !/^[1-9]\d{6,14}$/.test(international)) return undefined;
  if (international.startsWith('31') && !/^31(\d{9}|(800|900|906|909)(\d{4}|\d{7}))$/.test(international)) return undefined;
  return `tel:+${international}`;
}

/** Whether a phone number can be dialled from a `tel:` link. */
export function isDialablePhone(number: unknown): boolean {
  return typeof number === 'string' && telHref(number) !== undefined;
}

const POSTAL_CODE = /^[1-9]\d{3} [A-Z]{2}$/;

/** Whether a postcode is in the stored form "1234 AB". */
export function isPostalCode(value: unknown): value is string {
  return typeof value === 'string' && POSTAL_CODE.test(value);
}

/** "1234ab", " 1234  AB " → "1234 AB"; anything else comes back trimmed, unchanged. */
export function normalizePostalCode(value: string): string {
  const match = /^\s*([1-9]\d{3})\s*([a-zA-Z]{2})\s*$/.exec(value);
  return match ? `${match[1]} ${match[2].toUpperCase()}` : value.trim();
}

/** Whether a web address is an absolute http(s) URL with a host name. */
export function isWebUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^https?:\/\/[^\s]+$/i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/** "www.example.nl" → "https://www.example.nl" (people leave the scheme out). */
export function normalizeWebUrl(value: string): string {
  const trimmed = value.trim();
  return (/^www\./i.test(trimmed) || isHostName(trimmed.split('/', 1)[0])) && !/^[a-z]+:/i.test(trimmed) ? `https://${trimmed}` : trimmed;
}

/**
 * Whether a text is a host name of two or more labels ("bibliotheek.nl"). Label by label: a regular expression with a
 * repeated group backtracks its way out of the stack on a cell of megabytes (RangeError, found by a 5 MB Website cell).
 */
function isHostName(text: string): boolean {
  const labels = text.split('.');
  return labels.length >= 2 && labels.every((label) => /^[a-z0-9-]+$/i.test(label));
}

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[a-z]{2,}$/i;

/** Whether a value looks like one e-mail address. */
export function isEmail(value: unknown): value is string {
  return typeof value === 'string' && EMAIL.test(value);
}

/** Whether a value is a clock time "HH:MM" (00:00–23:59). */
export function isClockTime(value: unknown): value is string {
  return typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/**
 * A time as staff type it, in 24 hours, as "HH:MM": "9", "900", "0900", "9.00", "9:00", "9,00" (a Dutch keypad's
 * decimal key is a comma), "14.30", "1430" → "09:00",
 * "14:30" (spaces around it left out); undefined for anything that is no time of day ("25:00", "9.75", "9:5", "abc").
 * The kaart edit form's "Open van" and "Tot", so every tablet takes and shows the same, whatever its language.
 */
export function typedClockTime(text: string): string | undefined {
  const match = /^(\d{1,2})(?:[:.,]?(\d{2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const time = `${match[1].padStart(2, '0')}:${match[2] ?? '00'}`;
  return isClockTime(time) ? time : undefined;
}

/** "09:30" → "9:30", the way times are written in Dutch text. */
export function shortTime(time: string): string {
  return time.replace(/^0(\d)/, '$1');
}
