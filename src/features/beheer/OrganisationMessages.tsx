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
 * that once, and what to do, with no tab or button that could only be refused.
 */
export function DeactivatedOrganisation({ organisation, who, onSignOut }: MessageProps & { organisation: AdminOrganisation }) {
  return (
    <Frame title={`Beheer: ${organisation.name}`} who={who} onSignOut={onSignOut}>
      <Alert type="warning">
        <p class="utrecht-paragraph">
          {organisation.name} is gedeactiveerd door het landelijk team op {day(organisation.deactivatedAt)}. Daarom kunt u
          deze organisatie niet meer beheren: geen locaties, koppelcodes, tablets, toegangscodes of sociale kaart.
        </p>
        <p class="utrecht-paragraph">Klopt dit niet? Neem contact op met het landelijk team.</p>
        <p class="utrecht-paragraph">De tablets van uw organisatie versturen hun registraties nog wel. Er gaat niets verloren.</p>
      </Alert>
    </Frame>
  );
}
