import { AuditList } from '../audit/AuditList';
import { Frame, WHO } from '../Frame';
import type { AdminSession } from '../session';
import { nationalTabs } from './tabs';

/** The whole audit log, every organisation's and the national team's own. */
export function NationalAuditPage({ session, onSignOut }: { session: AdminSession; onSignOut?: () => void }) {
  return (
    <Frame title="Beheer: landelijk" who={WHO[session.me.kind]} tabs={nationalTabs('logboek')} onSignOut={onSignOut}>
      <AuditList session={session} path="/audit" filename="logboek-landelijk.csv" showOrganisation />
    </Frame>
  );
}
