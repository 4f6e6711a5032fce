import { languageName, OWN_LANGUAGE_NAMES } from './labels';
import { cutText } from '../../shared/text-length';

/** The languages a library's partners most often offer help in: the tiles of the edit form, in this order. */
export const COMMON_LANGUAGES = ['nl', 'en', 'ar', 'tr', 'pl', 'uk', 'ru', 'fa', 'ti', 'so', 'pap', 'fy'] as const;

// Languages with only a three-letter code that people in the Netherlands ask for, found by their Dutch name too.
const THREE_LETTER = ['prs', 'ckb', 'fil', 'yue', ...Object.keys(OWN_LANGUAGE_NAMES)];
// Names people use that are not the language's own name.
const OTHER_NAMES: Record<string, string> = {
  farsi: 'fa', sorani: 'ckb', koerdisch_sorani: 'ckb', marokkaans: 'ary', riffijns: 'rif', tarifit: 'rif', sranan: 'srn',
};
const KNOWN = new Intl.DisplayNames(['nl'], { type: 'language', fallback: 'none' });
const SHOWN_MAX = 40;

/** A name as typed, for comparing: lower case, no accents, words joined by one underscore. */
const plain = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim().replace(/[\s\-()]+/g, '_').replace(/^_|_$/g, '');

let byName: Map<string, string> | undefined;
function codesByName(): Map<string, string> {
  if (byName) return byName;
  byName = new Map(Object.entries(OTHER_NAMES));
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const twoLetter = [...letters].flatMap((a) => [...letters].map((b) => a + b));
  for (const code of [...twoLetter, ...THREE_LETTER]) {
    if (!isKnownCode(code)) continue;
    const name = plain(Object.hasOwn(OWN_LANGUAGE_NAMES, code) ? OWN_LANGUAGE_NAMES[code] : KNOWN.of(code)!);
    if (!byName.has(name)) byName.set(name, code);
  }
  return byName;
}

/** Whether we or Intl name this code in Dutch, and no other code replaced it (`iw` is `he` now; `prs`, Dari, stays, as `fa-AF`). */
function isKnownCode(code: string): boolean {
  if (Object.hasOwn(OWN_LANGUAGE_NAMES, code)) return true;
  try {
    const current = Intl.getCanonicalLocales(code)[0];
    return KNOWN.of(code) !== undefined && (current === code || !/^[a-z]{2,3}$/.test(current));
  } catch {
    return false;
  }
}

/** The language code for what staff typed (a Dutch name such as "Dari" or "Oekraiens", or a code such as "prs"), or why not. */
export function findLanguage(typed: string): { code: string } | { problem: string } {
  const text = typed.trim();
  if (text === '') return { problem: 'Typ eerst de naam van een taal, bijvoorbeeld Dari of Swahili.' };
  const lower = text.toLowerCase();
  if (/^[a-z]{2,3}$/.test(lower) && isKnownCode(lower)) return { code: lower };
  const code = codesByName().get(plain(text));
  if (code) return { code };
  const shown = cutText(text, SHOWN_MAX);
  return { problem: `De taal "${shown}" kennen we niet. Typ de Nederlandse naam van de taal, bijvoorbeeld Dari of Swahili.` };
}

/** The tiles to show: the common languages, then every other code stored or added (unknown ones by their code). */
export function languageChoices(others: readonly string[]): Array<{ value: string; label: string }> {
  const common: readonly string[] = COMMON_LANGUAGES;
  return [...common, ...others.filter((code) => !common.includes(code))]
    .map((code) => ({ value: code, label: isKnownCode(code) ? languageName(code) : `Taalcode "${code}"` }));
}
