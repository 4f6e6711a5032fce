import type { BeheerSection } from './sections';

/**
 * Each section's tab, in the tab's words (the start page, which has no tab: "Beheer"). Apart from sections.ts, which the
 * first load's router imports: these words load with Pages.tsx and beheer only.
 */
export const SECTION_NAMES: Record<BeheerSection, string> = {
  start: 'Beheer', organisaties: 'Organisaties', landelijk: 'Toegangscodes en inwonertallen', logboek: 'Logboek', locaties: 'Locaties',
  codes: 'Koppelcodes', tablets: 'Tablets', toegang: 'Toegang', inbox: 'Kaart-inbox', kaart: 'Sociale kaart', snelwijzer: 'Snelwijzer',
};

/**
 * The browser's title of a beheer page, before " – IDO Onderweg": the open tab first ("Tablets – Beheer"), as the tablet's
 * pages name themselves, so a screen reader and a list of browser tabs tell the tabs apart (each said "Beheer").
 */
export const beheerTitle = (section: BeheerSection): string => (section === 'start' ? 'Beheer' : `${SECTION_NAMES[section]} – Beheer`);
