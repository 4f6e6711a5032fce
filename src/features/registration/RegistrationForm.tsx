import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { currentOrganisation } from '../../db/organisation';
import { firstScreenReads } from '../../db/first-screen';
import { editableRegistration, RECENT_REGISTRATIONS, recentRegistrations } from '../../db/form-reads';
import { deviceId, getSetting } from '../../db/settings';
import type { StorageFailure } from '../../db/storage-failure';
import type { StoredRegistration } from '../../db/types';
import type { DeliveredLocation } from '../../shared/api';
import { loadDb } from '../../db/load-db';
import { useLiveQuery } from '../../db/use-live-query';
import { categoryOfTopic } from '../../shared/codelists';
import { MAX_QUESTIONS, type Registration } from '../../shared/registration';
import { amsterdamDay } from '../../shared/time';
import type { ValidationError } from '../../shared/validation';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { whenIdle } from '../../ui/lazy';
import { useAmsterdamDay } from '../../ui/use-today';
import { announceSyncStatus, readSyncStatusInOrder } from '../../sync/status';
import { fieldId } from './choices';
import { ContactFields } from './ContactFields';
import { emptyQuestion, freshDraft, isDirty, registrationToDraft, timeAwaitsFirstChange, timedAtFirstChange, type ContactDefaults, type Draft } from './draft';
import { preloadQuestionParts, QuestionFields } from './QuestionFields';
import { QuickPicks } from './QuickPicks';
import { locationChoice, offeredLocations } from './open-locations';
import { loadedFormChecks, loadFormChecks, type FormChecks } from './form-checks';
import { useKeptDraft } from './use-kept-draft';
import { countText } from '../../shared/count-text';
import { isPractising, PRACTICE_EDIT_REFUSED, PRACTICE_NOT_SAVED, usePractice } from '../../ui/practice';

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

const EDIT_REFUSED = {
  changed: 'Deze registratie is intussen op deze tablet veranderd. Uw wijziging is niet opgeslagen. Open de registratie opnieuw bij Vandaag.',
  gone: 'Deze registratie staat niet meer op deze tablet. Uw wijziging is niet opgeslagen.',
} as const;

/** A fresh form's defaults for a location: its first scenario, at the desk, by staff. */
function contactDefaults(offered: readonly DeliveredLocation[], locationId: string | undefined): ContactDefaults {
  const location = offered.find((l) => l.id === locationId);
  return { locationId: location?.id, scenario: location?.scenarios[0], channel: 'fysiek', staffRole: 'medewerker' };
}

/** A new contact starts at the last used location, or at the only one offered. */
function newContactDefaults(offered: readonly DeliveredLocation[], recent: readonly StoredRegistration[]): ContactDefaults {
  return contactDefaults(offered, recent[0]?.locationId ?? (offered.length === 1 ? offered[0].id : undefined));
}

