import '@utrecht/textbox-css/dist/index.css';
import '@utrecht/textarea-css/dist/index.css';
import '@utrecht/select-css/dist/index.css';
import { useEffect, useState } from 'preact/hooks';
import { db } from '../../db/db';
import { fieldsOf } from '../../db/kaart/tables';
import { isReferable } from '../../db/kaart/joins';
import { saveCard } from '../../db/snelwijzer';
import { storageFailureOf, type StorageFailure } from '../../db/storage-failure';
import { useLiveQuery } from '../../db/use-live-query';
import { currentCodes, label } from '../../shared/codelists';
import { CARD_LIMITS, type SnelwijzerCardFields } from '../../shared/snelwijzer/card';
import { amsterdamDay } from '../../shared/time';
import type { ValidationError } from '../../shared/validation';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { describedBy, Field } from '../../ui/Field';
import { StorageFailureAlert } from '../../ui/StorageFailureAlert';
import { emergencyExportFile } from '../../sync';

interface CardEditPageProps {
  id?: string;
  now: Date;
  organisationId: string;
  onSaved: (id: string) => void;
  onCancel: () => void;
}

const MARKS_HELP = 'Gewone tekst. Een regel met "- " ervoor wordt een opsomming, "1. " een genummerde stap, **zo** wordt vet. Een https-adres wordt een link.';

