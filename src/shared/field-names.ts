import { ownValue } from './own-key';

/** A field a message names: `Het veld "hoursFrom"` (group 1 the H, group 2 the key) or a key in quotes (group 3). */
const NAMED_FIELD = /([Hh])et veld "([^"]+)"|"([A-Za-z]+)"/g;

/**
 * The one key of `names` that a message names as "Het veld …" (`Het veld "catchmentPopulation" moet …`), for a form that
 * shows the message at that field; undefined when it names none of them, or two ("latitude" and "longitude" together).
 */
export function fieldNamed(message: string, names: Readonly<Record<string, string>>): string | undefined {
  const named = new Set([...message.matchAll(NAMED_FIELD)].map((match) => match[2]).filter((key) => key !== undefined && ownValue(names, key) !== undefined));
  return named.size === 1 ? [...named][0] : undefined;
}

/**
 * An admin API message in its reader's words: each field it names by its API key (`Het veld "hoursFrom"`, or a key in
 * quotes, `"idoHoursPerWeek"`) named as `names` says (API key → name), `field` writing what stands for "Het veld …"
 * (`capital`: at the start of a sentence) and `quoted` what stands for a key in quotes. Own entries of `names` only: a
 * quoted word such as "constructor" or "toString" in a message, and a key `names` does not know, keep the server's words.
 */
export function messageNamingFields(
  message: string, names: Readonly<Record<string, string>>, field: (name: string, capital: boolean) => string, quoted: (name: string) => string,
): string {
  return message.replace(NAMED_FIELD, (whole, h: string | undefined, veld: string | undefined, key: string | undefined) => {
    const name = ownValue(names, veld ?? key ?? '');
    if (!name) return whole;
    return h ? field(name, h === 'H') : quoted(name);
  });
}

/**
 * A server message in the words of a Beheer form: a field it names by its API key named by the form's label (`names`:
 * API key → label), `Het veld "hoursFrom" ligt vóór …` → `Het veld "Nieuwe uren gelden vanaf" ligt vóór …`.
 */
export function messageInFieldLabels(message: string, names: Readonly<Record<string, string>>): string {
  return messageNamingFields(message, names, (name, capital) => `${capital ? 'Het' : 'het'} veld "${name}"`, (name) => `"${name}"`);
}

/** A form's labels as a message names their fields: without a hint in brackets ("Breedtegraad (mag leeg)": "Breedtegraad"). */
export function namesOfLabels<K extends string>(labels: Readonly<Record<K, string>>): Record<K, string> {
  return Object.fromEntries(Object.entries<string>(labels).map(([key, label]) => [key, label.replace(/\s*\([^)]*\)$/, '')])) as Record<K, string>;
}
