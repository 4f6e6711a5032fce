import '@utrecht/textbox-css/dist/index.css';
import '@utrecht/textarea-css/dist/index.css';
import type { ComponentChildren } from 'preact';
import { FIRST_CHECKED_DAY, lastCheckedDay } from '../../shared/checked-day';
import { currentCodes, label } from '../../shared/codelists';
import { CARD_LIMITS, type SnelwijzerCardFields } from '../../shared/snelwijzer/card';
import type { ValidationError } from '../../shared/validation';
import { Button } from '../../ui/Button';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { DateField } from '../../ui/DateField';
import { describedBy, Field } from '../../ui/Field';

export const MARKS_HELP = 'Gewone tekst. Een regel met "- " ervoor wordt een opsomming, "1. " een genummerde stap, **zo** wordt vet. Een https-adres wordt een link.';

interface CardFieldsProps {
  card: SnelwijzerCardFields;
  errors: readonly ValidationError[];
  onChange: (patch: Partial<SnelwijzerCardFields>) => void;
  /** how the partner is chosen: a list of the tablet's kaart, or a search on the server */
  partner: ComponentChildren;
  /** today (Amsterdam), for "Gecontroleerd vandaag" */
  today: string;
}

/** The fields of a Snelwijzer card, the same on a coordinator tablet and in beheer in the browser. */
// Each maxlength is twice its limit: the browser counts UTF-16 units (an emoji 2), validateCard counts characters
// (textLength), so maxlength never cuts a text the check takes, and the check says when it is too long.
export function CardFields({ card, errors, onChange, partner, today }: CardFieldsProps) {
  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  const setLink = (i: number, patch: Partial<{ label: string; url: string }>) => onChange({ links: card.links.map((link, j) => (j === i ? { ...link, ...patch } : link)) });
  const textarea = (field: 'body' | 'bring', title: string, rows: number) => (
    <Field id={`card-${field}`} label={title} error={err(field)} description={MARKS_HELP}>
      <textarea class="utrecht-textarea utrecht-textarea--html-textarea" id={`card-${field}`} rows={rows} maxLength={2 * CARD_LIMITS[field]} value={card[field]}
        aria-describedby={describedBy(`card-${field}`, err(field), MARKS_HELP)} aria-invalid={err(field) ? true : undefined}
        onInput={(e) => onChange({ [field]: e.currentTarget.value })} />
    </Field>
  );
  return (
    <div class="ido-card">
      <Field id="card-title" label="Titel" error={err('title')}>
        <input class="utrecht-textbox utrecht-textbox--html-input" id="card-title" maxLength={2 * CARD_LIMITS.title} value={card.title}
          aria-describedby={describedBy('card-title', err('title'))} aria-invalid={err('title') ? true : undefined}
          onInput={(e) => onChange({ title: e.currentTarget.value })} />
      </Field>
      <ChoiceTiles multiple id="card-topics" legend="Onderwerpen" choices={currentCodes('topic').map((t) => ({ value: t, label: label('topic', t) }))}
        value={card.topics} error={err('topics')} onChange={(topics) => onChange({ topics })} />
      {textarea('body', 'Zo helpt u (stappen en uitleg)', 10)}
      {textarea('bring', 'Wat neemt de bezoeker mee', 4)}
      {partner}
      <fieldset class="utrecht-form-fieldset">
        <legend class="utrecht-form-fieldset__legend">Links (alleen https)</legend>
        {card.links.map((link, i) => (
          <div class="ido-row" key={i}>
            <Field id={`card-link-${i}-label`} label={`Naam van link ${i + 1}`} error={err(`links.${i}.label`) ?? err(`links.${i}`)}>
              <input class="utrecht-textbox utrecht-textbox--html-input" id={`card-link-${i}-label`} value={link.label} maxLength={2 * CARD_LIMITS.linkLabel} onInput={(e) => setLink(i, { label: e.currentTarget.value })} />
            </Field>
            <Field id={`card-link-${i}-url`} label={`Adres van link ${i + 1}`} error={err(`links.${i}.url`)}>
              <input class="utrecht-textbox utrecht-textbox--html-input" id={`card-link-${i}-url`} type="url" inputMode="url" value={link.url} maxLength={2 * CARD_LIMITS.url}
                placeholder="https://" onInput={(e) => setLink(i, { url: e.currentTarget.value })} />
            </Field>
            <Button onClick={() => onChange({ links: card.links.filter((_, j) => j !== i) })}>Link {i + 1} weghalen</Button>
          </div>
        ))}
        {card.links.length < CARD_LIMITS.links && <Button onClick={() => onChange({ links: [...card.links, { label: '', url: '' }] })}>Link toevoegen</Button>}
      </fieldset>
      <DateField id="card-checked" label="Laatst gecontroleerd" error={err('checked_on')} value={card.checked_on}
        min={FIRST_CHECKED_DAY} max={lastCheckedDay()} onDay={(checked_on) => onChange({ checked_on })}
        beside={card.checked_on !== today && <Button onClick={() => onChange({ checked_on: today })}>Gecontroleerd vandaag</Button>} />
    </div>
  );
}

/** The id of a field's control, for the error summary's links ("links.0.url" is card-link-0-url). */
export function cardFieldId(field: string): string {
  if (field === 'checked_on') return 'card-checked';
  if (field === 'service_id') return 'card-service';
  const link = /^links\.(\d+)(?:\.(label|url))?$/.exec(field);
  if (link) return `card-link-${link[1]}-${link[2] ?? 'label'}`;
  return `card-${field}`;
}

/** The errors left after a change: a field's message goes as soon as the field is changed. */
export function errorsAfter(errors: readonly ValidationError[], patch: Partial<SnelwijzerCardFields>): ValidationError[] {
  const changed = new Set(Object.keys(patch));
  return errors.filter((e) => !changed.has(e.field.split('.')[0]));
}

/** The card as it is saved: a trimmed title, links without the empty rows. */
export function trimmedCard<T extends SnelwijzerCardFields>(card: T): T {
  return { ...card, title: card.title.trim(), links: card.links.map((l) => ({ label: l.label.trim(), url: l.url.trim() })).filter((l) => l.label !== '' || l.url !== '') };
}
