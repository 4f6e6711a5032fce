import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { Button } from '../../ui/Button';
import { OpenTabTaps } from './use-admin';

export interface Tab {
  href: string;
  text: string;
  current: boolean;
}

interface FrameProps {
  title: string;
  /** who is signed in, in words ("coördinator (toegangscode)", "landelijk team") */
  who: string;
  /** none on a page that is only a message (a deactivated organisation, another organisation's address) */
  tabs?: Tab[];
  onSignOut?: () => void;
  children: ComponentChildren;
}

/**
 * Every beheer page: its heading, who is signed in, the sign-out, and the tabs of its part (if it has any). A tap on the
 * open tab reads its page again (OpenTabTaps), as opening another tab and coming back did; the page keeps what it shows meanwhile.
 */
export function Frame({ title, who, tabs, onSignOut, children }: FrameProps) {
  const { tap } = useContext(OpenTabTaps);
  // The open tab, in the heading's words for a screen reader: a move to another tab puts the focus on this heading (the
  // app's router), and it said "Beheer: <organisation>" on every tab, never which one had opened.
  const openTab = tabs?.find((tab) => tab.current && !title.toLowerCase().includes(tab.text.toLowerCase()));
  return (
    <section class="ido-beheer" aria-labelledby="beheer-heading">
      <div class="ido-row ido-row--spread">
        <h1 class="utrecht-heading-1" id="beheer-heading">{title}{openTab && <span class="ido-visually-hidden">, {openTab.text}</span>}</h1>
        <p class="ido-muted ido-row">
          <span>Ingelogd als: {who}</span>
          {onSignOut && <Button appearance="subtle" onClick={onSignOut}>Uitloggen</Button>}
        </p>
      </div>
      {tabs && (
        <nav aria-label="Beheer">
          <ul class="ido-beheer-tabs">
            {tabs.map((tab) => (
              <li key={tab.href}><a href={tab.href} aria-current={tab.current ? 'page' : undefined} onClick={tab.current ? tap : undefined}>{tab.text}</a></li>
            ))}
          </ul>
        </nav>
      )}
      {children}
    </section>
  );
}

/** The signed-in kind, in words. */
export const WHO: Record<'national' | 'coordinator' | 'coordinator_device', string> = {
  national: 'landelijk team', coordinator: 'coördinator (toegangscode)', coordinator_device: 'coördinator (deze tablet)',
};
