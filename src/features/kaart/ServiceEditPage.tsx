import '@utrecht/textbox-css/dist/index.css';
import '@utrecht/textarea-css/dist/index.css';
import '@utrecht/select-css/dist/index.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { db } from '../../db/db';
import { saveKaartEdits } from '../../db/kaart/edits';
import { serviceView } from '../../db/kaart/joins';
import { storageFailureOf, type StorageFailure } from '../../db/storage-failure';
import { useLiveQuery } from '../../db/use-live-query';
import { currentCodes, label } from '../../shared/codelists';
import { SERVICE_STATUSES, type ServiceFields } from '../../shared/kaart';
import { validateKaartRecord } from '../../shared/kaart/validate';
import { FIRST_CHECKED_DAY, lastCheckedDay } from '../../shared/checked-day';
import { amsterdamDay } from '../../shared/time';
import type { ValidationError } from '../../shared/validation';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { Button } from '../../ui/Button';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { DateField } from '../../ui/DateField';
import { describedBy, Field } from '../../ui/Field';
import { StorageFailureAlert } from '../../ui/StorageFailureAlert';
import { emergencyExportFile } from '../../sync';
import { isNationalHere, NATIONAL_ENTRY_TEXT, REFERRAL_METHOD_LABELS, SERVICE_GONE_TEXT, STATUS_LABELS } from './labels';
import { NotHere } from '../../ui/NotHere';
import { LanguageChoice } from './LanguageChoice';
import { readKaartStatus } from '../../sync/kaart-status';
import { EditDeactivatedInline, EditDeactivatedNews, EditSyncLine } from './KaartAttention';
import { contactEdits, contactsOf, type HoursRow, type PhoneRow, type ServiceContacts } from './contact-rows';
import { HoursRows, PhoneRows } from './ContactEditors';

const TYPED_FIELDS = ['name', 'description', 'email', 'url'] as const;

/** The typed fields without spaces around them, and one of only spaces left out: "   " asks for a name, as an empty field does. */
function withoutBlanks(fields: ServiceFields): ServiceFields {
  const tidy: ServiceFields = { ...fields };
  for (const field of TYPED_FIELDS) {
    const value = tidy[field]?.trim();
    if (value) tidy[field] = value;
    else delete tidy[field];
  }
  return tidy;
}

interface ServiceEditPageProps {
  id?: string;
  /** the linked tablet's organisation: it edits only its own entries (a national one's edit the server refuses) */
  organisationId?: string;
  /** the service page (or the kaart, for a new service): the way back where the form is not this tablet's to use */
  backHref: string;
  onSaved: (id: string) => void;
  onCancel: () => void;
}

