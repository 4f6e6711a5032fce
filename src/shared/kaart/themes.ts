import themesData from './themes.json';
import type { TaxonomyTermFields } from './types';

/** One theme of the kaart: a stable code, a fixed id, a Dutch name and words people search with. */
export interface KaartTheme {
  id: string;
  code: string;
  name: string;
  synonyms: string[];
}

/** The ten themes, in the order of the data file. */
export const KAART_THEMES: readonly KaartTheme[] = themesData.themes;

const byCode = new Map(KAART_THEMES.map((theme) => [theme.code, theme]));
const byId = new Map(KAART_THEMES.map((theme) => [theme.id, theme]));

/** The theme with this code, if any. */
export function themeByCode(code: string): KaartTheme | undefined {
  return byCode.get(code);
}

/** The theme whose taxonomy term has this id, if any. */
export function themeById(id: string): KaartTheme | undefined {
  return byId.get(id);
}

/** Whether a code is one of the themes. */
export function isThemeCode(code: unknown): code is string {
  return typeof code === 'string' && byCode.has(code);
}

/** The themes as HSDS taxonomy terms (top level, so parent_id is null). */
export function themeTaxonomyTerms(): TaxonomyTermFields[] {
  return KAART_THEMES.map(({ id, code, name }) => ({ id, code, name, parent_id: null }));
}
