import '@utrecht/textbox-css/dist/index.css';
import '@utrecht/select-css/dist/index.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { db } from '../../db/db';
import { editableGroupSession, saveEditedGroupSession, saveNewGroupSession } from '../../db/group-sessions';
import { currentOrganisation } from '../../db/organisation';
import { getSetting } from '../../db/settings';
import { useLiveQuery } from '../../db/use-live-query';
import { GROUP_SESSION_KINDS, MAX_ATTENDEES, MAX_GROUP_DURATION, validateGroupSession } from '../../shared/group-session';
import { findPersonalData, personalDataMessages } from '../../shared/personal-data';
import { MAX_OTHER_TEXT } from '../../shared/registration';
import type { ValidationError } from '../../shared/validation';
import { Alert } from '../../ui/Alert';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { Button } from '../../ui/Button';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { describedBy, Field } from '../../ui/Field';
import { DateField } from '../../ui/DateField';
import { useAmsterdamDay } from '../../ui/use-today';
import { announceSyncStatus, readSyncStatusInOrder } from '../../sync/status';
import { choicesOf, errorAt } from '../registration/choices';
import { draftToGroupSession, freshGroupDraft, type GroupDraft, groupDraftOf } from './group-draft';
import { countText } from '../../shared/count-text';
import { isPractising, PRACTICE_EDIT_REFUSED, PRACTICE_NOT_SAVED, usePractice } from '../../ui/practice';

const KIND_CHOICES = Object.entries(GROUP_SESSION_KINDS).map(([value, label]) => ({ value, label }));
const YES_NO = [{ value: 'nee', label: 'Nee' }, { value: 'ja', label: 'Ja' }];
/** The DOM id of a field of this form (its own prefix: the contact form may be in the same page's history). */
const gid = (field: string) => `g-${field}`;

interface GroupSessionFormProps {
  /** a stored session to change (from the day list); none: a new one */
  editId?: string;
  onSaved: () => void;
  /** after an edit is saved: back to the day list */
  onDone: () => void;
}