/** The registration form: quick picks, contact, 1–10 questions, one tap to save. */
export function RegistrationForm({ editId, referServiceId, onDirtyChange, onSaved, onDone }: RegistrationFormProps) {
  // Drawn in the page's first render: it starts from the first screen's reads (db/first-screen.ts), so a
  // new contact's form stands at once; the live queries follow every change after it.
  const first = firstScreenReads();
  // The heading says it too: a screen reader lands on it after "Beginnen met oefenen", past the banner above it.
  const practising = usePractice();
  const place = useLiveQuery((db) => currentOrganisation(db), [], first?.place);
  const recent = useLiveQuery((db) => recentRegistrations(db, RECENT_REGISTRATIONS), [], first?.recent ?? []);
  // Known before the first tap on Opslaan, so a save needs no wait before the next visitor's form is there.
  const device = useLiveQuery((db) => getSetting<string | undefined>(db, 'deviceId', undefined), [], first?.settings.get('deviceId') as string | undefined);
  const [draft, setDraft] = useState<Draft | undefined>(() => {
    if (!first?.place || editId || referServiceId) return undefined;
    return freshDraft(newContactDefaults(offeredLocations(first.place.locations, amsterdamDay(new Date())), first.recent));
  });
  const [pristine, setPristine] = useState<Draft | undefined>(draft);
  const [errors, setErrors] = useState<ValidationError[]>([]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined);
  const [storageFailure, setStorageFailure] = useState<StorageFailure | undefined>(undefined);
  const summaryRef = useRef<HTMLDivElement>(null);
  /** Every draft this form handed to the database: one draft is saved once, however often Opslaan is tapped. */
  const savedDrafts = useRef(new Set<string>());
  /** The fresh form a save put in place: Opslaan on it before anything changed is the second half of a double tap. */
  const madeBySave = useRef<Draft | undefined>(undefined);
  useEffect(() => {
    if (device === undefined) void loadDb().then(({ db }) => deviceId(db)); // made once; the first screen's reads may have it already
  }, []);
  useEffect(() => whenIdle(() => {
    void loadFormChecks().catch(() => undefined);
    void preloadQuestionParts().catch(() => undefined);
  }), []);
  // Today, kept current: a form left open overnight offers the new day's open locations and says "gisteren" for yesterday.
  const today = useAmsterdamDay();
  // Closed locations are not offered for a new contact; an edited registration keeps its own (open-locations.ts).
  const { offered: locations, closed: closedChoice } = locationChoice(place?.locations ?? [], today, { draft, pristine, lastUsed: recent[0]?.locationId });

  // A fresh form starts at the last used location, in its first scenario, at the desk, by staff.
  const defaultsFor = (locationId: string | undefined): ContactDefaults => contactDefaults(locations, locationId);
  const defaults = useMemo(() => newContactDefaults(locations, recent), [recent[0]?.id, locations.map((l) => l.id).join()]);

  const start = (next: Draft) => {
    setDraft(next);
    setPristine(next);
    setErrors([]);
  };

  // Open a saved registration for editing, or a fresh form once the locations are known.
  useEffect(() => {
    if (!place) return;
    if (editId) {
      loadDb().then(({ db }) => editableRegistration(db, editId)).then((stored) => (stored ? start(registrationToDraft(stored)) : start(freshDraft(defaults))));
    } else if (referServiceId) {
      loadDb().then(({ db }) => db.kaartServices.get(referServiceId)).then((service) => {
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
  // A practice draft has a slot of its own: after a reload that ended practice it never comes back as a real contact.
  const slot = editId ? `edit:${editId}` : referServiceId ? `refer:${referServiceId}` : 'new';
  const keptDraftReady = useKeptDraft(isPractising() ? `practice:${slot}` : slot, draft, pristine, dirty, (kept, keptPristine) => {
    setDraft(kept);
    setPristine(keptPristine);
  });

  if (!draft || !place || !device || !keptDraftReady) return <p>Het formulier wordt geladen…</p>;

  const update = (patch: Partial<Draft>) => {
    setNotice(undefined);
    const timed = pristine ? timedAtFirstChange(draft, pristine, patch, new Date()) : patch;
    // The form as made takes the same time, so undoing the first change leaves it unchanged again (not dirty).
    if (timed !== patch && pristine) setPristine({ ...pristine, startedAtLocal: timed.startedAtLocal! });
    setDraft({ ...draft, ...timed });
  };

  const sameAsPrevious = () => {
    const last = recent[0];
    if (!last) return;
    update({ locationId: last.locationId, scenario: last.scenario, channel: last.channel, staffRole: last.staffRole, partnerOrganisation: last.partnerOrganisation });
  };

  /**
   * Opslaan: the next visitor's form (with a new id) replaces this one at once, before the write, so
   * no tap can land on a draft that is being saved; the write goes under the draft's own id only.
   */
  const save = (event: Event) => {
    event.preventDefault();
    const checks = loadedFormChecks();
    if (!checks) {
      // A tap before the idle moment brought the checks' code (form-checks.ts): the same tap again once it is there.
      const form = event.currentTarget as HTMLFormElement;
      loadFormChecks().then(() => form.isConnected && form.requestSubmit(), (error: unknown) => {
        console.error('save', error);
        setNotice({ kind: 'error', text: 'Opslaan is niet gelukt: de app kon niet verder laden. Het contact staat nog in het formulier. Probeer het opnieuw.' });
      });
      return;
    }
    const plan = checks.planSave(draft, {
      deviceId: device, organisationId: place.organisation.id, locationIds: locations.map((l) => l.id),
      saved: savedDrafts.current, madeBySave: madeBySave.current, nextDefaults: (r) => defaultsFor(r.locationId),
    });
    if (plan.kind === 'ignore') return;
    // Practice (ui/practice.ts) writes nothing: an edit of a stored contact stays as it was, in the form.
    if (plan.kind === 'save' && draft.editing && isPractising()) {
      setErrors([]);
      setNotice({ kind: 'error', text: PRACTICE_EDIT_REFUSED });
      return;
    }
    if (plan.kind === 'invalid') {
      // A closed location says so, instead of "choose a location".
      setErrors(plan.errors.map((e) => (e.field === 'locationId' && closedChoice ? closedChoice : e)));
      setNotice(undefined);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    savedDrafts.current.add(draft.id);
    setErrors([]);
    if (plan.next) {
      madeBySave.current = plan.next;
      start(plan.next);
      // At once: the theme scrolls smoothly, and a page gliding up under a finger takes the next tap elsewhere.
      window.scrollTo({ top: 0, behavior: 'instant' });
    }
    void persist(checks, draft, plan.registration);
  };

  const persist = async (checks: FormChecks, saving: Draft, registration: Registration) => {
    if (isPractising()) {
      setNotice({ kind: 'ok', text: `${PRACTICE_NOT_SAVED} 1 contact met ${countText(registration.questions.length, 'vraag', 'vragen')}.` });
      return;
    }
    try {
      const { db } = await loadDb();
      const result = saving.editing ? await checks.saveEditedRegistration(db, registration, saving.revision) : await checks.saveNewRegistration(db, registration);
      if (result.outcome === 'changed' || result.outcome === 'gone') {
        setNotice({ kind: 'error', text: EDIT_REFUSED[result.outcome] });
        return;
      }
      setStorageFailure(undefined);
      onSaved();
      if (saving.editing) {
        onDirtyChange(false);
        onDone();
        return;
      }
      // The status bar's count with "Opgeslagen", in the same moment, not a moment after (sync/status.ts)
      await readSyncStatusInOrder(db).then(announceSyncStatus, () => undefined);
      const questions = registration.questions.length;
      setNotice({ kind: 'ok', text: `Opgeslagen: 1 contact met ${countText(questions, 'vraag', 'vragen')}.` });
    } catch (error) {
      // Nothing typed is lost: the visitor's contact goes back into the form, still unsaved; nothing stored changed.
      savedDrafts.current.delete(saving.id);
      madeBySave.current = undefined;
      setDraft(saving);
      setPristine(freshDraft(defaults));
      // A full or unavailable storage is said as such, with the emergency export at hand.
      const failure = checks.storageFailureOf(error);
      if (failure) {
        setNotice(undefined);
        setStorageFailure(failure);
        return;
      }
      console.error('save', error);
      setNotice({ kind: 'error', text: 'Opslaan is niet gelukt. Het contact staat weer in het formulier. Probeer het opnieuw.' });
    }
  };

  const clear = () => {
    start(freshDraft(defaults));
    setNotice(undefined);
  };

  const checks = loadedFormChecks();
  return (
    <form onSubmit={save} noValidate aria-labelledby="form-heading">
      <h1 class="utrecht-heading-1" id="form-heading">{draft.editing ? 'Registratie aanpassen' : practising ? 'Oefenen: nieuw contact registreren' : 'Nieuw contact registreren'}</h1>
      {notice?.kind === 'error' && <Alert type="error" id="save-failure">{notice.text}</Alert>}
      {/* A failure comes from a save, and a save only runs with the checks' chunk there: it holds the alert too. */}
      {storageFailure && checks && <checks.StorageFailureAlert failure={storageFailure} makeExport={() => Promise.all([import('../../sync/export'), loadDb()]).then(([m, { db }]) => m.emergencyExportFile(db))} />}
      {/* Errors come from a refused save: the summary is in the checks' chunk too. */}
      {checks && <checks.ErrorSummary id="error-summary" errors={errors} fieldId={fieldId} summaryRef={summaryRef} />}
      {!draft.editing && (
        <QuickPicks recent={recent} draftId={draft.id} onPick={(question) => {
          const [first, ...rest] = draft.questions;
          const isEmpty = first && first.topics.length === 0 && first.help.length === 0;
          update({ questions: isEmpty ? [question, ...rest] : draft.questions.length < MAX_QUESTIONS ? [...draft.questions, question] : draft.questions });
        }} onSameAsPrevious={recent.length > 0 ? sameAsPrevious : undefined} />
      )}
      {closedChoice && !errors.some((e) => e.code === closedChoice.code) && <Alert type="warning" id="closed-location">{closedChoice.message}</Alert>}
      <ContactFields draft={draft} locations={locations} errors={errors} timeIsNow={timeAwaitsFirstChange(draft, dirty)} today={today} onChange={update} />
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
        {/* A live region that is always there, in a bar of fixed height: a message never moves the form. */}
        <p class="ido-savebar__notice" id="save-notice" role="status">{notice?.kind === 'ok' ? notice.text : ''}</p>
      </div>
    </form>
  );
}
