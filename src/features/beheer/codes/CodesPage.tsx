import '@utrecht/select-css/dist/index.css';
import '@utrecht/table-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';
import { useState } from 'preact/hooks';
import type { DeviceRole } from '../../../shared/api';
import type { AdminCode, AdminCreatedCode } from '../../../shared/admin-api';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { describedBy, Field, useFocusOnRefusal } from '../../../ui/Field';
import { adminCall, orgPath } from '../api';
import { ConfirmButton } from '../../../ui/ConfirmButton';
import { dateTime, idMark, ROLE_LABELS } from '../format';
import { AdminTable } from '../AdminTable';
import { Messages } from '../Messages';
import type { AdminSession } from '../session';
import { useAdminAction, useAdminData, withRow } from '../use-admin';
import { QrCode } from './QrCode';

function codeStatus(code: AdminCode, now = Date.now()): string {
  if (code.revokedAt) return `Ingetrokken ${dateTime(code.revokedAt)}`;
  if (code.usedAt) return `Gebruikt ${dateTime(code.usedAt)}`;
  if (Date.parse(code.expiresAt) < now) return 'Verlopen';
  return 'Nog te gebruiken';
}

/** A new code, this once: as text, as a link and as a QR code of that link for the tablet's camera. */
function NewCode({ code }: { code: AdminCreatedCode }) {
  const link = `${location.origin}${code.enrollPath}`;
  return (
    <section class="ido-card ido-beheer-newcode" aria-labelledby="new-code-heading">
      <h3 class="utrecht-heading-3" id="new-code-heading">Nieuwe koppelcode voor een {ROLE_LABELS[code.role].toLowerCase()}</h3>
      <Alert type="warning">U ziet deze code alleen nu. Geef hem door of laat de tablet de QR-code scannen. Hij werkt één keer, tot {dateTime(code.expiresAt)}.</Alert>
      <div class="ido-beheer-qr-row">
        <QrCode text={link} label={`QR-code om een tablet te koppelen met code ${code.code}`} />
        <dl class="ido-facts">
          <dt>Koppelcode</dt>
          <dd><strong class="ido-beheer-secret" id="new-code">{code.code}</strong></dd>
          <dt>Kenmerk in de lijst</dt>
          <dd id="new-code-mark">{idMark(code.id)}</dd>
          <dt>Link in de QR-code</dt>
          <dd><span class="ido-beheer-secret" id="new-code-link">{link}</span></dd>
        </dl>
      </div>
    </section>
  );
}

/** The new code's fields by the admin API's names: their labels, and how a server message names them. */
const CODE_LABELS = { role: 'Voor wie is de tablet?', days: 'Dagen geldig' };

/** Enrollment codes: make one for a staff or coordinator tablet, see which were used, revoke unused ones. */
export function CodesPage({ session, organisationId }: { session: AdminSession; organisationId: string }) {
  const list = useAdminData<{ codes: AdminCode[] }>(session, orgPath(organisationId, '/codes'));
  const action = useAdminAction(session, CODE_LABELS);
  const [role, setRole] = useState<DeviceRole>('medewerker');
  const [days, setDays] = useState('7');
  const [daysError, setDaysError] = useState<string | undefined>(undefined);
  const daysField = useFocusOnRefusal();
  const [created, setCreated] = useState<AdminCreatedCode | undefined>(undefined);

  const create = async () => {
    const n = Number(days.trim());
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 365) { setDaysError('Vul een aantal dagen in van 1 tot en met 365.'); return daysField.refused(); }
    setCreated(undefined);
    const code = await action.run(() => adminCall<AdminCreatedCode>(session.token, 'POST', orgPath(organisationId, '/codes'), { role, days: n }));
    if (code) { setCreated(code); list.reload(); }
  };
  // The answer is the code as stored: its row says "Ingetrokken" at once, not "Intrekken" again until the list is read.
  const revoke = (code: AdminCode) => void action.run(
    () => adminCall<AdminCode>(session.token, 'POST', orgPath(organisationId, `/codes/${encodeURIComponent(code.id)}/revoke`)),
    () => 'De koppelcode is ingetrokken: er kan geen tablet meer mee gekoppeld worden.',
  ).then((revoked) => (revoked ? list.reloadWith(withRow('codes', revoked)) : list.reload()));

  return (
    <>
      <h2 class="utrecht-heading-2">Koppelcodes</h2>
      <p class="utrecht-paragraph">Met een koppelcode koppelt u een tablet aan uw organisatie. Een code werkt één keer.</p>
      <form class="ido-card" noValidate aria-labelledby="code-form-heading" onSubmit={(e) => { e.preventDefault(); void create(); }}>
        <h3 class="utrecht-heading-3" id="code-form-heading">Nieuwe koppelcode</h3>
        <div class="ido-beheer-grid">
          <Field id="code-role" label={CODE_LABELS.role}>
            <select class="utrecht-select utrecht-select--html-select" id="code-role" value={role} onChange={(e) => setRole(e.currentTarget.value as DeviceRole)}>
              <option value="medewerker">Medewerker (registreren)</option>
              <option value="coordinator">Coördinator (ook beheer en de kaart bewerken)</option>
            </select>
          </Field>
          <Field id="code-days" label={CODE_LABELS.days} description="1 tot en met 365." error={daysError}>
            <input class={`utrecht-textbox utrecht-textbox--html-input${daysError ? ' utrecht-textbox--invalid' : ''}`} id="code-days" ref={daysField.field} inputMode="numeric" value={days} maxLength={3}
              aria-invalid={daysError ? true : undefined} aria-describedby={describedBy('code-days', daysError, 'x')}
              onInput={(e) => { setDays(e.currentTarget.value); setDaysError(undefined); }} />
          </Field>
        </div>
        <Button type="submit" appearance="primary" disabled={action.busy}>Koppelcode maken</Button>
      </form>
      <Messages error={action.error} notice={action.notice} />
      {created && <NewCode code={created} />}
      {list.error && <Alert type="error">{list.error}</Alert>}
      {list.data && (
        <AdminTable id="codes-table" caption="Koppelcodes" headers={['Kenmerk', 'Gemaakt', 'Voor', 'Geldig tot', 'Status', 'Acties']}
          empty="Nog geen koppelcodes." rows={list.data.codes.length}>
          {list.data.codes.map((code) => (
            <tr class="utrecht-table__row" key={code.id}>
              <th class="utrecht-table__header-cell" scope="row">{idMark(code.id)}</th>
              <td class="utrecht-table__cell" data-label="Gemaakt">{dateTime(code.createdAt)}</td>
              <td class="utrecht-table__cell" data-label="Voor">{ROLE_LABELS[code.role]}</td>
              <td class="utrecht-table__cell" data-label="Geldig tot">{dateTime(code.expiresAt)}</td>
              <td class="utrecht-table__cell" data-label="Status">{codeStatus(code)}</td>
              <td class="utrecht-table__cell ido-beheer-actions">
                {codeStatus(code) === 'Nog te gebruiken' && (
                  <ConfirmButton text="Intrekken" label={`Koppelcode ${idMark(code.id)} van ${dateTime(code.createdAt)} voor een ${ROLE_LABELS[code.role].toLowerCase()} intrekken`} question="Code intrekken?" confirmText="Ja, intrekken" disabled={action.busy} onConfirm={() => revoke(code)} />
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </>
  );
}
