import { codes, label } from '../codelists';
import { isCalendarDay } from '../calendar';
import { normalizeHeader } from './spreadsheet-columns';
import { KAART_THEMES, type KaartTheme } from './themes';
import type { ReferralMethod } from './types';
import { ownValue } from '../own-key';

/** Cell values as people type them → the model's codes. Each returns undefined for what it does not know. */

const norm = normalizeHeader;

const LANGUAGES: Record<string, string> = {
  nederlands: 'nl', engels: 'en', duits: 'de', frans: 'fr', spaans: 'es', portugees: 'pt', italiaans: 'it',
  arabisch: 'ar', turks: 'tr', pools: 'pl', oekraiens: 'uk', russisch: 'ru', roemeens: 'ro', bulgaars: 'bg',
  tigrinya: 'ti', tigrinia: 'ti', tigrinja: 'ti', somalisch: 'so', farsi: 'fa', perzisch: 'fa', dari: 'prs',
  koerdisch: 'ku', berbers: 'ber', tamazight: 'ber', papiaments: 'pap', chinees: 'zh', mandarijn: 'zh',
  kantonees: 'yue', vietnamees: 'vi', indonesisch: 'id', hindi: 'hi', urdu: 'ur', fries: 'fy',
  gebarentaal: 'dse', nederlandsegebarentaal: 'dse', ngt: 'dse', sranantongo: 'srn', eritrees: 'ti',
};

/** The code of one language written by its Dutch name ("Nederlands" → "nl", "Oekraïens" → "uk"), or undefined. */
export function languageCodeOfName(name: string): string | undefined {
  return ownValue(LANGUAGES, norm(name));
}

/** "Nederlands, Engels" → ["nl", "en"] and the names it did not know. */
export function parseLanguages(cell: string): { codes: string[]; unknown: string[] } {
  const found: string[] = [];
  const unknown: string[] = [];
  for (const part of splitList(cell)) {
    const code = languageCodeOfName(part) ?? (/^[a-z]{2,3}$/.test(part.trim()) ? part.trim() : undefined);
    if (code) { if (!found.includes(code)) found.push(code); } else unknown.push(part);
  }
  return { codes: found, unknown };
}

const REFERRALS: Record<string, ReferralMethod> = {
  warm: 'warm', warmeoverdracht: 'warm', warmverwijzen: 'warm', warmeverwijzing: 'warm',
  inloop: 'walk_in', vrijeinloop: 'walk_in', binnenlopen: 'walk_in', binnenloop: 'walk_in', zonderafspraak: 'walk_in', walkin: 'walk_in',
  afspraak: 'appointment', opafspraak: 'appointment', alleenopafspraak: 'appointment', appointment: 'appointment',
  bellen: 'phone', telefonisch: 'phone', telefoon: 'phone', phone: 'phone', opbellen: 'phone',
};

/** "Op afspraak" → "appointment". */
export function parseReferralMethod(cell: string): ReferralMethod | undefined {
  return ownValue(REFERRALS, norm(cell));
}

const themeKeys = new Map<string, KaartTheme>();
for (const theme of KAART_THEMES) {
  for (const key of [theme.code, theme.name, theme.name.replace(' & ', ' en '), ...theme.synonyms]) {
    if (!themeKeys.has(norm(key))) themeKeys.set(norm(key), theme);
  }
}

/** "Geld en schulden; Taal" → the themes, and the parts it did not know. */
export function parseThemes(cell: string): { themes: KaartTheme[]; unknown: string[] } {
  const themes: KaartTheme[] = [];
  const unknown: string[] = [];
  for (const part of splitList(cell, /[;,/|\n]/)) {
    const theme = themeKeys.get(norm(part));
    if (theme) { if (!themes.includes(theme)) themes.push(theme); } else unknown.push(part);
  }
  return { themes, unknown };
}

const topicKeys = new Map<string, string>();
for (const code of codes('topic')) {
  topicKeys.set(norm(code), code);
  topicKeys.set(norm(label('topic', code)), code);
}

/** "DigiD; Toeslagen" → ["digid", "toeslagen"] (codes or labels of the registration topic list). */
export function parseTopics(cell: string): { topics: string[]; unknown: string[] } {
  const topics: string[] = [];
  const unknown: string[] = [];
  const add = (code: string) => { if (!topics.includes(code)) topics.push(code); };
  // A label may hold a comma ("Computer, tablet of smartphone"): try the whole part before its pieces.
  for (const part of splitList(cell, /[;|\n]/)) {
    const code = topicKeys.get(norm(part));
    if (code) { add(code); continue; }
    for (const piece of splitList(part, /,/)) {
      const pieceCode = topicKeys.get(norm(piece));
      if (pieceCode) add(pieceCode); else unknown.push(piece);
    }
  }
  return { topics, unknown };
}

/** "12-3-2026", "12/03/2026" or "2026-03-12" → "2026-03-12". */
export function parseDutchDate(cell: string): string | undefined {
  const text = cell.trim();
  if (isCalendarDay(text)) return text;
  const match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  if (!match) return undefined;
  const day = `${match[3]}-${match[2].padStart(2, '0')}-${match[1].padStart(2, '0')}`;
  return isCalendarDay(day) ? day : undefined;
}

/** Several phone numbers in one cell: "030-123 45 67 of 06-12345678", separated by "of", ";", " / " or a new line. */
export function splitPhones(cell: string): string[] {
  return cell.split(/\s+of\s+|;|\s\/\s|\n/i).map((p) => p.trim()).filter(Boolean);
}

function splitList(cell: string, separators: RegExp = /[;,/|\n]|\sen\s/): string[] {
  return cell.split(separators).map((part) => part.trim()).filter(Boolean);
}