/** Coordinators add, edit and retire a service on the tablet, offline; the change syncs later. */
export function ServiceEditPage({ id, organisationId, backHref, onSaved, onCancel }: ServiceEditPageProps) {
  // A linked tablet puts a service only under its own organisation's organizations: under a national one the server
  // refuses it (forbidden_scope). An unlinked tablet's example kaart is all its own.
  const organizations = useLiveQuery(async () => (await db.kaartOrganizations.toArray())
    .filter((o) => organisationId === undefined || o.owner_organisation_id === organisationId)
    .sort((a, b) => a.name.localeCompare(b.name, 'nl')), [organisationId], []);
  // Reached by its address: a service that is not on the tablet, or a national one (ServicePage offers no "Bewerken"
  // there), gets no form, only why and the way back.
  const [notHere, setNotHere] = useState<'missing' | 'national'>();
  const [fields, setFields] = useState<ServiceFields | undefined>(undefined);
  const [errors, setErrors] = useState<ValidationError[]>([]);
  const [storageFailure, setStorageFailure] = useState<StorageFailure | undefined>(undefined);
  const summaryRef = useRef<HTMLDivElement>(null);
  // The national team deactivated the organisation (a push found it, kaart-push.ts): a saved edit stays on the tablet.
  const deactivated = useLiveQuery((idoDb) => readKaartStatus(idoDb).then((status) => status.organisationDeactivatedAt !== undefined), []);
  const deactivatedAtStart = useRef<boolean>();
  if (deactivatedAtStart.current === undefined && deactivated !== undefined) deactivatedAtStart.current = deactivated;
  // The service's own phone numbers and opening hours as rows (contact-rows.ts), and the stored records they came from.
  const [contacts, setContacts] = useState<ServiceContacts | undefined>(undefined);
  const [phoneRows, setPhoneRows] = useState<PhoneRow[]>([]);
  const [hoursRows, setHoursRows] = useState<HoursRow[]>([]);
  useEffect(() => {
    const start = (service: ServiceFields, found: ServiceContacts) => {
      setFields(service);
      setContacts(found);
      setPhoneRows(found.phoneRows);
      setHoursRows(found.hoursRows);
    };
    const newKey = () => crypto.randomUUID();
    if (id) {
      void serviceView(db, id).then((view) => {
        if (!view) return setNotHere('missing');
        if (isNationalHere(organisationId, view.organization)) return setNotHere('national');
        start(
          Object.fromEntries(Object.entries(view.service).filter(([k]) => !['version', 'updatedAt', 'deleted'].includes(k))) as unknown as ServiceFields,
          contactsOf(id, view.phones, view.schedules, newKey),
        );
      });
    } else {
      start({ id: crypto.randomUUID(), organization_id: '', name: '', status: 'active' } as ServiceFields, contactsOf('', [], [], newKey));
    }
  }, [id]);
  if (notHere) {
    return <NotHere title="Dienst bewerken" what={notHere === 'national' ? NATIONAL_ENTRY_TEXT : SERVICE_GONE_TEXT}
      back={notHere === 'national' ? { href: backHref, label: 'Terug naar de dienst' } : { href: '#/kaart', label: 'Naar de sociale kaart' }} />;
  }
  // The form comes with the first answer of both: a note that came after it moved every field down.
  if (!fields || !contacts || deactivated === undefined) return <p class="utrecht-paragraph">Laden…</p>;

  const set = (patch: Partial<ServiceFields>) => setFields({ ...fields, ...patch });
  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  const text = (field: keyof ServiceFields, title: string, { multiline = false, inputMode }: { multiline?: boolean; inputMode?: 'email' | 'url' } = {}) => {
    const id = `svc-${field}`;
    const control = {
      id, value: (fields[field] as string | undefined) ?? '', 'aria-describedby': describedBy(id, err(field)), 'aria-invalid': err(field) ? true : undefined,
      onInput: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => set({ [field]: e.currentTarget.value || undefined } as Partial<ServiceFields>),
    };
    return (
      <Field id={id} label={title} error={err(field)}>
        {multiline
          ? <textarea class="utrecht-textarea utrecht-textarea--html-textarea" rows={4} {...control} />
          : <input class="utrecht-textbox utrecht-textbox--html-input" inputMode={inputMode} autocomplete="off" spellcheck={!inputMode} {...control} />}
      </Field>
    );
  };
  const save = async (event: Event) => {
    event.preventDefault();
    const service = withoutBlanks(fields);
    const now = new Date();
    // The service, its phone numbers and its opening hours are checked together and saved together, or not at all.
    const contact = contactEdits(service.id, contacts, { phones: phoneRows, hours: hoursRows }, { now });
    const refused = [...validateKaartRecord('service', service, now), ...contact.errors];
    let result: Awaited<ReturnType<typeof saveKaartEdits>> = { ok: false, errors: refused };
    try {
      if (refused.length === 0) result = await saveKaartEdits(db, [{ entity: 'service', record: service }, ...contact.edits], now);
    } catch (error) {
      // A full or unavailable storage: say so and keep the edit on screen; the transaction changed nothing.
      const failure = storageFailureOf(error, 'De wijziging');
      if (!failure) throw error;
      return setStorageFailure(failure);
    }
    if (!result.ok) {
      setFields(withoutBlanks(fields));
      setErrors(result.errors);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    onSaved(fields.id);
  };

  return (
    <form onSubmit={save} noValidate aria-labelledby="svc-heading">
      <h1 class="utrecht-heading-1" id="svc-heading">{id ? 'Dienst bewerken' : 'Nieuwe dienst'}</h1>
      <EditDeactivatedNews live={deactivated && !deactivatedAtStart.current} />
      {deactivatedAtStart.current
        ? <EditDeactivatedInline live={deactivated} />
        : <EditSyncLine held={deactivated} />}
      {/* Each problem a link to its field, focused after a refused save (it said "Kijk bij de rode velden", with the focus on Opslaan at the bottom). */}
      <ErrorSummary id="svc-error-summary" errors={errors} fieldId={(field) => `svc-${field}`} summaryRef={summaryRef} />
      {storageFailure && <StorageFailureAlert failure={storageFailure} makeExport={() => emergencyExportFile(db)} />}
      <div class="ido-card">
        {text('name', 'Naam')}
        <Field id="svc-organization_id" label="Organisatie" error={err('organization_id')}>
          <select class="utrecht-select utrecht-select--html-select" id="svc-organization_id" value={fields.organization_id}
            aria-invalid={err('organization_id') ? true : undefined} aria-describedby={describedBy('svc-organization_id', err('organization_id'))} onChange={(e) => set({ organization_id: e.currentTarget.value })}>
            <option value="">Kies een organisatie</option>
            {organizations.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </Field>
        {text('description', 'Omschrijving', { multiline: true })}
        <ChoiceTiles id="svc-status" legend="Status" choices={SERVICE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} value={fields.status}
          error={err('status')} onChange={(status) => set({ status: status as ServiceFields['status'] })} />
        <ChoiceTiles id="svc-referral_method" legend="Hoe verwijst u iemand naar deze dienst?" choices={Object.entries(REFERRAL_METHOD_LABELS).map(([value, text]) => ({ value, label: text }))}
          value={fields.referral_method} error={err('referral_method')} onChange={(m) => set({ referral_method: m as ServiceFields['referral_method'] })} />
        <ChoiceTiles multiple id="svc-ido_topics" legend="Helpt bij deze IDO-onderwerpen" choices={currentCodes('topic').map((t) => ({ value: t, label: label('topic', t) }))}
          value={fields.ido_topics ?? []} error={err('ido_topics')} onChange={(ido_topics) => set({ ido_topics })} />
        {text('email', 'E-mailadres', { inputMode: 'email' })}
        {text('url', 'Website', { inputMode: 'url' })}
        <PhoneRows rows={phoneRows} errorOf={err} onChange={setPhoneRows} />
        <HoursRows rows={hoursRows} fixed={contacts.fixed} errorOf={err} onChange={setHoursRows} />
        <LanguageChoice value={fields.languages ?? []} error={err('languages')} onChange={(languages) => set({ languages })} />
        <DateField id="svc-assured_date" label="Laatst gecontroleerd" error={err('assured_date')} value={fields.assured_date ?? ''}
          min={FIRST_CHECKED_DAY} max={lastCheckedDay()} onDay={(day) => set({ assured_date: day || undefined })}
          beside={<Button onClick={() => set({ assured_date: amsterdamDay(new Date()) })}>Vandaag gecontroleerd</Button>} />
      </div>
      <div class="ido-savebar">
        <Button type="submit" appearance="primary">Opslaan</Button>
        <Button onClick={onCancel}>Annuleren</Button>
      </div>
    </form>
  );
}
