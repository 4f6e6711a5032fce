import type { Tab } from '../Frame';
import { SECTION_NAMES } from '../section-names';
import { NATIONAL_SECTIONS } from '../sections';

/** The national team's tabs. */
export function nationalTabs(current: 'organisaties' | 'landelijk' | 'logboek' | 'inbox' | 'kaart' | 'snelwijzer'): Tab[] {
  return NATIONAL_SECTIONS.map((tab) => ({ href: `#/beheer/${tab}`, text: SECTION_NAMES[tab], current: tab === current }));
}