/** A coordinator writes or edits one of the organisation's own cards, offline; it syncs with the kaart. */
export function CardEditPage({ id, now, organisationId, onSaved, onCancel }: CardEditPageProps) {
  const services = useLiveQuery(async () => (await db.kaartServices.toArray()).filter(isReferable).sort((a, b) => a.name.localeCompare(b.name, 'nl')), [], []);
  const [card, setCard] = useState<SnelwijzerCardFields | null | undefined>(undefined);
  const [errors, setErrors] = useState<ValidationError[]>([]);
  const [storageFailure, setStorageFailure] = useState<StorageFailure | undefined>(undefined);
  useEffect(() => {
    if (id) void db.snelwijzerCards.get(id).then((c) => setCard(c && c.owner_organisation_id !== null ? fieldsOf(c) as SnelwijzerCardFields : null));
    else setCard({ id: crypto.randomUUID(), title: '', topics: [], body: '', bring: '', links: [], service_id: null, checked_on: amsterdamDay(now), owner_organisation_id: organisationId, copied_from: null });
  }, [id]);
  if (card === undefined) return <p class="utrecht-paragraph">Laden…</p>;
  if (card === null) return <Alert type="warning">Deze kaart kunt u hier niet bewerken: alleen de eigen kaarten van uw organisatie.</Alert>;

  const set = (patch: Partial<SnelwijzerCardFields>) => setCard({ ...card, ...patch });
  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  const setLink = (i: number, patch: Partial<{ label: string; url: string }>) => set({ links: card.links.map((link, j) => (j === i ? { ...link, ...patch } : link)) });
  const save = async (event: Event) => {
    event.preventDefault();
    const trimmed = { ...card, title: card.title.trim(), links: card.links.map((l) => ({ label: l.label.trim(), url: l.url.trim() })).filter((l) => l.label !== '' || l.url !== '') };
    let result: Awaited<ReturnType<typeof saveCard>>;
    try {
      result = await saveCard(db, trimmed, now);
    } catch (error) {
      const failure = storageFailureOf(error, 'De kaart');
      if (!failure) throw error;
      return setStorageFailure(failure);
    }
    if (!result.ok) return setErrors(result.errors);
    onSaved(card.id);
  };
  const textarea = (field: 'body' | 'bring', title: string, rows: number) => (
    <Field id={`card-${field}`} label={title} error={err(field)} description={MARKS_HELP}>
      <textarea class="utrecht-textarea utrecht-textarea--html-textarea" id={`card-${field}`} rows={rows} maxLength={CARD_LIMITS[field]} value={card[field]}
        aria-describedby={describedBy(`card-${field}`, err(field), MARKS_HELP)} aria-invalid={err(field) ? true : undefined}
        onInput={(e) => set({ [field]: e.currentTarget.value })} />
    </Field>
  );

  return (
    <form onSubmit={save} noValidate aria-labelledby="card-edit-heading">
      <h1 class="utrecht-heading-1" id="card-edit-heading">{id ? 'Kaart bewerken' : 'Nieuwe kaart'}</h1>
      <p class="utrecht-paragraph">De kaart staat meteen op deze tablet en gaat mee bij de volgende verbinding. Schrijf nooit gegevens van bezoekers op een kaart.</p>
      {errors.length > 0 && <Alert type="error">Nog niet opgeslagen. Kijk bij de rode velden.</Alert>}
      {storageFailure && <StorageFailureAlert failure={storageFailure} makeExport={() => emergencyExportFile(db)} />}
      <div class="ido-card">
        <Field id="card-title" label="Titel" error={err('title')}>
          <input class="utrecht-textbox utrecht-textbox--html-input" id="card-title" maxLength={CARD_LIMITS.title} value={card.title}
            aria-describedby={describedBy('card-title', err('title'))} aria-invalid={err('title') ? true : undefined}
            onInput={(e) => set({ title: e.currentTarget.value })} />
        </Field>
        <ChoiceTiles multiple id="card-topics" legend="Onderwerpen" choices={currentCodes('topic').map((t) => ({ value: t, label: label('topic', t) }))}
          value={card.topics} error={err('topics')} onChange={(topics) => set({ topics })} />
        {textarea('body', 'Zo helpt u (stappen en uitleg)', 10)}
        {textarea('bring', 'Wat neemt de bezoeker mee', 4)}
        <Field id="card-service" label="Partner om naar te verwijzen (niet verplicht)" error={err('service_id')}>
          <select class="utrecht-select utrecht-select--html-select" id="card-service" value={card.service_id ?? ''} onChange={(e) => set({ service_id: e.currentTarget.value || null })}>
            <option value="">Geen partner</option>
            {services.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </Field>
        <fieldset class="utrecht-form-fieldset">
          <legend class="utrecht-form-fieldset__legend">Links (alleen https)</legend>
          {card.links.map((link, i) => (
            <div class="ido-row" key={i}>
              <Field id={`card-link-${i}-label`} label={`Naam van link ${i + 1}`} error={err(`links.${i}.label`) ?? err(`links.${i}`)}>
                <input class="utrecht-textbox utrecht-textbox--html-input" id={`card-link-${i}-label`} value={link.label} maxLength={CARD_LIMITS.linkLabel} onInput={(e) => setLink(i, { label: e.currentTarget.value })} />
              </Field>
              <Field id={`card-link-${i}-url`} label={`Adres van link ${i + 1}`} error={err(`links.${i}.url`)}>
                <input class="utrecht-textbox utrecht-textbox--html-input" id={`card-link-${i}-url`} type="url" inputMode="url" value={link.url} maxLength={CARD_LIMITS.url}
                  placeholder="https://" onInput={(e) => setLink(i, { url: e.currentTarget.value })} />
              </Field>
              <Button onClick={() => set({ links: card.links.filter((_, j) => j !== i) })}>Link {i + 1} weghalen</Button>
            </div>
          ))}
          {card.links.length < CARD_LIMITS.links && <Button onClick={() => set({ links: [...card.links, { label: '', url: '' }] })}>Link toevoegen</Button>}
        </fieldset>
        <Field id="card-checked" label="Laatst gecontroleerd" error={err('checked_on')}>
          <input class="utrecht-textbox utrecht-textbox--html-input" id="card-checked" type="date" value={card.checked_on} onInput={(e) => set({ checked_on: e.currentTarget.value })} />
        </Field>
      </div>
      <div class="ido-row">
        <Button appearance="primary" type="submit">Kaart opslaan</Button>
        <Button onClick={onCancel}>Annuleren</Button>
      </div>
    </form>
  );
}
