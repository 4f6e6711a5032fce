// Dutch text for search: one normalisation for the index and the query alike (lower case, no
// diacritics, hyphenated words split), stop words, and a small dictionary decompounder.
import words from './dutch-words.nl.json';

const MIN_TERM_LENGTH = 2;
/** A compound part and the rest before it both need this many letters, so "ver-" or "be-" never split off. */
const MIN_PART_LENGTH = 4;
const DECOMPOUND_DEPTH = 3;
const DECOMPOUND_CACHE_LIMIT = 50_000;

/** Lower case without diacritics or ligatures: "Taalcafé" → "taalcafe", "ĳ" → "ij". */
export function normalizeDutch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const STOPWORDS: ReadonlySet<string> = new Set(words.stopwords.map(normalizeDutch));
const COMPOUND_PARTS: ReadonlySet<string> = new Set(words.compoundParts.map(normalizeDutch));

/** Whether a normalised term is too common to search on ("de", "het", "bij"). */
export function isStopword(term: string): boolean {
  return STOPWORDS.has(term);
}

/**
 * Splits text into normalised words. Anything that is not a letter or digit separates words;
 * a hyphenated word yields its parts and the joined form ("e-mail" → "e", "mail", "email").
 */
export function tokenizeDutch(text: string): string[] {
  const tokens: string[] = [];
  for (const word of normalizeDutch(text).split(/[^\p{L}\p{N}-]+/u)) {
    const parts = word.split('-').filter((part) => part.length > 0);
    tokens.push(...parts);
    if (parts.length > 1) tokens.push(parts.join(''));
  }
  return tokens;
}

/** A normalised word as the query uses it: null for a word too short to search on. */
export function queryTerm(token: string): string | null {
  return token.length >= MIN_TERM_LENGTH ? token : null;
}

/** A normalised word as the index stores it: the word and its compound parts, or null. */
export function indexTerms(token: string): string[] | null {
  if (token.length < MIN_TERM_LENGTH || STOPWORDS.has(token)) return null;
  const parts = decompound(token);
  return parts.length === 0 ? [token] : [token, ...parts];
}

const decompoundCache = new Map<string, string[]>();

/**
 * The parts of a Dutch compound, found by the longest known final part:
 * "kinderopvangtoeslag" → "toeslag", "kinderopvang", "opvang", "kinder".
 */
export function decompound(term: string): string[] {
  const cached = decompoundCache.get(term);
  if (cached) return cached;
  const parts = [...new Set(splitCompound(term, DECOMPOUND_DEPTH))];
  if (decompoundCache.size >= DECOMPOUND_CACHE_LIMIT) decompoundCache.clear();
  decompoundCache.set(term, parts);
  return parts;
}

function splitCompound(term: string, depth: number): string[] {
  if (depth === 0) return [];
  // The smallest start gives the longest final part ("schuldhulpverlening" → "hulpverlening").
  for (let start = MIN_PART_LENGTH; start <= term.length - MIN_PART_LENGTH; start++) {
    const tail = term.slice(start);
    if (!COMPOUND_PARTS.has(tail)) continue;
    const head = withoutLinkingS(term.slice(0, start));
    return [tail, head, ...splitCompound(head, depth - 1), ...splitCompound(tail, depth - 1)];
  }
  return [];
}

/** "belastings" → "belasting", "gezondheids" → "gezondheid"; "thuis" stays. */
function withoutLinkingS(head: string): string {
  return head.endsWith('ings') || head.endsWith('heids') ? head.slice(0, -1) : head;
}
