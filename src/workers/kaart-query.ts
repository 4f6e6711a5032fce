// What the user typed → the words to search and the synonyms to add (synonyms.nl.json).
import { isStopword, normalizeDutch, queryTerm, tokenizeDutch } from './dutch-text';
import synonymData from './synonyms.nl.json';
import { SEARCH_MAX, searchedText } from '../shared/text-length';

/** Longer input is cut off (in characters, textLength), so pasted text or hostile input cannot make the search slow. */
export const MAX_QUERY_CHARS = SEARCH_MAX.kaart;
/** At most this many distinct words are searched. */
export const MAX_QUERY_TERMS = 12;
const MAX_SYNONYM_TERMS = 12;
const MAX_PHRASE_WORDS = 3;
/** The word still being typed expands to the synonyms of the words it begins, from this length. */
const MIN_SYNONYM_PREFIX = 5;

/** A parsed query: the normalised words typed, and the synonym words to search as well. */
export interface KaartQuery {
  terms: string[];
  synonyms: string[];
}

/** The words of a phrase as the query sees them: normalised, stop words out. */
function phraseKey(text: string): string {
  return tokenizeDutch(text)
    .filter((token) => queryTerm(token) !== null && !isStopword(token))
    .join(' ');
}

/** Phrase (one to three words) → the synonym words it adds. */
const SYNONYMS = new Map<string, string[]>();
for (const group of synonymData.groups) {
  const alsoSearch = group.alsoSearch.map(normalizeDutch);
  for (const phrase of group.when) {
    const key = phraseKey(phrase);
    if (key) SYNONYMS.set(key, [...(SYNONYMS.get(key) ?? []), ...alsoSearch]);
  }
}
const SINGLE_WORD_KEYS = [...SYNONYMS.keys()].filter((key) => !key.includes(' '));

/** Parses a search box's text; an empty `terms` means there is nothing to search for. */
export function parseKaartQuery(text: string): KaartQuery {
  const tokens = tokenizeDutch(searchedText(text, MAX_QUERY_CHARS)).filter((token) => queryTerm(token) !== null);
  const meaningful = tokens.filter((token) => !isStopword(token));
  // A query of only stop words is kept as typed, so "in" still finds "inburgering" while typing.
  const words = meaningful.length > 0 ? meaningful : tokens;
  const terms = [...new Set(words)].slice(0, MAX_QUERY_TERMS);
  return { terms, synonyms: synonymsOf(words.slice(0, MAX_QUERY_TERMS * 2), terms) };
}

function synonymsOf(words: string[], terms: string[]): string[] {
  const found = new Set<string>();
  let lastPhraseLength = 0;
  // The longest phrase wins: "kindgebonden budget" means toeslagen, not "budget" on its own.
  for (let start = 0; start < words.length; ) {
    let length = Math.min(MAX_PHRASE_WORDS, words.length - start);
    while (length > 1 && !SYNONYMS.has(words.slice(start, start + length).join(' '))) length--;
    for (const synonym of SYNONYMS.get(words.slice(start, start + length).join(' ')) ?? []) found.add(synonym);
    start += length;
    lastPhraseLength = length;
  }
  const typing = words.at(-1);
  if (typing !== undefined && typing.length >= MIN_SYNONYM_PREFIX && lastPhraseLength === 1) {
    for (const key of SINGLE_WORD_KEYS) {
      if (key.startsWith(typing)) for (const synonym of SYNONYMS.get(key) ?? []) found.add(synonym);
    }
  }
  for (const term of terms) found.delete(term);
  return [...found].slice(0, MAX_SYNONYM_TERMS);
}
