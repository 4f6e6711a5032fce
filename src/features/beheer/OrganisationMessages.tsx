import { useLayoutEffect } from 'preact/hooks';
import type { AdminOrganisation } from '../../shared/admin-api';
import { Alert } from '../../ui/Alert';
import { day } from './format';
import { Frame } from './Frame';

interface MessageProps {
  /** who is signed in, in words (WHO of Frame.tsx) */
  who: string;
  onSignOut?: () => void;
}

/**
 * A coordinator of an organisation the national team deactivated: the server refuses every beheer route
 * but who it is and its organisation (docs/admin-api.md, "A deactivated organisation"), so the page says
 * that once, and what to do, with no tab or button that could only be refused. Also in place of a page that
 * was open when it happened: the button tapped is gone then, so the focus goes to the heading, as on a new page (before
 * the next key: a layout effect; it was lost on the page's body until the next frame).
 */
export function DeactivatedOrganisation({ organisation, who, onSignOut }: MessageProps & { organisation: AdminOrganisation }) {
  useLayoutEffect(() => {
    if (document.activeElement !== null && document.activeElement !== document.body) return;
    const heading = document.getElementById('beheer-heading');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }, []);
  return (
    <Frame title={`Beheer: ${organisation.name}`} who={who} onSignOut={onSignOut}>
      <div class="ido-beheer-message">
        <Alert type="warning">
          <p class="utrecht-paragraph">
            {organisation.name} is gedeactiveerd door het landelijk team{organisation.deactivatedAt && ` op ${day(organisation.deactivatedAt)}`}. Daarom kunt u
            deze organisatie niet meer beheren: geen locaties, koppelcodes, tablets, toegangscodes of sociale kaart.
          </p>
          <p class="utrecht-paragraph">Klopt dit niet? Neem contact op met het landelijk team.</p>
          <p class="utrecht-paragraph">De tablets van uw organisatie versturen hun registraties nog wel. Er gaat niets verloren.</p>
        </Alert>
      </div>
    </Frame>
  );
}

/**
 * An organisation id in the address that is not one to manage: another organisation's (a coordinator
 * manages only its own; the server answers it 404, exactly as an unknown id) or one that does not exist.
 * One message and the way back, instead of the tabs each saying "bestaat niet". `own` is the coordinator's
 * own organisation; none for the national team.
 */
export function OrganisationOutOfReach({ own, who, onSignOut }: MessageProps & { own?: { id: string; name?: string } }) {
  const back = own
    ? { href: `#/beheer/${encodeURIComponent(own.id)}/locaties`, text: own.name ? `Naar Beheer van ${own.name}` : 'Naar Beheer van uw organisatie' }
    : { href: '#/beheer/organisaties', text: 'Naar alle organisaties' };
  return (
    <Frame title="Beheer" who={who} onSignOut={onSignOut}>
      <div class="ido-beheer-message">
        <Alert type="error">
          {own ? 'Deze organisatie kunt u niet beheren. U beheert alleen uw eigen organisatie.' : 'Deze organisatie bestaat niet. Kijk of het adres klopt.'}
        </Alert>
        <p class="utrecht-paragraph"><a class="utrecht-button utrecht-button--secondary-action" href={back.href}>{back.text}</a></p>
      </div>
    </Frame>
  );
}
