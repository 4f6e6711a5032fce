import '@utrecht/table-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';
import { useState } from 'preact/hooks';
import { type AdminDevice, HIDDEN_CHARACTERS_PROBLEM, hasHiddenCharacters, MAX_DEVICE_LABEL, nameTooLong } from '../../../shared/admin-api';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { describedBy, Field, useFocusOnRefusal } from '../../../ui/Field';
import { adminCall, orgPath } from '../api';
import { ConfirmButton } from '../../../ui/ConfirmButton';
import { dateTime, ROLE_LABELS } from '../format';
import { deviceNotes } from './device-notes';
import { AdminTable } from '../AdminTable';
import { Messages } from '../Messages';
import type { AdminSession } from '../session';
import { useAdminAction, useAdminData, withRow } from '../use-admin';

/** The new name of one tablet, in place of its row's name. */
function RenameForm({ device, busy, onSave, onCancel, refusal, onChange }: {
  device: AdminDevice; busy: boolean; onSave: (label: string) => void; onCancel: () => void;
  /** the server's refusal of the name, shown at the field until it changes (`useAdminAction`'s fieldError) */
  refusal?: string; onChange: () => void;
}) {
  const [value, setValue] = useState(device.label);
  const [ownProblem, setProblem] = useState<string | undefined>(undefined);
  const problem = ownProblem ?? refusal;
  const labelField = useFocusOnRefusal();
  const id = `device-label-${device.id}`;
  return (
    <form noValidate onSubmit={(e) => {
      e.preventDefault();
      const label = value.trim();
      const tooLong = nameTooLong(label, MAX_DEVICE_LABEL);
      const hidden = hasHiddenCharacters(label);
      if (!label || tooLong || hidden) {
        setProblem(!label ? 'Vul een naam in.' : tooLong ? `De naam is ${tooLong}` : `De naam ${HIDDEN_CHARACTERS_PROBLEM}`);
        return labelField.refused();
      }
      onSave(label);
    }}>
      <Field id={id} label={`${DEVICE_LABELS.label} voor ${device.label}`} error={problem}>
        {/* maxlength counts UTF-16 units (an emoji 2): twice the limit never cuts a name nameTooLong takes. */}
        <input class="utrecht-textbox utrecht-textbox--html-input" id={id} ref={labelField.field} value={value} maxLength={2 * MAX_DEVICE_LABEL} autoComplete="off"
          aria-invalid={problem ? true : undefined} aria-describedby={describedBy(id, problem)} onInput={(e) => { setValue(e.currentTarget.value); setProblem(undefined); onChange(); }} />
      </Field>
      <span class="ido-row">
        <Button type="submit" appearance="primary" disabled={busy}>Naam opslaan</Button>
        <Button onClick={onCancel}>Annuleren</Button>
      </span>
    </form>
  );
}

/**
 * What waited on the tablet when it last reached the server. A revoked tablet's requests are refused and tell the
 * server nothing: its figure from before the revoke says nothing about what it holds now (docs/admin-api.md).
 */
function PendingAtLastContact({ device }: { device: AdminDevice }) {
  if (device.revokedAt) return <span>niet bekend<span class="ido-beheer-note"> (vraag de noodexport van deze tablet)</span></span>;
  return (
    <span>
      {device.pendingAtLastContact === null ? 'onbekend' : device.pendingAtLastContact}
      {device.lastContactAt && <span class="ido-beheer-note"> ({dateTime(device.lastContactAt)})</span>}
    </span>
  );
}

/** Active or revoked, and what the coordinator should act on about an active tablet (device-notes.ts). */
function DeviceStatus({ device, now }: { device: AdminDevice; now: Date }) {
  if (device.revokedAt) return <span>Ontkoppeld {dateTime(device.revokedAt)}</span>;
  const notes = deviceNotes(device, now);
  return <span>Actief{notes.length > 0 && '.'}{notes.map((note) => <strong key={note}> {note}</strong>)}</span>;
}

/** A tablet's new name by the admin API's field: its label ("Nieuwe naam voor …"), and how a server message names it. */
const DEVICE_LABELS = { label: 'Nieuwe naam' };

