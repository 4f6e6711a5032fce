import type { Tab } from '../Frame';

/** The national team's tabs. */
export function nationalTabs(current: 'organisaties' | 'landelijk' | 'logboek'): Tab[] {
  return [
    { href: '#/beheer/organisaties', text: 'Organisaties', current: current === 'organisaties' },
    { href: '#/beheer/landelijk', text: 'Tokens en inwonertallen', current: current === 'landelijk' },
    { href: '#/beheer/logboek', text: 'Logboek', current: current === 'logboek' },
  ];
}
