import ido20241 from './codelists/ido-2024.1.json';
import { ownValue } from './own-key';

/** The code lists of one schema version: code → Dutch label, per list. */
export type CodeLists = typeof ido20241;
export type ListName = keyof CodeLists['lists'];

export const SCHEMA_VERSION = 'ido-2024.1' as const;
export type SchemaVersion = typeof SCHEMA_VERSION;

/** Every schema version this build understands, with its code lists. */
export const codeListsByVersion: Record<string, CodeLists> = { [ido20241.schemaVersion]: ido20241 };

/**
 * Whether this build knows a schema version. Its own keys only: a record's `"__proto__"` or `"constructor"` is no
 * version (the lookups below would read Object.prototype's nonexistent lists and throw).
 */
export function isSchemaVersion(version: unknown): version is string {
  return typeof version === 'string' && Object.hasOwn(codeListsByVersion, version);
}

/** The code lists of the current schema version. */
export const codeLists: CodeLists = ido20241;

/**
 * One list of a schema version as code → label, or undefined: own keys only at both steps, so a version or list named
 * "__proto__" or "constructor" (from a record, a file, a query) is unknown rather than Object.prototype or a function.
 */
function entriesOf(list: string, version: string): Readonly<Record<string, string>> | undefined {
  const lists = ownValue(codeListsByVersion, version)?.lists as Record<string, Record<string, string>> | undefined;
  return lists === undefined ? undefined : ownValue(lists, list);
}

/** The codes of a list, in the order of the data file. */
export function codes(list: ListName, version: string = SCHEMA_VERSION): string[] {
  return Object.keys(entriesOf(list, version) ?? {});
}

/** Codes offered for new input: historic codes (kept for old data) are left out. */
export function currentCodes(list: ListName): string[] {
  const historic: string[] = ownValue(codeLists.historic as Record<string, string[]>, list) ?? [];
  return codes(list).filter((code) => !historic.includes(code));
}

/** The Dutch label of a code, or the code itself when the list does not know it (also "__proto__" or "constructor"). */
export function label(list: ListName, code: string, version: string = SCHEMA_VERSION): string {
  const entries = entriesOf(list, version);
  return (entries && ownValue(entries, code)) ?? code;
}

/** Whether a code is in a list of the given schema version. */
export function isCode(list: ListName, code: unknown, version: string = SCHEMA_VERSION): code is string {
  const entries = entriesOf(list, version);
  return typeof code === 'string' && entries !== undefined && Object.hasOwn(entries, code);
}

/** The question category a topic belongs to (most topics are about the digital government). */
export function categoryOfTopic(topic: string): string {
  return ownValue(codeLists.topicCategory as Record<string, string>, topic) ?? 'digitale_overheid';
}

/** The government organisation a topic is usually about, if any. */
export function governmentOrganisationOfTopic(topic: string): string | undefined {
  return ownValue(codeLists.topicGovernmentOrganisation as Record<string, string>, topic);
}
