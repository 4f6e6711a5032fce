import type { Tab } from '../Frame';

/** The national team's tabs. */
export function nationalTabs(current: 'organisaties' | 'landelijk' | 'logboek' | 'inbox' | 'kaart' | 'snelwijzer'): Tab[] {
  return [
    { href: '#/beheer/organisaties', text: 'Organisaties', current: current === 'organisaties' },
    { href: '#/beheer/landelijk', text: 'Toegangscodes en inwonertallen', current: current === 'landelijk' },
    { href: '#/beheer/logboek', text: 'Logboek', current: current === 'logboek' },
    { href: '#/beheer/inbox', text: 'Kaart-inbox', current: current === 'inbox' },
    { href: '#/beheer/kaart', text: 'Sociale kaart', current: current === 'kaart' },
    { href: '#/beheer/snelwijzer', text: 'Snelwijzer', current: current === 'snelwijzer' },
  ];
}
