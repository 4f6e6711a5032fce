import '@utrecht/table-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';
import { useState } from 'preact/hooks';
import { type AdminOrganisation, HIDDEN_CHARACTERS_PROBLEM, hasHiddenCharacters, MAX_NAME, nameTooLong } from '../../../shared/admin-api';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { describedBy, Field, useFocusOnRefusal } from '../../../ui/Field';
import { adminCall, orgPath } from '../api';
import { ConfirmButton } from '../../../ui/ConfirmButton';
import { dateTime } from '../format';
import { Frame, WHO } from '../Frame';
import { AdminTable } from '../AdminTable';
import { Messages } from '../Messages';
import type { AdminSession } from '../session';
import { namesOfLabels } from '../../../shared/field-names';
import { useAdminAction, useAdminData, withRow } from '../use-admin';
import { nationalTabs } from './tabs';

// What reactivation means for the tablets: kaart edits a coordinator saved meanwhile waited on the tablet (kaart-push.ts).
const HELD_EDITS_GO = 'Kaartwijzigingen die op hun tablets wachten, gaan mee bij de volgende keer verbinden.';

/** The organisation form's fields by the admin API's names: their labels, and (without the hint in brackets) how a server message names them. */
const ORGANISATION_LABELS = { name: 'Naam van de organisatie', municipalityCode: 'Gemeentecode (mag leeg)' };
const ORGANISATION_FIELD_NAMES = namesOfLabels(ORGANISATION_LABELS);

/** A name (and for a new organisation its municipality) with Dutch messages; the server checks again. */
function OrganisationForm({ id, title, initialName, withMunicipality, busy, submitText, onSubmit, onCancel, refusal, onFieldChange }: {
  id: string; title: string; initialName: string; withMunicipality: boolean; busy: boolean; submitText: string;
  onSubmit: (body: { name: string; municipalityCode?: string }) => void; onCancel?: () => void;
  /** the server's refusal of a field by its API name, shown at that field until it changes (`useAdminAction`'s fieldError) */
  refusal: (field: string) => string | undefined; onFieldChange: (field: string) => void;
}) {
  const [name, setName] = useState(initialName);
  const [municipality, setMunicipality] = useState('');
  const [ownErrors, setErrors] = useState<{ name?: string; municipality?: string }>({});
  const errors = { name: ownErrors.name ?? refusal('name'), municipality: ownErrors.municipality ?? refusal('municipalityCode') };
  const nameField = useFocusOnRefusal();
  const municipalityField = useFocusOnRefusal();
  return (
    <form class="ido-card" noValidate aria-labelledby={`${id}-heading`} onSubmit={(e) => {
      e.preventDefault();
      const found: typeof ownErrors = {};
      const trimmed = name.trim();
      const code = municipality.trim().toUpperCase();
      const tooLong = nameTooLong(trimmed, MAX_NAME);
      if (!trimmed) found.name = 'Vul de naam van de organisatie in.';
      else if (tooLong) found.name = `De naam is ${tooLong}`;
      else if (hasHiddenCharacters(trimmed)) found.name = `De naam ${HIDDEN_CHARACTERS_PROBLEM}`;
      if (code && !/^GM\d{4}$/.test(code)) found.municipality = 'Vul de gemeentecode in: GM en vier cijfers, of laat het leeg.';
      setErrors(found);
      // the keyboard in the first field refused, once its message is tied to it
      if (found.name) nameField.refused();
      else if (found.municipality) municipalityField.refused();
      if (!found.name && !found.municipality) onSubmit({ name: trimmed, ...(withMunicipality && code ? { municipalityCode: code } : {}) });
    }}>
      <h3 class="utrecht-heading-3" id={`${id}-heading`}>{title}</h3>
      <Field id={`${id}-name`} label={ORGANISATION_LABELS.name} error={errors.name}>
        {/* maxlength counts UTF-16 units (an emoji 2): twice the limit never cuts a name nameTooLong takes. */}
        <input class="utrecht-textbox utrecht-textbox--html-input" id={`${id}-name`} ref={nameField.field} value={name} maxLength={2 * MAX_NAME} autoComplete="off"
          aria-invalid={errors.name ? true : undefined} aria-describedby={describedBy(`${id}-name`, errors.name)} onInput={(e) => { setName(e.currentTarget.value); onFieldChange('name'); }} />
      </Field>
      {withMunicipality && (
        <Field id={`${id}-municipality`} label={ORGANISATION_LABELS.municipalityCode} description="GM en vier cijfers, bijvoorbeeld GM0855." error={errors.municipality}>
          <input class="utrecht-textbox utrecht-textbox--html-input ido-beheer-short" id={`${id}-municipality`} ref={municipalityField.field} value={municipality} maxLength={6} autoComplete="off"
            aria-invalid={errors.municipality ? true : undefined} aria-describedby={describedBy(`${id}-municipality`, errors.municipality, 'x')} onInput={(e) => { setMunicipality(e.currentTarget.value); onFieldChange('municipalityCode'); }} />
        </Field>
      )}
      <p class="ido-row">
        <Button type="submit" appearance="primary" disabled={busy}>{submitText}</Button>
        {onCancel && <Button onClick={onCancel}>Annuleren</Button>}
      </p>
    </form>
  );
}

