import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { db } from '../../db/db';
import { currentOrganisation } from '../../db/organisation';
import { editableRegistration, recentRegistrations, saveRegistration } from '../../db/registrations';
import { currentDevice } from '../../db/settings';
import { storageFailureOf, type StorageFailure } from '../../db/storage-failure';
import { useLiveQuery } from '../../db/use-live-query';
import { categoryOfTopic } from '../../shared/codelists';
import { MAX_QUESTIONS } from '../../shared/registration';
import { validateRegistration, type ValidationError } from '../../shared/validation';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { StorageFailureAlert } from '../../ui/StorageFailureAlert';
import { emergencyExportFile } from '../../sync';
import { fieldId } from './choices';
import { ContactFields } from './ContactFields';
import { draftToRegistration, emptyQuestion, freshDraft, isDirty, registrationToDraft, type ContactDefaults, type Draft } from './draft';
import { QuestionFields } from './QuestionFields';
import { QuickPicks } from './QuickPicks';
import { useKeptDraft } from './use-kept-draft';

interface RegistrationFormProps {
  /** id of a saved registration to edit; a new contact when absent */
  editId?: string;
  /** a kaart service: the new contact starts with a referral to it ("Registreer verwijzing") */
  referServiceId?: string;
  /** tells the app whether the form holds unsaved input (an update must wait) */
  onDirtyChange: (dirty: boolean) => void;
  /** after every save: the app hands the record to the outbox triggers */
  onSaved: () => void;
  onDone: () => void;
}

