import '@utrecht/table-css/dist/index.css';
import type { AdminAuditEntry } from '../../../shared/admin-api';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { downloadAdminCsv } from '../api';
import { actionLabel, changeText, dateTime } from '../format';
import { AdminTable } from '../AdminTable';
import { Messages } from '../Messages';
import type { AdminSession } from '../session';
import { useAdminAction, useAdminData } from '../use-admin';

interface AuditListProps {
  session: AdminSession;
  /** `/organisations/<id>/audit` or `/audit`; the CSV is the same path + `.csv` */
  path: string;
  filename: string;
  /** the national log: every organisation's rows, so each says whose it is */
  showOrganisation?: boolean;
}

/**
 * The audit log, newest first (the newest 1,000), and all of it as CSV for Excel. "Onderwerp" names what was changed
 * as the server names it (the id when it knows no name), "Wie" who did it (a tablet's label, a token's kind and when it
 * was made); the CSV has the ids beside the names.
 */
export function AuditList({ session, path, filename, showOrganisation = false }: AuditListProps) {
  const list = useAdminData<{ entries: AdminAuditEntry[] }>(session, path);
  const download = useAdminAction(session);
  return (
    <>
      <div class="ido-row ido-row--spread">
        <h2 class="utrecht-heading-2">Logboek</h2>
        <Button disabled={download.busy} onClick={() => void download.run(() => downloadAdminCsv(session.token, `${path}.csv`, filename))}>Download CSV</Button>
      </div>
      <p class="utrecht-paragraph">Elke wijziging in beheer: wie, wanneer, wat ervoor was en wat erna. Koppelcodes en toegangscodes staan er nooit in.</p>
      <Messages error={download.error} />
      {list.error && <Alert type="error">{list.error}</Alert>}
      {list.data && (
        <AdminTable id="audit-table" caption="Logboek" headers={['Tijdstip', 'Wie', ...(showOrganisation ? ['Organisatie'] : []), 'Actie', 'Onderwerp', 'Voor', 'Na']} empty="Nog niets gewijzigd." rows={list.data.entries.length}>
          {list.data.entries.map((e) => (
            <tr class="utrecht-table__row" key={e.id}>
              <th class="utrecht-table__header-cell" scope="row">{dateTime(e.at)}</th>
              <td class="utrecht-table__cell ido-beheer-wrap" data-label="Wie">{e.actorName}</td>
              {showOrganisation && <td class="utrecht-table__cell ido-beheer-wrap" data-label="Organisatie">{e.organisationName ?? (e.organisationId ? e.organisationId : 'Landelijk')}</td>}
              <td class="utrecht-table__cell" data-label="Actie">{actionLabel(e.action)}</td>
              <td class="utrecht-table__cell ido-beheer-wrap" data-label="Onderwerp">{e.targetName ?? e.target ?? ''}</td>
              <td class="utrecht-table__cell ido-beheer-wrap" data-label="Voor">{changeText(e.before)}</td>
              <td class="utrecht-table__cell ido-beheer-wrap" data-label="Na">{changeText(e.after)}</td>
            </tr>
          ))}
        </AdminTable>
      )}
    </>
  );
}
