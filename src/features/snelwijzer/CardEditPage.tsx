import '@utrecht/select-css/dist/index.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { db } from '../../db/db';
import { fieldsOf } from '../../db/kaart/tables';
import { isReferable } from '../../db/kaart/joins';
import { saveCard } from '../../db/snelwijzer';
import { storageFailureOf, type StorageFailure } from '../../db/storage-failure';
import { useLiveQuery } from '../../db/use-live-query';
import type { SnelwijzerCardFields } from '../../shared/snelwijzer/card';
import { amsterdamDay } from '../../shared/time';
import type { ValidationError } from '../../shared/validation';
import { NotHere } from '../../ui/NotHere';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { Field } from '../../ui/Field';
import { StorageFailureAlert } from '../../ui/StorageFailureAlert';
import { emergencyExportFile } from '../../sync';
import { CardFields, cardFieldId, errorsAfter, trimmedCard } from './CardFields';

interface CardEditPageProps {
  id?: string;
  now: Date;
  organisationId: string;
  onSaved: (id: string) => void;
  onCancel: () => void;
  /** the card's page (the Snelwijzer, for a new card): the way back where the card is not the organisation's to edit */
  backHref: string;
}

/** A coordinator writes or edits one of the organisation's own cards, offline; it syncs with the kaart. */
export function CardEditPage({ id, now, organisationId, onSaved, onCancel, backHref }: CardEditPageProps) {
  const services = useLiveQuery(async () => (await db.kaartServices.toArray()).filter(isReferable).sort((a, b) => a.name.localeCompare(b.name, 'nl')), [], []);
  const [card, setCard] = useState<SnelwijzerCardFields | null | undefined>(undefined);
  const [errors, setErrors] = useState<ValidationError[]>([]);
  const [storageFailure, setStorageFailure] = useState<StorageFailure | undefined>(undefined);
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (id) void db.snelwijzerCards.get(id).then((c) => setCard(c && c.owner_organisation_id !== null ? fieldsOf(c) as SnelwijzerCardFields : null));
    else setCard({ id: crypto.randomUUID(), title: '', topics: [], body: '', bring: '', links: [], service_id: null, checked_on: amsterdamDay(now), owner_organisation_id: organisationId, copied_from: null });
  }, [id]);
  if (card === undefined) return <p class="utrecht-paragraph">Laden…</p>;
  // a national card (or one no longer on the tablet), reached by its address: why not, and the way back
  if (card === null) return <NotHere title="Kaart bewerken" what="Deze kaart kunt u hier niet bewerken: alleen de eigen kaarten van uw organisatie." back={{ href: backHref, label: 'Terug naar de kaart' }} />;

  const set = (patch: Partial<SnelwijzerCardFields>) => { setCard({ ...card, ...patch }); setErrors(errorsAfter(errors, patch)); };
  const save = async (event: Event) => {
    event.preventDefault();
    const trimmed = trimmedCard(card);
    let result: Awaited<ReturnType<typeof saveCard>>;
    try {
      result = await saveCard(db, trimmed, now);
    } catch (error) {
      const failure = storageFailureOf(error, 'De kaart');
      if (!failure) throw error;
      return setStorageFailure(failure);
    }
    if (!result.ok) {
      setErrors(result.errors);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    onSaved(card.id);
  };
  const serviceError = errors.find((e) => e.field === 'service_id')?.message;

  return (
    <form onSubmit={save} noValidate aria-labelledby="card-edit-heading">
      <h1 class="utrecht-heading-1" id="card-edit-heading">{id ? 'Kaart bewerken' : 'Nieuwe kaart'}</h1>
      <p class="utrecht-paragraph">De kaart staat meteen op deze tablet en gaat mee bij de volgende verbinding. Schrijf nooit gegevens van bezoekers op een kaart.</p>
      {/* Each problem a link to its field, focused after a refused save (as on the registration form). */}
      <ErrorSummary id="card-error-summary" errors={errors} fieldId={cardFieldId} summaryRef={summaryRef} />
      {storageFailure && <StorageFailureAlert failure={storageFailure} makeExport={() => emergencyExportFile(db)} />}
      <CardFields card={card} errors={errors} onChange={set} today={amsterdamDay(now)} partner={
        <Field id="card-service" label="Partner om naar te verwijzen (niet verplicht)" error={serviceError}>
          <select class="utrecht-select utrecht-select--html-select" id="card-service" value={card.service_id ?? ''} onChange={(e) => set({ service_id: e.currentTarget.value || null })}>
            <option value="">Geen partner</option>
            {services.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </Field>
      } />
      <div class="ido-row">
        <Button appearance="primary" type="submit">Kaart opslaan</Button>
        <Button onClick={onCancel}>Annuleren</Button>
      </div>
    </form>
  );
}
