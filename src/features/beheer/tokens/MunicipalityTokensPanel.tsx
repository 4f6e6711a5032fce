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

const PATH = '/municipality-tokens';

/** The new token's fields by the admin API's names: their labels, and how a server message names them. */
const MUNICIPALITY_TOKEN_LABELS = { municipalityCode: 'Gemeentecode', days: 'Dagen geldig' };

/** Tokens for a municipality (national only): it sees the reports and the annual report of every IDO location in it. */
export function MunicipalityTokensPanel({ session }: { session: AdminSession }) {
  const list = useAdminData<{ tokens: AdminToken[] }>(session, PATH);
  const action = useAdminAction(session, MUNICIPALITY_TOKEN_LABELS);
  const [code, setCode] = useState('');
  const [days, setDays] = useState('365');
  const [problem, setProblem] = useState<{ field: 'code' | 'days'; message: string } | undefined>(undefined);
  const codeField = useFocusOnRefusal();
  const daysField = useFocusOnRefusal();
  const [created, setCreated] = useState<AdminCreatedToken | undefined>(undefined);
  const create = async () => {
    const municipalityCode = code.trim().toUpperCase();
    if (!/^GM\d{4}$/.test(municipalityCode)) { setProblem({ field: 'code', message: 'Vul een CBS-gemeentecode in, zoals GM0855.' }); return codeField.refused(); }
    const n = Number(days.trim());
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 3650) { setProblem({ field: 'days', message: 'Vul een aantal dagen in van 1 tot en met 3650.' }); return daysField.refused(); }
    setCreated(undefined);
    const token = await action.run(() => adminCall<AdminCreatedToken>(session.token, 'POST', PATH, { municipalityCode, days: n }));
    if (token) { setCreated(token); list.reload(); }
  };
  // As TokensPanel: the revoked row from the answer at once.
  const revoke = (token: AdminToken) => void action.run(
    () => adminCall<AdminToken>(session.token, 'POST', `${PATH}/${encodeURIComponent(token.id)}/revoke`),
    () => 'De toegangscode is ingetrokken: de gemeente kan er niet meer mee inloggen.',
  ).then((revoked) => (revoked ? list.reloadWith(withRow('tokens', revoked)) : list.reload()));
  const codeError = problem?.field === 'code' ? problem.message : undefined;
  const daysError = problem?.field === 'days' ? problem.message : undefined;

  return (
    <>
      <h2 class="utrecht-heading-2">Toegangscodes voor gemeenten</h2>
      <p class="utrecht-paragraph">Met een toegangscode voor een gemeente ziet die gemeente de cijfers en het jaarverslag van alle IDO-locaties in die gemeente, van elke organisatie. Beheren kan er niet mee.</p>
      <form class="ido-card" noValidate aria-labelledby="municipality-token-form" onSubmit={(e) => { e.preventDefault(); void create(); }}>
        <h3 class="utrecht-heading-3" id="municipality-token-form">Nieuwe toegangscode voor een gemeente</h3>
        <Field id="municipality-token-code" label={MUNICIPALITY_TOKEN_LABELS.municipalityCode} description="De CBS-code, zoals GM0855 voor Tilburg." error={codeError}>
          <input class={`utrecht-textbox utrecht-textbox--html-input ido-beheer-short${codeError ? ' utrecht-textbox--invalid' : ''}`} id="municipality-token-code" ref={codeField.field} value={code} maxLength={6}
            aria-invalid={codeError ? true : undefined} aria-describedby={describedBy('municipality-token-code', codeError, 'x')}
            onInput={(e) => { setCode(e.currentTarget.value); setProblem(undefined); }} />
        </Field>
        <Field id="municipality-token-days" label={MUNICIPALITY_TOKEN_LABELS.days} description="1 tot en met 3650." error={daysError}>
          <input class={`utrecht-textbox utrecht-textbox--html-input ido-beheer-short${daysError ? ' utrecht-textbox--invalid' : ''}`} id="municipality-token-days" ref={daysField.field} inputMode="numeric" value={days} maxLength={4}
            aria-invalid={daysError ? true : undefined} aria-describedby={describedBy('municipality-token-days', daysError, 'x')}
            onInput={(e) => { setDays(e.currentTarget.value); setProblem(undefined); }} />
        </Field>
        <Button type="submit" appearance="primary" disabled={action.busy}>Toegangscode voor gemeente maken</Button>
      </form>
      <Messages error={action.error} notice={action.notice} />
      {created && (
        <section class="ido-card" aria-labelledby="new-municipality-token-heading">
          <h3 class="utrecht-heading-3" id="new-municipality-token-heading">Nieuwe toegangscode voor {created.municipalityCode}</h3>
          <Alert type="warning">U ziet deze toegangscode alleen nu. Kopieer hem en geef hem veilig door. Hij werkt tot {dateTime(created.expiresAt)}.</Alert>
          <p class="utrecht-paragraph"><strong class="ido-beheer-secret" id="new-municipality-token">{created.token}</strong></p>
          <p class="utrecht-paragraph">Kenmerk in de lijst: {idMark(created.id)}</p>
        </section>
      )}
      {list.error && <Alert type="error">{list.error}</Alert>}
      {list.data && (
        <AdminTable id="tokens-table-municipality" caption="Toegangscodes van gemeenten" headers={['Gemeente', 'Kenmerk', 'Gemaakt', 'Geldig tot', 'Laatst gebruikt', 'Status', 'Acties']}
          empty="Nog geen toegangscodes voor gemeenten." rows={list.data.tokens.length}>
          {list.data.tokens.map((t) => (
            <tr class="utrecht-table__row" key={t.id}>
              <th class="utrecht-table__header-cell" scope="row">{t.municipalityCode}</th>
              <td class="utrecht-table__cell" data-label="Kenmerk">{idMark(t.id)}</td>
              <td class="utrecht-table__cell" data-label="Gemaakt">{dateTime(t.createdAt)}</td>
              <td class="utrecht-table__cell" data-label="Geldig tot">{dateTime(t.expiresAt, 'geen einddatum')}</td>
              <td class="utrecht-table__cell" data-label="Laatst gebruikt">{dateTime(t.lastUsedAt, 'nog niet')}</td>
              <td class="utrecht-table__cell" data-label="Status">{t.revokedAt ? `Ingetrokken ${dateTime(t.revokedAt)}` : 'Actief'}</td>
              <td class="utrecht-table__cell ido-beheer-actions">
                {!t.revokedAt && <ConfirmButton text="Intrekken" label={`Toegangscode ${idMark(t.id)} voor ${t.municipalityCode} van ${dateTime(t.createdAt)} intrekken`} question="Toegangscode intrekken?" confirmText="Ja, intrekken" disabled={action.busy} onConfirm={() => revoke(t)} />}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </>
  );
}
