import '@utrecht/table-css/dist/index.css';
import { useState } from 'preact/hooks';
import type { AdminLocation } from '../../../shared/admin-api';
import { label } from '../../../shared/codelists';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { adminCall, orgPath } from '../api';
import { ConfirmButton } from '../../../ui/ConfirmButton';
import { day } from '../format';
import { closesBeforeOpeningText } from '../../../shared/location-days';
import { useAmsterdamDay } from '../../../ui/use-today';
import { AdminTable } from '../AdminTable';
import { Messages } from '../Messages';
import type { AdminSession } from '../session';
import { useAdminAction, useAdminData, withRow } from '../use-admin';
import { EMPTY_DRAFT, LOCATION_FIELD_NAMES, draftOf, locationFieldId, locationStatusText } from './location-input';
import { LocationForm } from './LocationForm';

/** The organisation's IDO locations, closed ones too; add, change, close. Tablets get the change at their next sync. */
export function LocationsPage({ session, organisationId }: { session: AdminSession; organisationId: string }) {
  const list = useAdminData<{ locations: AdminLocation[] }>(session, orgPath(organisationId, '/locations'));
  // "Sluiten" closes from today: a location that opens later cannot, and the page says so at once (the server would refuse);
  // the Status column says when a location opens or closes from it too
  const today = useAmsterdamDay();
  const action = useAdminAction(session, LOCATION_FIELD_NAMES, locationFieldId);
  const [editing, setEditingState] = useState<AdminLocation | 'new' | undefined>(undefined);
  // a refusal at a field of the form goes with it
  const setEditing = (next: AdminLocation | 'new' | undefined) => { action.formChanged(); setEditingState(next); };
  const save = async (body: Record<string, unknown>) => {
    const isNew = editing === 'new';
    const path = isNew ? orgPath(organisationId, '/locations') : orgPath(organisationId, `/locations/${encodeURIComponent((editing as AdminLocation).id)}`);
    const saved = await action.run(() => adminCall<AdminLocation>(session.token, isNew ? 'POST' : 'PATCH', path, body),
      (l) => `${isNew ? 'Locatie toegevoegd' : 'Locatie gewijzigd'}: ${l.name}. De tablets krijgen dit bij hun volgende verbinding.`);
    if (!saved) return;
    setEditing(undefined);
    // A change's answer is the location as stored (its hours steps too): "Wijzigen" right after opens that, not the row from before.
    if (isNew) list.reload();
    else list.reloadWith(withRow('locations', saved));
  };
  const close = (location: AdminLocation) => void action.run(
    () => adminCall<AdminLocation>(session.token, 'POST', orgPath(organisationId, `/locations/${encodeURIComponent(location.id)}/close`), {}),
    (l) => `${l.name} is gesloten vanaf ${day(l.closedOn)}. Registraties van daarvoor blijven geldig.`,
  ).then((closed) => (closed ? list.reloadWith(withRow('locations', closed)) : list.reload()));

  return (
    <>
      <div class="ido-row ido-row--spread">
        <h2 class="utrecht-heading-2">Locaties</h2>
        {!editing && <Button appearance="primary" onClick={() => setEditing('new')}>Nieuwe locatie</Button>}
      </div>
      <Messages error={action.error} notice={action.notice} />
      {editing && (
        <LocationForm key={editing === 'new' ? 'new' : editing.id} title={editing === 'new' ? 'Nieuwe locatie' : `${editing.name} wijzigen`} busy={action.busy}
          initial={editing === 'new' ? EMPTY_DRAFT : draftOf(editing)} stored={editing === 'new' ? undefined : editing} submitText={editing === 'new' ? 'Locatie toevoegen' : 'Wijziging opslaan'}
          onSubmit={(body) => void save(body)} onCancel={() => setEditing(undefined)} refusal={action.fieldError} onFieldChange={action.fieldChanged} />
      )}
      {list.error && <Alert type="error">{list.error}</Alert>}
      {list.data && (
        <AdminTable id="locations-table" caption="Locaties van de organisatie" headers={['Naam', 'Soort', 'Gemeente', 'IDO-uren per week', 'Manieren van werken', 'Status', 'Acties']}
          empty="Nog geen locaties." rows={list.data.locations.length}>
          {list.data.locations.map((l) => (
            <tr class="utrecht-table__row" key={l.id}>
              <th class="utrecht-table__header-cell" scope="row">{l.name}</th>
              <td class="utrecht-table__cell" data-label="Soort">{label('locationKind', l.kind)}</td>
              <td class="utrecht-table__cell" data-label="Gemeente">{l.municipalityCode}, {l.province}</td>
              <td class="utrecht-table__cell utrecht-table__cell--numeric" data-label="IDO-uren per week">{String(l.idoHoursPerWeek).replace('.', ',')}</td>
              <td class="utrecht-table__cell" data-label="Manieren van werken">{l.scenarios.map((s) => label('scenario', s)).join(', ')}</td>
              <td class="utrecht-table__cell" data-label="Status">{locationStatusText(l, today)}</td>
              <td class="utrecht-table__cell ido-beheer-actions"><span class="ido-row">
                <Button aria-label={`${l.name} wijzigen`} disabled={action.busy} onClick={() => setEditing(l)}>Wijzigen</Button>
                {!l.closedOn && <ConfirmButton text="Sluiten" label={`${l.name} sluiten`} question="Vanaf vandaag sluiten?" confirmText="Ja, sluiten" disabled={action.busy} onConfirm={() => close(l)}
                  refusal={today < l.openedOn ? closesBeforeOpeningText(l.name, l.openedOn, today) : undefined} />}
              </span></td>
            </tr>
          ))}
        </AdminTable>
      )}
    </>
  );
}
