import { useCallback, useState } from 'preact/hooks';
import type { AdminOrganisation } from '../../shared/admin-api';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { AuditList } from './audit/AuditList';
import { CodesPage } from './codes/CodesPage';
import { DevicesPage } from './devices/DevicesPage';
import { day } from './format';
import { Frame, WHO, type Tab } from './Frame';
import { InboxPage } from './inbox/InboxPage';
import { KaartTransferPage } from './kaart/KaartTransferPage';
import { LocationsPage } from './locations/LocationsPage';
import { DeactivatedOrganisation, OrganisationOutOfReach } from './OrganisationMessages';
import { SnelwijzerAdminPage } from './snelwijzer/SnelwijzerAdminPage';
import { adminCall, orgPath } from './api';
import { SECTION_NAMES } from './section-names';
import { type BeheerSection, ORGANISATION_SECTIONS } from './sections';
import type { AdminSession } from './session';
import { TokensPanel } from './tokens/TokensPanel';
import { DeactivatedMeanwhile, useAdminData } from './use-admin';

interface OrganisationPagesProps {
  session: AdminSession;
  organisationId: string;
  section: BeheerSection;
  onSignOut?: () => void;
}

/**
 * One organisation's beheer: a coordinator's own, or any for the landelijk team. Drawn once the organisation
 * is known, so a page that cannot work (a deactivated organisation) never shows tabs that the server refuses.
 * Deactivated while open: the first call refused for it (`organisation_deactivated`) turns the pages into that
 * same one message (DeactivatedMeanwhile), instead of a refusal on each action and actions still offered.
 */
export function OrganisationPages({ session, organisationId: inAddress, section, onSignOut }: OrganisationPagesProps) {
  const organisations = useAdminData<{ organisations: AdminOrganisation[] }>(session, '/organisations');
  const who = WHO[session.me.kind];
  const [deactivatedMeanwhile, setDeactivatedMeanwhile] = useState<AdminOrganisation | undefined>(undefined);
  const shown = organisations.data?.organisations.find((o) => o.id === inAddress.toLowerCase());
  // Reads the organisation once more for the day it was deactivated; without that answer the message goes without it.
  const switchToMessage = useCallback(async () => {
    if (!shown) return;
    const fresh = await adminCall<{ organisations: AdminOrganisation[] }>(session.token, 'GET', '/organisations')
      .then((answer) => answer.organisations.find((o) => o.id === shown.id), () => undefined);
    setDeactivatedMeanwhile(fresh?.deactivatedAt ? fresh : { ...shown, deactivatedAt: null });
  }, [session.token, shown]);
  if (organisations.error) {
    return (
      <Frame title="Beheer" who={who} onSignOut={onSignOut}>
        <Alert type="error">{organisations.error}</Alert>
        <p class="utrecht-paragraph"><Button onClick={organisations.reload}>Opnieuw proberen</Button></p>
      </Frame>
    );
  }
  if (!organisations.data) return <p class="utrecht-paragraph" role="status">Beheer wordt geladen…</p>;
  const organisation = shown;
  if (!organisation) {
    const ownId = session.me.organisationId;
    const own = ownId === null ? undefined : { id: ownId, name: organisations.data.organisations.find((o) => o.id === ownId)?.name };
    return <OrganisationOutOfReach own={own} who={who} onSignOut={onSignOut} />;
  }
  const deactivated = deactivatedMeanwhile?.id === organisation.id ? deactivatedMeanwhile : organisation.deactivatedAt ? organisation : undefined;
  if (deactivated && session.me.kind !== 'national') return <DeactivatedOrganisation organisation={deactivated} who={who} onSignOut={onSignOut} />;

  const base = `#/beheer/${encodeURIComponent(organisation.id)}`;
  const tabs: Tab[] = [
    ...(session.me.kind === 'national' ? [{ href: '#/beheer/organisaties', text: 'Alle organisaties', current: false }] : []),
    ...ORGANISATION_SECTIONS.map((tab) => ({ href: `${base}/${tab}`, text: SECTION_NAMES[tab], current: tab === section })),
  ];
  const organisationId = organisation.id; // as the server writes it (an address may have it in capitals)
  const props = { session, organisationId };
  return (
    <DeactivatedMeanwhile.Provider value={switchToMessage}>
      <Frame title={`Beheer: ${organisation.name}`} who={who} tabs={tabs} onSignOut={onSignOut}>
        {organisation.deactivatedAt && (
          <Alert type="warning">Deze organisatie is gedeactiveerd op {day(organisation.deactivatedAt)}. Haar coördinatoren kunnen haar niet meer beheren; het landelijk team wel. Weer activeren kan bij Alle organisaties.</Alert>
        )}
        {section === 'locaties' && <LocationsPage {...props} />}
        {section === 'codes' && <CodesPage {...props} />}
        {section === 'tablets' && <DevicesPage {...props} />}
        {section === 'toegang' && <TokensPanel session={session} path={orgPath(organisationId, '/tokens')} kind="coordinator" />}
        {section === 'logboek' && <AuditList session={session} path={orgPath(organisationId, '/audit')} filename="logboek-organisatie.csv" />}
        {section === 'inbox' && <InboxPage organisationId={organisationId} token={session.token} />}
        {section === 'snelwijzer' && <SnelwijzerAdminPage session={session} base={orgPath(organisationId)} />}
        {section === 'kaart' && <KaartTransferPage session={session} base={orgPath(organisationId)} whose={`de kaart van ${organisation.name}`} />}
      </Frame>
    </DeactivatedMeanwhile.Provider>
  );
}