/** The organisation's tablets: last sync, records sent; rename, and revoke (the tablet pauses at its next sync). */
export function DevicesPage({ session, organisationId }: { session: AdminSession; organisationId: string }) {
  const list = useAdminData<{ devices: AdminDevice[] }>(session, orgPath(organisationId, '/devices'));
  const [renaming, setRenamingState] = useState<string | undefined>(undefined);
  const action = useAdminAction(session, DEVICE_LABELS, (field) => (field === 'label' && renaming !== undefined ? `device-label-${renaming}` : undefined));
  // a refusal at the name field goes with its form
  const setRenaming = (id: string | undefined) => { action.formChanged(); setRenamingState(id); };
  // the list's own moment: each read of it is fresh (a tablet quiet for a week is named from the data, not a timer)
  const now = new Date();
  const path = (device: AdminDevice, rest = '') => orgPath(organisationId, `/devices/${encodeURIComponent(device.id)}${rest}`);
  // Each answer is the tablet as stored: its row shows it at once, so "Naam wijzigen" right after starts from the new
  // name, and a revoked tablet offers nothing more, not the row from before until the list is read again.
  const rename = async (device: AdminDevice, label: string) => {
    const renamed = await action.run(() => adminCall<AdminDevice>(session.token, 'PATCH', path(device), { label }), (d) => `De tablet heet nu ${d.label}.`);
    if (!renamed) return list.reload();
    setRenaming(undefined);
    list.reloadWith(withRow('devices', renamed));
  };
  const revoke = (device: AdminDevice) => void action.run(
    () => adminCall<AdminDevice>(session.token, 'POST', path(device, '/revoke')),
    (d) => `${d.label} is ontkoppeld. Bij de volgende verbinding stopt de tablet met versturen; wat er nog op staat, blijft bewaard voor de noodexport.`,
  ).then((revoked) => (revoked ? list.reloadWith(withRow('devices', revoked)) : list.reload()));

  return (
    <>
      <div class="ido-row ido-row--spread">
        <h2 class="utrecht-heading-2">Tablets</h2>
        <Button onClick={list.reload}>Lijst vernieuwen</Button>
      </div>
      <Messages error={action.error} notice={action.notice} />
      {list.error && <Alert type="error">{list.error}</Alert>}
      {list.data && (
        <AdminTable id="devices-table" caption="Gekoppelde tablets" headers={['Naam', 'Rol', 'App-versie', 'Laatst verstuurd', 'Registraties verstuurd', 'Wachtend bij laatste contact', 'Status', 'Acties']}
          empty="Nog geen tablets gekoppeld." rows={list.data.devices.length}>
          {list.data.devices.map((d) => (
            <tr class="utrecht-table__row" key={d.id}>
              <th class="utrecht-table__header-cell" scope="row">
                {renaming === d.id ? <RenameForm device={d} busy={action.busy} onSave={(label) => void rename(d, label)} onCancel={() => setRenaming(undefined)}
                  refusal={action.fieldError('label')} onChange={() => action.fieldChanged('label')} /> : d.label}
              </th>
              <td class="utrecht-table__cell" data-label="Rol">{ROLE_LABELS[d.role]}</td>
              <td class="utrecht-table__cell" data-label="App-versie">{d.appVersion ?? 'onbekend'}</td>
              <td class="utrecht-table__cell" data-label="Laatst verstuurd">{dateTime(d.lastSyncAt, 'nog nooit')}</td>
              <td class="utrecht-table__cell utrecht-table__cell--numeric" data-label="Registraties verstuurd">
                <span>
                  {d.recordsSent}
                  {d.recordsImported > 0 && <span class="ido-beheer-note"> (+ {d.recordsImported} uit noodexport)</span>}
                </span>
              </td>
              <td class="utrecht-table__cell utrecht-table__cell--numeric" data-label="Wachtend bij laatste contact">
                {/* one element: as a card (below 900 px) the cell is a grid of label and value, and the time of the last
                    contact, an element of its own, fell into the label's column on a line of its own */}
                <PendingAtLastContact device={d} />
              </td>
              <td class="utrecht-table__cell" data-label="Status"><DeviceStatus device={d} now={now} /></td>
              <td class="utrecht-table__cell ido-beheer-actions">
                {!d.revokedAt && renaming !== d.id && (
                  <span class="ido-row">
                    <Button aria-label={`Naam wijzigen van ${d.label}`} disabled={action.busy} onClick={() => setRenaming(d.id)}>Naam wijzigen</Button>
                    <ConfirmButton text="Ontkoppelen" label={`${d.label} ontkoppelen`} question="Deze tablet ontkoppelen? Dat kan niet ongedaan." confirmText="Ja, ontkoppelen" disabled={action.busy} onConfirm={() => revoke(d)} />
                  </span>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </>
  );
}