/** The registration form: quick picks, contact, 1–10 questions, one tap to save. */
export function RegistrationForm({ editId, referServiceId, onDirtyChange, onSaved, onDone }: RegistrationFormProps) {
  const place = useLiveQuery(() => currentOrganisation(db), []);
  const recent = useLiveQuery(() => recentRegistrations(db, 200), [], []);
  const locations = place?.locations ?? [];
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const [pristine, setPristine] = useState<Draft | undefined>(undefined);
  const [errors, setErrors] = useState<ValidationError[]>([]);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const [storageFailure, setStorageFailure] = useState<StorageFailure | undefined>(undefined);
  const summaryRef = useRef<HTMLDivElement>(null);

  // A fresh form starts at the last used location, in its first scenario, at the desk, by staff.
  const defaultsFor = (locationId: string | undefined): ContactDefaults => {
    const location = locations.find((l) => l.id === locationId);
    return { locationId: location?.id, scenario: location?.scenarios[0], channel: 'fysiek', staffRole: 'medewerker' };
  };
  const defaults = useMemo(
    () => defaultsFor(recent[0]?.locationId ?? (locations.length === 1 ? locations[0].id : undefined)),
    [recent[0]?.id, locations.length],
  );

  const start = (next: Draft) => {
    setDraft(next);
    setPristine(next);
    setErrors([]);
  };

  // Open a saved registration for editing, or a fresh form once the locations are known.
  useEffect(() => {
    if (!place) return;
    if (editId) {
      editableRegistration(db, editId).then((stored) => (stored ? start(registrationToDraft(stored)) : start(freshDraft(defaults))));
    } else if (referServiceId) {
      db.kaartServices.get(referServiceId).then((service) => {
        const fresh = freshDraft(defaults);
        const topic = service?.ido_topics?.[0];
        fresh.questions = [{
          ...emptyQuestion(), ...(topic ? { category: categoryOfTopic(topic) } : {}), help: ['doorverwezen'],
          referralKind: service?.referral_method === 'warm' ? 'warm' : 'extern', ...(service ? { referralServiceId: service.id } : {}),
        }];
        start(fresh);
      });
    } else if (!draft || draft.editing) {
      start(freshDraft(defaults));
    }
  }, [editId, referServiceId, place?.organisation.id]);

  const dirty = draft && pristine ? isDirty(draft, pristine) : false;
  useEffect(() => onDirtyChange(dirty), [dirty]);
  useEffect(() => () => onDirtyChange(false), []);
  // The half-filled form survives a reload (a new version, another tab's upgrade).
  useKeptDraft(editId ? `edit:${editId}` : referServiceId ? `refer:${referServiceId}` : 'new', draft, pristine, dirty, (kept, keptPristine) => {
    setDraft(kept);
    setPristine(keptPristine);
  });

  if (!draft || !place) return <p>Het formulier wordt geladen…</p>;

  const update = (patch: Partial<Draft>) => {
    setSaved(undefined);
    setDraft({ ...draft, ...patch });
  };

  const sameAsPrevious = () => {
    const last = recent[0];
    if (!last) return;
    update({ locationId: last.locationId, scenario: last.scenario, channel: last.channel, staffRole: last.staffRole, partnerOrganisation: last.partnerOrganisation });
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const device = await currentDevice(db);
    const registration = draftToRegistration(draft, { deviceId: device.deviceId, organisationId: place.organisation.id });
    const found = validateRegistration(registration, { locationIds: locations.map((l) => l.id) });
    setErrors(found);
    if (found.length > 0) {
      setSaved(undefined);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    try {
      await saveRegistration(db, registration);
    } catch (error) {
      // A full or unavailable storage: say so, keep the form as it is, touch nothing stored.
      const failure = storageFailureOf(error);
      if (!failure) throw error;
      setSaved(undefined);
      setStorageFailure(failure);
      return;
    }
    setStorageFailure(undefined);
    onSaved();
    const questions = registration.questions.length;
    setSaved(`Opgeslagen: 1 contact met ${questions} ${questions === 1 ? 'vraag' : 'vragen'}. Het formulier is klaar voor de volgende bezoeker.`);
    if (draft.editing) {
      onDirtyChange(false);
      onDone();
      return;
    }
    start(freshDraft(defaultsFor(registration.locationId)));
    window.scrollTo({ top: 0 });
  };

  const clear = () => {
    start(freshDraft(defaults));
    setSaved(undefined);
  };

  return (
    <form onSubmit={save} noValidate aria-labelledby="form-heading">
      <h1 class="utrecht-heading-1" id="form-heading">{draft.editing ? 'Registratie aanpassen' : 'Nieuw contact registreren'}</h1>
      {saved && <Alert type="ok">{saved}</Alert>}
      {storageFailure && <StorageFailureAlert failure={storageFailure} makeExport={() => emergencyExportFile(db)} />}
      {errors.length > 0 && (
        <div ref={summaryRef} tabIndex={-1} id="error-summary">
          <Alert type="error">
            <p class="utrecht-paragraph"><strong>Er mist nog iets. Kijk bij deze vragen:</strong></p>
            <ul>
              {errors.map((e) => (
                <li key={e.field + e.code}><a href={`#${fieldId(e.field)}`} onClick={(ev) => { ev.preventDefault(); document.getElementById(fieldId(e.field))?.focus(); }}>{e.message}</a></li>
              ))}
            </ul>
          </Alert>
        </div>
      )}
      {!draft.editing && (
        <QuickPicks recent={recent} onPick={(question) => {
          const [first, ...rest] = draft.questions;
          const isEmpty = first && first.topics.length === 0 && first.help.length === 0;
          update({ questions: isEmpty ? [question, ...rest] : draft.questions.length < MAX_QUESTIONS ? [...draft.questions, question] : draft.questions });
        }} onSameAsPrevious={recent.length > 0 ? sameAsPrevious : undefined} />
      )}
      <ContactFields draft={draft} locations={locations} errors={errors} onChange={update} />
      {draft.questions.map((question, index) => (
        <QuestionFields key={index} index={index} count={draft.questions.length} question={question} errors={errors}
          onChange={(q) => update({ questions: draft.questions.map((old, i) => (i === index ? q : old)) })}
          onRemove={() => update({ questions: draft.questions.filter((_, i) => i !== index) })} />
      ))}
      {draft.questions.length < MAX_QUESTIONS ? (
        <Button onClick={() => update({ questions: [...draft.questions, emptyQuestion()] })}>Nog een vraag toevoegen</Button>
      ) : (
        <p class="utrecht-paragraph">Eén contact heeft hoogstens {MAX_QUESTIONS} vragen. Meer vragen? Sla op en maak een nieuwe registratie.</p>
      )}
      <div class="ido-savebar">
        <Button type="submit" appearance="primary">{draft.editing ? 'Wijziging opslaan' : 'Opslaan'}</Button>
        {draft.editing ? <Button onClick={onDone}>Annuleren</Button> : <Button appearance="subtle" onClick={clear} disabled={!dirty}>Formulier leegmaken</Button>}
      </div>
    </form>
  );
}
