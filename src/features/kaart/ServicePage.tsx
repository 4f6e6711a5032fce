import '@utrecht/textarea-css/dist/index.css';
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { db } from '../../db/db';
import { addFeedback } from '../../db/kaart/feedback';
import { FEEDBACK_NOTE_MAX } from '../../shared/kaart/feedback';
import { serviceView } from '../../db/kaart/joins';
import { useLiveQuery } from '../../db/use-live-query';
import { describeSchedules, openingState, telHref } from '../../shared/kaart';
import { dayText } from '../../shared/date-text';
import { amsterdamDay } from '../../shared/time';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { describedBy, Field } from '../../ui/Field';
import { isNationalHere, isStale, languageName, NATIONAL_ENTRY_TEXT, REFERRAL_METHOD_LABELS, SERVICE_GONE_TEXT } from './labels';

const FEEDBACK_HELP = 'Bijvoorbeeld: verhuisd, andere openingstijden. Geen gegevens van bezoekers.';

interface ServicePageProps {
  id: string;
  now: Date;
  canEdit: boolean;
  /** the linked tablet's organisation: a national entry is not its to change (the server would refuse the edit) */
  organisationId?: string;
  onRefer: (serviceId: string) => void;
  onEdit: (serviceId: string) => void;
  /** the verwijsbriefje of this entry (slip/HandoverSlip.tsx) */
  handoutHref: string;
  backHref: string;
}

