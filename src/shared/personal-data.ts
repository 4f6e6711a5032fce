/** What kind of personal data a free text seems to hold. */
export type PersonalDataKind = 'bsn' | 'email' | 'phone' | 'iban' | 'address';

/** Dutch messages that say why the text was refused and what to do. */
export const personalDataMessages: Record<PersonalDataKind, string> = {
  bsn: 'Dit lijkt op een burgerservicenummer (BSN). Schrijf hier geen persoonsgegevens. Haal het nummer weg.',
  email: 'Dit lijkt op een e-mailadres. Schrijf hier geen persoonsgegevens. Haal het e-mailadres weg.',
  phone: 'Dit lijkt op een telefoonnummer. Schrijf hier geen persoonsgegevens. Haal het nummer weg.',
  iban: 'Dit lijkt op een bankrekeningnummer (IBAN). Schrijf hier geen persoonsgegevens. Haal het nummer weg.',
  address: 'Dit lijkt op een adres (postcode met huisnummer). Schrijf hier geen persoonsgegevens. Haal het adres weg.',
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
  const iban = candidate.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;
// A run of digits with the separators people type inside numbers.
const NUMBER_RUN = /(?:\+|\b)[\d][\d .\-()/]*\d\b/g;
const IBAN_RUN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b/gi;
// A postcode (1234 AB) with a house number right before or after it.
const POSTCODE_WITH_NUMBER = [
  /\b[1-9]\d{3}\s?([a-z]{2})\b[\s,]*\d{1,5}\b/gi,
  /\b\d{1,5}\s?[a-z]?[\s,]+[1-9]\d{3}\s?([a-z]{2})\b/gi,
];
// Lower-case words that follow a number in ordinary sentences ("2024 en 2025"), never postcode letters.
const NOT_POSTCODE_LETTERS = new Set(['en', 'in', 'of', 'op', 'om', 'te', 'is', 'na', 'al', 'nu', 'ja', 'je', 'ze', 'we', 'me', 'de', 'er', 'uw', 'zo', 'nl', 'eu']);

function hasPostcodeWithNumber(text: string): boolean {
  return POSTCODE_WITH_NUMBER.some((pattern) =>
    [...text.matchAll(pattern)].some(([, letters]) => letters === letters.toUpperCase() || !NOT_POSTCODE_LETTERS.has(letters)),
  );
}

function isDutchPhoneNumber(run: string): boolean {
  const digits = run.replace(/\D/g, '');
  if (run.startsWith('+31') || digits.startsWith('0031')) {
    const national = digits.replace(/^(0031|31)/, '').replace(/^0/, '');
    return national.length === 9;
  }
  return digits.length === 10 && digits.startsWith('0') && digits[1] !== '0';
}

function looksLikeBsn(run: string): boolean {
  const digits = run.replace(/[ .\-]/g, '');
  if (!/^\d+$/.test(digits)) return false;
  // BSNs are 9 digits; old ones are sometimes written with 8 (a leading zero dropped).
  if (digits.length === 9) return passesElevenTest(digits);
  if (digits.length === 8) return passesElevenTest('0' + digits);
  return false;
}

/** The kinds of personal data a free text seems to hold, most certain first; empty when none. */
export function findPersonalData(text: string): PersonalDataKind[] {
  const found = new Set<PersonalDataKind>();
  if (EMAIL.test(text)) found.add('email');
  for (const match of text.matchAll(IBAN_RUN)) if (isValidIban(match[0])) found.add('iban');
  for (const match of text.matchAll(NUMBER_RUN)) {
    // "06 1234 5678 of 123 456 782" is one run: try every stretch of its space-separated parts.
    const parts = match[0].split(/\s+/);
    for (let from = 0; from < parts.length; from++) {
      for (let to = from + 1; to <= Math.min(parts.length, from + 6); to++) {
        const run = parts.slice(from, to).join(' ');
        if (isDutchPhoneNumber(run)) found.add('phone');
        else if (looksLikeBsn(run)) found.add('bsn');
      }
    }
  }
  if (hasPostcodeWithNumber(text)) found.add('address');
  return [...found];
}