/** Every organisation (national): open its pages, add one, rename, deactivate, activate again. */
export function OrganisationsPage({ session, onSignOut }: { session: AdminSession; onSignOut?: () => void }) {
  const list = useAdminData<{ organisations: AdminOrganisation[] }>(session, '/organisations');
  const [renaming, setRenamingState] = useState<AdminOrganisation | undefined>(undefined);
  // a refusal of a field stands at that field of the form on the page
  const formId = renaming ? 'rename-organisation' : 'new-organisation';
  const action = useAdminAction(session, ORGANISATION_FIELD_NAMES, (field) => (field === 'name' ? `${formId}-name` : field === 'municipalityCode' ? `${formId}-municipality` : undefined));
  const setRenaming = (organisation: AdminOrganisation | undefined) => { action.formChanged(); setRenamingState(organisation); };
  // Each organisation added gives an empty form: one that kept the name would add it again at a second tap.
  const [added, setAdded] = useState(0);
  const create = async (body: { name: string; municipalityCode?: string }) => {
    if (await action.run(() => adminCall<AdminOrganisation>(session.token, 'POST', '/organisations', body), (o) => `Organisatie ${o.name} toegevoegd.`)) {
      setAdded((n) => n + 1);
      list.reload();
    }
  };
  // Each answer is the organisation as stored: its row shows it at once, so "Hernoemen" right after starts from the new
  // name, and a deactivated one offers only "Weer activeren", not the row from before until the list is read again.
  const rename = async (organisation: AdminOrganisation, name: string) => {
    const renamed = await action.run(() => adminCall<AdminOrganisation>(session.token, 'PATCH', orgPath(organisation.id), { name }), (o) => `De organisatie heet nu ${o.name}.`);
    if (!renamed) return;
    setRenaming(undefined);
    list.reloadWith(withRow('organisations', renamed));
  };
  const deactivate = (organisation: AdminOrganisation) => void action.run(
    () => adminCall<AdminOrganisation>(session.token, 'POST', orgPath(organisation.id, '/deactivate'), {}),
    (o) => `${o.name} is gedeactiveerd: haar coördinatoren kunnen niets meer wijzigen.`,
  ).then((deactivated) => (deactivated ? list.reloadWith(withRow('organisations', deactivated)) : list.reload()));
  const reactivate = (organisation: AdminOrganisation) => void action.run(
    () => adminCall<AdminOrganisation>(session.token, 'POST', orgPath(organisation.id, '/reactivate'), {}),
    (o) => `${o.name} is weer actief: haar coördinatoren kunnen haar weer beheren. ${HELD_EDITS_GO}`,
  ).then((reactivated) => (reactivated ? list.reloadWith(withRow('organisations', reactivated)) : list.reload()));

  return (
    <Frame title="Beheer: landelijk" who={WHO[session.me.kind]} tabs={nationalTabs('organisaties')} onSignOut={onSignOut}>
      <h2 class="utrecht-heading-2">Organisaties</h2>
      <Messages error={action.error} notice={action.notice} />
      {renaming
        ? <OrganisationForm key={renaming.id} id="rename-organisation" title={`${renaming.name} hernoemen`} initialName={renaming.name} withMunicipality={false} busy={action.busy}
            submitText="Naam opslaan" onSubmit={(body) => void rename(renaming, body.name)} onCancel={() => setRenaming(undefined)} refusal={action.fieldError} onFieldChange={action.fieldChanged} />
        : <OrganisationForm key={`new-${added}`} id="new-organisation" title="Nieuwe organisatie" initialName="" withMunicipality busy={action.busy} submitText="Organisatie toevoegen" onSubmit={(body) => void create(body)} refusal={action.fieldError} onFieldChange={action.fieldChanged} />}
      {list.error && <Alert type="error">{list.error}</Alert>}
      {list.data && (
        <AdminTable id="organisations-table" caption="Organisaties" headers={['Naam', 'Gemeente', 'Locaties', 'Status', 'Acties']}
          empty="Nog geen organisaties." rows={list.data.organisations.length}>
          {list.data.organisations.map((o) => (
            <tr class="utrecht-table__row" key={o.id}>
              <th class="utrecht-table__header-cell" scope="row"><a class="ido-result-link" href={`#/beheer/${encodeURIComponent(o.id)}/locaties`}>{o.name}</a></th>
              <td class="utrecht-table__cell" data-label="Gemeente">{o.municipalityCode ?? '–'}</td>
              <td class="utrecht-table__cell utrecht-table__cell--numeric" data-label="Locaties">{o.locations}</td>
              <td class="utrecht-table__cell" data-label="Status">{o.deactivatedAt ? `Gedeactiveerd ${dateTime(o.deactivatedAt)}` : o.demo ? 'Actief (demo)' : 'Actief'}</td>
              <td class="utrecht-table__cell ido-beheer-actions">
                {o.deactivatedAt
                  ? <ConfirmButton text="Weer activeren" label={`${o.name} weer activeren`} danger={false} disabled={action.busy} onConfirm={() => reactivate(o)}
                      question={`Weer activeren? Dan kunnen haar coördinatoren haar weer beheren. ${HELD_EDITS_GO}`} confirmText="Ja, weer activeren" />
                  : (
                    <span class="ido-row">
                      <Button aria-label={`${o.name} hernoemen`} disabled={action.busy} onClick={() => setRenaming(o)}>Hernoemen</Button>
                      <ConfirmButton text="Deactiveren" label={`${o.name} deactiveren`} disabled={action.busy} onConfirm={() => deactivate(o)}
                        question="Deactiveren? Dan kunnen haar coördinatoren niets meer wijzigen, tot u haar weer activeert." confirmText="Ja, deactiveren" />
                    </span>
                  )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </Frame>
  );
}