/** One kaart entry: what it does, where, when, how to reach and refer; "Klopt niet" for the coordinator. */
export function ServicePage({ id, now, canEdit, organisationId, onRefer, onEdit, handoutHref, backHref }: ServicePageProps) {
  const view = useLiveQuery((db) => serviceView(db, id).then((v) => v ?? null), [id]);
  const [feedbackOpen, setFeedbackOpen] = useState(false);
  const [note, setNote] = useState('');
  const [feedbackError, setFeedbackError] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  if (view === undefined) return <p class="utrecht-paragraph">Laden…</p>;
  if (view === null) return <Alert type="warning">{SERVICE_GONE_TEXT} <a href={backHref}>Terug naar zoeken</a></Alert>;

  const { service, organization } = view;
  // A national entry on a linked coordinator's tablet: only the national team changes it ("Bewerken" led to an edit the
  // server refused); "Klopt niet" reaches them.
  const national = isNationalHere(organisationId, organization);
  const state = openingState(view.schedules, now, { status: service.status });
  const hours = describeSchedules(view.schedules, now);
  const phones = view.phones.filter((p, i, all) => all.findIndex((q) => q.number === p.number) === i);
  // "Klopt niet" marks of this organisation's tablets that the coordinator has not handled yet (they sync to every
  // tablet of the organisation): a colleague about to refer a visitor sees them, and does not report the same again.
  const openReports = view.feedback.filter((mark) => !mark.resolved).sort((a, b) => a.created_at.localeCompare(b.created_at));
  const email = service.email ?? organization?.email;
  const website = service.url ?? organization?.website;
  const sendFeedback = async () => {
    const result = await addFeedback(db, service.id, note);
    if (!result.ok) return setFeedbackError(result.errors[0].message);
    setFeedbackOpen(false);
    setNote('');
    setNotice('Dank u. De coördinator krijgt uw melding en controleert deze dienst.');
  };

  return (
    <article aria-labelledby="service-heading">
      <p class="utrecht-paragraph ido-no-print"><a class="ido-result-link" href={backHref}>← Terug naar zoeken</a></p>
      <h1 class="utrecht-heading-1" id="service-heading">{service.name}</h1>
      {organization && <p class="utrecht-paragraph ido-muted">{organization.name}</p>}
      {notice && <Alert type="ok">{notice}</Alert>}
      {isStale(service.assured_date, now) && (
        <Alert type="warning">{service.assured_date ? `Laatst gecontroleerd op ${dayText(service.assured_date)}: langer dan zes maanden geleden.` : 'Nog nooit gecontroleerd.'} Klopt iets niet? Meld het hieronder.</Alert>
      )}
      {openReports.length > 0 && (
        <Alert type="warning" id="service-open-reports">
          <p class="utrecht-paragraph">
            {openReports.length === 1 ? 'Er is gemeld' : `Er is ${openReports.length} keer gemeld`} dat hier iets niet klopt. De coördinator kijkt ernaar.
            Controleer het voordat u iemand hierheen stuurt.
          </p>
          <ul class="ido-open-reports">
            {openReports.map((mark) => {
              const moment = new Date(mark.created_at);
              return <li key={mark.id}>{Number.isNaN(moment.getTime()) ? '' : `${dayText(amsterdamDay(moment))}: `}“{mark.note}”</li>;
            })}
          </ul>
        </Alert>
      )}
      <section class="ido-card">
        {service.description && <p class="utrecht-paragraph">{service.description}</p>}
        <p class="utrecht-paragraph"><strong class={`ido-open ido-open--${state.open ? 'yes' : 'no'}`} id="service-open">{state.text}</strong></p>
        {hours.length > 0 && <ul class="ido-hours" aria-label="Openingstijden">{hours.map((line) => <li key={line}>{line}</li>)}</ul>}
        {state.exceptions.filter((text) => !hours.includes(text)).map((text) => <p class="utrecht-paragraph" key={text}><em>{text}</em></p>)}
      </section>
      <section class="ido-card" aria-labelledby="contact-heading">
        <h2 class="utrecht-heading-2" id="contact-heading">Contact</h2>
        <dl class="ido-facts">
          {view.locations.map((l) => (
            <Fragment key={l.id}><dt>Adres</dt><dd>{[l.name, l.address_1, [l.postal_code, l.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')}</dd></Fragment>
          ))}
          {phones.map((p) => {
            const href = telHref(p.number);
            return <Fragment key={p.id}><dt>Telefoon</dt><dd>{href ? <a class="ido-result-link" href={href}>{p.number}</a> : p.number}{p.description ? ` (${p.description})` : ''}</dd></Fragment>;
          })}
          {email && <><dt>E-mail</dt><dd><a class="ido-result-link" href={`mailto:${email}`}>{email}</a></dd></>}
          {website && <><dt>Website</dt><dd><a class="ido-result-link" href={website} target="_blank" rel="noopener noreferrer">{website.replace(/^https?:\/\//, '')}</a></dd></>}
          {service.referral_method && <><dt>Verwijzen</dt><dd>{REFERRAL_METHOD_LABELS[service.referral_method]}</dd></>}
          {service.application_process && <><dt>Aanmelden</dt><dd>{service.application_process}</dd></>}
          {service.fees_description && <><dt>Kosten</dt><dd>{service.fees_description}</dd></>}
          {(service.languages?.length ?? 0) > 0 && <><dt>Talen</dt><dd>{service.languages!.map(languageName).join(', ')}</dd></>}
          <dt>Laatst gecontroleerd</dt><dd>{service.assured_date ? dayText(service.assured_date) : 'onbekend'}</dd>
        </dl>
      </section>
      <div class="ido-row ido-no-print">
        <Button appearance="primary" onClick={() => onRefer(service.id)}>Registreer verwijzing</Button>
        <a class="utrecht-button utrecht-button--secondary-action" href={handoutHref}>Verwijsbriefje: afdrukken of delen</a>
        <Button onClick={() => setFeedbackOpen(!feedbackOpen)} aria-expanded={feedbackOpen}>Klopt niet</Button>
        {canEdit && !national && <Button onClick={() => onEdit(service.id)}>Bewerken</Button>}
      </div>
      {canEdit && national && (
        <p class="utrecht-paragraph ido-no-print" id="service-national">
          {NATIONAL_ENTRY_TEXT}
        </p>
      )}
      {feedbackOpen && (
        <section class="ido-card" aria-labelledby="feedback-heading">
          <h2 class="utrecht-heading-2" id="feedback-heading">Klopt niet</h2>
          <Field id="feedback-note" label="Wat klopt er niet?" error={feedbackError} description={FEEDBACK_HELP}>
            {/* The browser's maxlength counts UTF-16 units (an emoji 2): twice the limit never cuts a note the check
                takes (FEEDBACK_NOTE_MAX characters, textLength), and the check says when it is too long. */}
            <textarea class={`utrecht-textarea utrecht-textarea--html-textarea${feedbackError ? ' utrecht-textarea--invalid' : ''}`} id="feedback-note" rows={3}
              maxLength={2 * FEEDBACK_NOTE_MAX} value={note} aria-invalid={feedbackError ? true : undefined}
              aria-describedby={describedBy('feedback-note', feedbackError, FEEDBACK_HELP)}
              onInput={(e) => { setNote(e.currentTarget.value); setFeedbackError(undefined); }} />
          </Field>
          <Button appearance="primary" onClick={sendFeedback}>Melden aan de coördinator</Button>
        </section>
      )}
    </article>
  );
}
