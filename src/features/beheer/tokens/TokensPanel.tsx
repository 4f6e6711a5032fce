import '@utrecht/table-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';
import { useState } from 'preact/hooks';
import type { AdminCreatedToken, AdminToken } from '../../../shared/admin-api';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { describedBy, Field, useFocusOnRefusal } from '../../../ui/Field';
import { adminCall } from '../api';
import { ConfirmButton } from '../../../ui/ConfirmButton';
import { dateTime, idMark } from '../format';
import { AdminTable } from '../AdminTable';
import { Messages } from '../Messages';
import type { AdminSession } from '../session';
import { useAdminAction, useAdminData, withRow } from '../use-admin';

interface TokensPanelProps {
  session: AdminSession;
  /** `/organisations/<id>/tokens` or `/national-tokens` */
  path: string;
  kind: 'coordinator' | 'national';
}

/** The new token's field by the admin API's name: its label, and how a server message names it. */
const TOKEN_LABELS = { days: 'Dagen geldig' };

/** Access tokens (coordinators' of one organisation, or the national team's): make one (shown once), revoke. */
export function TokensPanel({ session, path, kind }: TokensPanelProps) {
  const list = useAdminData<{ tokens: AdminToken[] }>(session, path);
  const action = useAdminAction(session, TOKEN_LABELS);
  const [days, setDays] = useState('365');
  const [daysError, setDaysError] = useState<string | undefined>(undefined);
  const daysField = useFocusOnRefusal();
  const [created, setCreated] = useState<AdminCreatedToken | undefined>(undefined);
  const what = kind === 'national' ? 'landelijke toegangscode' : 'toegangscode voor een coördinator';
  const create = async () => {
    const n = Number(days.trim());
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 3650) { setDaysError('Vul een aantal dagen in van 1 tot en met 3650.'); return daysField.refused(); }
    setCreated(undefined);
    const token = await action.run(() => adminCall<AdminCreatedToken>(session.token, 'POST', path, { days: n }));
    if (token) { setCreated(token); list.reload(); }
  };
  // The answer is the token as stored: its row says "Ingetrokken" at once, not "Intrekken" again until the list is read.
  const revoke = (token: AdminToken) => void action.run(
    () => adminCall<AdminToken>(session.token, 'POST', `${path}/${encodeURIComponent(token.id)}/revoke`),
    () => 'De toegangscode is ingetrokken: wie hem gebruikt, kan niet meer inloggen.',
  ).then((revoked) => (revoked ? list.reloadWith(withRow('tokens', revoked)) : list.reload()));

  return (
    <>
      <h2 class="utrecht-heading-2">{kind === 'national' ? 'Landelijke toegangscodes' : 'Toegang voor coördinatoren'}</h2>
      <p class="utrecht-paragraph">Met een toegangscode logt iemand in bij Beheer en het dashboard, op een laptop of computer. Geef een toegangscode alleen aan wie hem nodig heeft.</p>
      <form class="ido-card" noValidate aria-labelledby={`token-form-${kind}`} onSubmit={(e) => { e.preventDefault(); void create(); }}>
        <h3 class="utrecht-heading-3" id={`token-form-${kind}`}>Nieuwe {what}</h3>
        <Field id={`token-days-${kind}`} label={TOKEN_LABELS.days} description="1 tot en met 3650." error={daysError}>
          <input class={`utrecht-textbox utrecht-textbox--html-input ido-beheer-short${daysError ? ' utrecht-textbox--invalid' : ''}`} id={`token-days-${kind}`} ref={daysField.field} inputMode="numeric" value={days} maxLength={4}
            aria-invalid={daysError ? true : undefined} aria-describedby={describedBy(`token-days-${kind}`, daysError, 'x')}
            onInput={(e) => { setDays(e.currentTarget.value); setDaysError(undefined); }} />
        </Field>
        <Button type="submit" appearance="primary" disabled={action.busy}>{kind === 'national' ? 'Landelijke toegangscode maken' : 'Toegangscode maken'}</Button>
      </form>
      <Messages error={action.error} notice={action.notice} />
      {created && (
        <section class="ido-card" aria-labelledby="new-token-heading">
          <h3 class="utrecht-heading-3" id="new-token-heading">Nieuwe {what}</h3>
          <Alert type="warning">U ziet deze toegangscode alleen nu. Kopieer hem en geef hem veilig door. Hij werkt tot {dateTime(created.expiresAt)}.</Alert>
          <p class="utrecht-paragraph"><strong class="ido-beheer-secret" id="new-token">{created.token}</strong></p>
          <p class="utrecht-paragraph" id="new-token-mark">Kenmerk in de lijst: {idMark(created.id)}</p>
        </section>
      )}
      {list.error && <Alert type="error">{list.error}</Alert>}
      {list.data && (
        <AdminTable id={`tokens-table-${kind}`} caption={kind === 'national' ? 'Landelijke toegangscodes' : 'Toegangscodes van coördinatoren'} headers={['Kenmerk', 'Gemaakt', 'Geldig tot', 'Laatst gebruikt', 'Status', 'Acties']}
          empty="Nog geen toegangscodes." rows={list.data.tokens.length}>
          {list.data.tokens.map((t) => (
            <tr class="utrecht-table__row" key={t.id}>
              <th class="utrecht-table__header-cell" scope="row">{idMark(t.id)}</th>
              <td class="utrecht-table__cell" data-label="Gemaakt">{dateTime(t.createdAt)}</td>
              <td class="utrecht-table__cell" data-label="Geldig tot">{dateTime(t.expiresAt, 'geen einddatum')}</td>
              <td class="utrecht-table__cell" data-label="Laatst gebruikt">{dateTime(t.lastUsedAt, 'nog niet')}</td>
              <td class="utrecht-table__cell" data-label="Status">{t.revokedAt ? `Ingetrokken ${dateTime(t.revokedAt)}` : 'Actief'}</td>
              <td class="utrecht-table__cell ido-beheer-actions">
                {!t.revokedAt && <ConfirmButton text="Intrekken" label={`Toegangscode ${idMark(t.id)} van ${dateTime(t.createdAt)} intrekken`} question="Toegangscode intrekken?" confirmText="Ja, intrekken" disabled={action.busy} onConfirm={() => revoke(t)} />}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </>
  );
}
