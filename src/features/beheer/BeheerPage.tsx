import '@utrecht/heading-3-css/dist/index.css';
import './beheer.css';
import { useEffect, useState } from 'preact/hooks';
import type { EnrolledDevice } from '../../db/types';
import type { AdminMe } from '../../shared/admin-api';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { AdminError, adminCall } from './api';
import { Frame, WHO } from './Frame';
import { NationalInboxPage } from './inbox/InboxPage';
import { KaartTransferPage } from './kaart/KaartTransferPage';
import { SnelwijzerAdminPage } from './snelwijzer/SnelwijzerAdminPage';
import { NationalPage } from './national/NationalPage';
import { nationalTabs } from './national/tabs';
import { NationalAuditPage } from './national/NationalAuditPage';
import { OrganisationsPage } from './national/OrganisationsPage';
import { OrganisationPages } from './OrganisationPages';
import type { BeheerSection } from './sections';
import { type AdminSession } from './session';
import { askTokenKind } from '../reports/token-kind';
import { useTokenSignIn } from '../../ui/token-sign-in';
import { SignIn } from './SignIn';
import { OpenTabTaps, useOpenTabTaps } from './use-admin';

interface BeheerPageProps {
  section: BeheerSection;
  organisationId?: string;
  /** this browser's tablet enrollment: a coordinator tablet signs in with it */
  device?: EnrolledDevice;
  /** goes to another beheer page without a new history entry (the start page picks one) */
  onNavigate: (to: { section: BeheerSection; organisationId?: string }) => void;
}

/** Beheer: signs in (a coordinator tablet by itself, else with a token), asks who it is, then shows its pages. */
export function BeheerPage(props: BeheerPageProps) {
  // A tap on the open tab reads that page again (use-admin.ts): every page, also one that reads above its Frame.
  return <OpenTabTaps.Provider value={useOpenTabTaps()}><BeheerPages {...props} /></OpenTabTaps.Provider>;
}

function BeheerPages({ section, organisationId, device, onNavigate }: BeheerPageProps) {
  const { token, signIn, signOut: forgetTyped, refused, notForThisPage, asking } = useTokenSignIn(device, askTokenKind);
  const [me, setMe] = useState<AdminMe | undefined>(undefined);
  const [signInMessage, setSignInMessage] = useState<string | undefined>(undefined);
  const [connectionError, setConnectionError] = useState<string | undefined>(undefined);
  const [round, setRound] = useState(0);

  // 401: the token is no good (forgotten); 403: good, but not for Beheer (a municipality's), so it stays signed in to
  // the dashboard in this tab: opening Beheer by mistake signed a municipality out of its reports.
  const expire = (error: AdminError) => {
    setMe(undefined);
    if (error.status === 403) notForThisPage();
    else refused();
    setSignInMessage(error.message);
  };

  useEffect(() => {
    if (!token) return;
    let current = true;
    setConnectionError(undefined);
    adminCall<AdminMe>(token, 'GET', '/me').then((answer) => { if (current) setMe(answer); }, (error: unknown) => {
      if (!current) return;
      if (error instanceof AdminError && (error.status === 401 || error.status === 403)) expire(error);
      else setConnectionError(error instanceof AdminError ? error.message : 'Er ging iets mis. Probeer het opnieuw.');
    });
    return () => { current = false; };
  }, [token, round]);

  // The start page, or a national page for a coordinator: its own organisation's locations.
  useEffect(() => {
    if (!me) return;
    if (me.kind === 'national' && section === 'start') onNavigate({ section: 'organisaties' });
    if (me.kind !== 'national' && me.organisationId && !organisationId) onNavigate({ section: 'locaties', organisationId: me.organisationId });
  }, [me, section, organisationId]);

  if (!token) {
    return <SignIn message={signInMessage} busy={asking} onSignIn={(value) => { signIn(value); setSignInMessage(undefined); }} />;
  }
  if (connectionError) {
    return (
      <section aria-labelledby="beheer-heading">
        <h1 class="utrecht-heading-1" id="beheer-heading">Beheer</h1>
        <Alert type="error">{connectionError}</Alert>
        <p class="utrecht-paragraph"><Button onClick={() => setRound((r) => r + 1)}>Opnieuw proberen</Button></p>
      </section>
    );
  }
  if (!me) return <p class="utrecht-paragraph" role="status">Beheer wordt geladen…</p>;

  const session: AdminSession = { token, me, expire };
  const signOut = forgetTyped && (() => { forgetTyped(); setMe(undefined); setSignInMessage(undefined); });
  if (organisationId) return <OrganisationPages session={session} organisationId={organisationId} section={section} onSignOut={signOut} />;
  if (me.kind !== 'national') return <p class="utrecht-paragraph" role="status">Beheer wordt geladen…</p>;
  if (section === 'landelijk') return <NationalPage session={session} onSignOut={signOut} />;
  if (section === 'logboek') return <NationalAuditPage session={session} onSignOut={signOut} />;
  if (section === 'inbox') {
    return (
      <Frame title="Beheer: kaart-inbox, landelijke gegevens" who={WHO[me.kind]} tabs={nationalTabs('inbox')} onSignOut={signOut}>
        <NationalInboxPage token={token} />
      </Frame>
    );
  }
  if (section === 'kaart') {
    return (
      <Frame title="Beheer: sociale kaart, landelijke gegevens" who={WHO[me.kind]} tabs={nationalTabs('kaart')} onSignOut={signOut}>
        <KaartTransferPage session={session} base="" whose="de landelijke gegevens" />
      </Frame>
    );
  }
  if (section === 'snelwijzer') {
    return (
      <Frame title="Beheer: Snelwijzer, landelijke kaarten" who={WHO[me.kind]} tabs={nationalTabs('snelwijzer')} onSignOut={signOut}>
        <SnelwijzerAdminPage session={session} base="" />
      </Frame>
    );
  }
  return <OrganisationsPage session={session} onSignOut={signOut} />;
}