/** "Groepsbijeenkomst registreren": a voorlichting, cursus or spreekuur op locatie, counted with the number of attendees only. */
export function GroupSessionForm({ editId, onSaved, onDone }: GroupSessionFormProps) {
  const place = useLiveQuery((db) => currentOrganisation(db), []);
  // The heading says it too, as the contact form's (ui/practice.ts)
  const practising = usePractice();
  const deviceId = useLiveQuery((db) => getSetting<string | undefined>(db, 'deviceId', undefined), []);
  // Today, kept current: a new session's form left open overnight dates it on the new day (ui/use-today.ts).
  const today = useAmsterdamDay();
  const [draft, setDraft] = useState<GroupDraft | undefined>(undefined);
  const [errors, setErrors] = useState<ValidationError[]>([]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined);
  const summaryRef = useRef<HTMLDivElement>(null);
  // An edit starts from the stored session at its revision; undefined while loading, null when it is not there (any more).
  const [base, setBase] = useState<{ revision: number; problem?: string } | null | undefined>(editId ? undefined : null);
  useEffect(() => {
    if (!editId) return;
    void editableGroupSession(db, editId).then((stored) => {
      if (!stored) return setBase(null);
      setDraft(groupDraftOf(stored));
      setBase({ revision: stored.revision, problem: stored.syncState === 'attention' ? stored.problem?.message : undefined });
    });
  }, [editId]);
  if (!place) return null;
  if (editId && base === undefined) return <p class="utrecht-paragraph" role="status">Laden…</p>;
  if (editId && base === null) {
    return <Alert type="warning">Deze groepsbijeenkomst staat niet (meer) op deze tablet. <a href="#/vandaag">Naar de lijst van vandaag</a></Alert>;
  }
  const locations = place.locations;
  const current = draft ?? freshGroupDraft(today, locations.length === 1 ? locations[0].id : undefined);
  const update = (patch: Partial<GroupDraft>) => {
    setDraft({ ...current, ...patch });
    setNotice(undefined);
  };
  const err = (field: string) => errorAt(errors, field);
  const typed = findPersonalData(current.note);
  const noteError = err('note') ?? (typed.length > 0 ? personalDataMessages[typed[0]] : undefined);

  const save = async (event: Event) => {
    event.preventDefault();
    const record = draftToGroupSession(current, { deviceId: deviceId ?? '', organisationId: place.organisation.id });
    const found = validateGroupSession(record, { locationIds: locations.map((l) => l.id) });
    if (found.length > 0) {
      setErrors(found);
      setNotice(undefined);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    // At the tap, as the contact form does: a summary of earlier errors goes now, not a moment later under a finger.
    setErrors([]);
    // Practice (ui/practice.ts) writes nothing: a new session empties the form as a save does; an edit stays in it.
    if (isPractising()) {
      if (editId) {
        setNotice({ kind: 'error', text: PRACTICE_EDIT_REFUSED });
        return;
      }
      setDraft(freshGroupDraft(today, current.locationId));
      setNotice({ kind: 'ok', text: `${PRACTICE_NOT_SAVED} groepsbijeenkomst met ${countText(record.attendees, 'deelnemer', 'deelnemers')}.` });
      return;
    }
    try {
      if (editId && base) {
        const result = await saveEditedGroupSession(db, record, base.revision);
        if (result.outcome !== 'saved') {
          setNotice({ kind: 'error', text: result.outcome === 'gone'
            ? 'Deze groepsbijeenkomst is intussen verwijderd. Er is niets opgeslagen.'
            : 'Deze groepsbijeenkomst is intussen op deze tablet gewijzigd. Open haar opnieuw vanuit de lijst van vandaag.' });
          return;
        }
        onSaved();
        onDone();
        return;
      }
      await saveNewGroupSession(db, record);
      // The status bar's count with "Opgeslagen", in the same moment (sync/status.ts)
      await readSyncStatusInOrder(db).then(announceSyncStatus, () => undefined);
      // The form empties where it is, and "Opgeslagen" comes in the save bar: the page neither scrolls nor moves.
      setDraft(freshGroupDraft(today, current.locationId));
      setNotice({ kind: 'ok', text: `Opgeslagen: groepsbijeenkomst met ${countText(record.attendees, 'deelnemer', 'deelnemers')}.` });
      onSaved();
    } catch (error) {
      console.error('save group session', error);
      setNotice({ kind: 'error', text: 'Opslaan is niet gelukt. De gegevens staan nog in het formulier. Probeer het opnieuw.' });
    }
  };

  return (
    <form onSubmit={save} noValidate aria-labelledby="group-heading">
      <h1 class="utrecht-heading-1" id="group-heading">{editId ? 'Groepsbijeenkomst wijzigen' : practising ? 'Oefenen: groepsbijeenkomst registreren' : 'Groepsbijeenkomst registreren'}</h1>
      {base?.problem && <Alert type="warning">De server nam deze groepsbijeenkomst niet aan: {base.problem} Pas het aan en sla opnieuw op.</Alert>}
      <p class="utrecht-paragraph">Voor een voorlichting, cursus of spreekuur op locatie. U vult alleen het aantal deelnemers in, geen namen.</p>
      {notice?.kind === 'error' && <Alert type="error" id="group-save-failure">{notice.text}</Alert>}
      <ErrorSummary id="group-error-summary" errors={errors} fieldId={gid} summaryRef={summaryRef} />
      <section class="ido-card" aria-labelledby="group-where">
        <h2 class="utrecht-heading-2" id="group-where">Waar en wanneer</h2>
        {locations.length <= 4 ? (
          <ChoiceTiles id={gid('locationId')} legend="IDO-locatie" choices={locations.map((l) => ({ value: l.id, label: l.name }))}
            value={current.locationId} error={err('locationId')} onChange={(locationId) => update({ locationId })} />
        ) : (
          <Field id={gid('locationId')} label="IDO-locatie" error={err('locationId')}>
            <select class="utrecht-select utrecht-select--html-select" id={gid('locationId')} value={current.locationId ?? ''}
              aria-describedby={describedBy(gid('locationId'), err('locationId'))} onChange={(e) => update({ locationId: e.currentTarget.value || undefined })}>
              <option value="">Kies een locatie</option>
              {locations.map((l) => <option value={l.id} key={l.id}>{l.name}</option>)}
            </select>
          </Field>
        )}
        <div class="ido-two-columns">
          <DateField id={gid('date')} label="Datum" error={err('date')} max={today} value={current.date} onDay={(date) => update({ date })} />
          <Field id={gid('durationMinutes')} label={`Duur in minuten (tot ${MAX_GROUP_DURATION})`} error={err('durationMinutes')}>
            <input class={`utrecht-textbox utrecht-textbox--html-input utrecht-textbox--numeric${err('durationMinutes') ? ' utrecht-textbox--invalid' : ''}`}
              id={gid('durationMinutes')} type="text" inputMode="numeric" autoComplete="off" value={current.duration}
              aria-describedby={describedBy(gid('durationMinutes'), err('durationMinutes'))} aria-invalid={err('durationMinutes') ? true : undefined}
              onInput={(e) => update({ duration: e.currentTarget.value })} />
          </Field>
        </div>
      </section>
      <section class="ido-card" aria-labelledby="group-what">
        <h2 class="utrecht-heading-2" id="group-what">Wat voor bijeenkomst</h2>
        <ChoiceTiles id={gid('kind')} legend="Soort bijeenkomst" choices={KIND_CHOICES} value={current.kind} error={err('kind')} onChange={(kind) => update({ kind })} />
        <ChoiceTiles multiple id={gid('topics')} legend="Onderwerp" description="U kunt meer dan één onderwerp kiezen." choices={choicesOf('topic')}
          value={current.topics} error={err('topics')} onChange={(topics) => update({ topics })} />
        <div class="ido-two-columns">
          <Field id={gid('attendees')} label={`Aantal deelnemers (1 tot ${MAX_ATTENDEES})`} error={err('attendees')} description="Alleen het aantal, geen namen.">
            <input class={`utrecht-textbox utrecht-textbox--html-input utrecht-textbox--numeric${err('attendees') ? ' utrecht-textbox--invalid' : ''}`}
              id={gid('attendees')} type="text" inputMode="numeric" autoComplete="off" value={current.attendees}
              aria-describedby={describedBy(gid('attendees'), err('attendees'), 'x')} aria-invalid={err('attendees') ? true : undefined}
              onInput={(e) => update({ attendees: e.currentTarget.value })} />
          </Field>
          <Field id={gid('partnerOrganisation')} label="Partner (als een partner meedeed)" error={err('partnerOrganisation')}>
            <select class="utrecht-select utrecht-select--html-select" id={gid('partnerOrganisation')} value={current.partnerOrganisation ?? ''}
              aria-describedby={describedBy(gid('partnerOrganisation'), err('partnerOrganisation'))}
              onChange={(e) => update({ partnerOrganisation: e.currentTarget.value || undefined })}>
              <option value="">Geen partner</option>
              {choicesOf('partnerOrganisation').map((c) => <option value={c.value} key={c.value}>{c.label}</option>)}
            </select>
          </Field>
        </div>
        <ChoiceTiles id={gid('fromRisingTopic')} legend="Kwam het onderwerp uit 'Opvallend' op het dashboard?" choices={YES_NO}
          value={current.fromRisingTopic} error={err('fromRisingTopic')} onChange={(value) => update({ fromRisingTopic: value as 'ja' | 'nee' })} />
        <Field id={gid('note')} label="Korte notitie (mag leeg blijven)" error={noteError}
          description={`Hoogstens ${MAX_OTHER_TEXT} tekens. Geen namen, nummers of adressen van deelnemers.`}>
          {/* maxlength counts UTF-16 units (an emoji 2): twice the limit never cuts a note the check takes (textLength). */}
          <input class={`utrecht-textbox utrecht-textbox--html-input${noteError ? ' utrecht-textbox--invalid' : ''}`} id={gid('note')} type="text"
            maxLength={2 * MAX_OTHER_TEXT} autoComplete="off" value={current.note} aria-invalid={noteError ? true : undefined}
            aria-describedby={describedBy(gid('note'), noteError, 'x')} onInput={(e) => update({ note: e.currentTarget.value })} />
        </Field>
      </section>
      <div class="ido-savebar ido-savebar--one-action">
        <Button appearance="primary" type="submit" id="group-save">Opslaan</Button>
        {/*
          As the contact form's: a live region that is always there, in a bar of fixed height; a message never moves the
          form. The bar has room for its whole sentence at 768 px beside Opslaan only: the link to the list is below it.
        */}
        <p class="ido-savebar__notice" id="group-save-notice" role="status">{notice?.kind === 'ok' ? notice.text : ''}</p>
      </div>
      <p class="ido-row">
        <a class="utrecht-button utrecht-button--secondary-action" href="#/vandaag">Naar de lijst van vandaag</a>
      </p>
    </form>
  );
}
