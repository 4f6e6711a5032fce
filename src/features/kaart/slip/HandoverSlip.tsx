import './slip.css';
import { useEffect } from 'preact/hooks';
import { db } from '../../../db/db';
import { serviceView } from '../../../db/kaart/joins';
import { allCards } from '../../../db/snelwijzer';
import { getSetting, putSetting } from '../../../db/settings';
import { useLiveQuery } from '../../../db/use-live-query';
import { slipQuestionFromQuery } from '../../../shared/kaart/slip-question';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { SERVICE_GONE_TEXT } from '../labels';
import { buildSlip, slipCard } from './slip-content';
import { canShare, shareSlip } from './slip-share';

interface HandoverSlipProps {
  /** the kaart service the visitor goes to */
  id: string;
  now: Date;
  /** the route's query: `onderwerp=<topic codes>`; anything else is ignored */
  query: string;
  backHref: string;
}

/** The class on <html> that lays the slip out for an 80 mm receipt printer. */
const RECEIPT = 'ido-receipt';
/** The class on <html> while the slip is shown: its print rules (A5 paper) apply to this page only. */
const SHOWN = 'ido-slip-shown';
/** The tablet's setting: true when its slips go to an 80 mm receipt printer. */
const RECEIPT_SETTING = 'slipReceiptPrinter';

/** The verwijsbriefje: large type for the visitor, to print on A5 or a receipt printer, or to share to their phone. */
export function HandoverSlip({ id, now, query, backHref }: HandoverSlipProps) {
  const view = useLiveQuery((db) => serviceView(db, id).then((v) => v ?? null), [id]);
  const cards = useLiveQuery((db) => allCards(db), [], undefined);
  // The desk's printer is a property of the tablet: the choice stays for the next slip.
  const receipt = useLiveQuery((db) => getSetting(db, RECEIPT_SETTING, false), [], false);
  const setReceipt = (on: boolean) => void putSetting(db, RECEIPT_SETTING, on);
  useEffect(() => {
    document.documentElement.classList.add(SHOWN);
    return () => document.documentElement.classList.remove(SHOWN);
  }, []);
  useEffect(() => {
    document.documentElement.classList.toggle(RECEIPT, receipt);
    return () => document.documentElement.classList.remove(RECEIPT);
  }, [receipt]);
  if (view === undefined || cards === undefined) return <p class="utrecht-paragraph">Laden…</p>;
  if (view === null) return <Alert type="warning">{SERVICE_GONE_TEXT} <a href={backHref}>Terug</a></Alert>;
  const question = slipQuestionFromQuery(query);
  const slip = buildSlip(view, question, now, slipCard(cards, id, question));

  return (
    <article class="ido-slip" aria-labelledby="slip-heading">
      {slip.question && <p class="ido-slip__question" id="slip-question">{slip.question}</p>}
      <h1 class="utrecht-heading-1 ido-slip__heading" id="slip-heading"><span class="ido-slip__label">Ga naar:</span> {slip.service}</h1>
      {slip.partner && <p class="ido-slip__text">{slip.partner}</p>}
      {slip.addresses.length > 0 && (
        <section aria-labelledby="slip-where"><h2 class="ido-slip__h2" id="slip-where">Adres</h2>
          {slip.addresses.map((a) => <p class="ido-slip__text" key={a}>{a}</p>)}</section>
      )}
      {slip.hours.length + slip.hoursNotes.length > 0 && (
        <section aria-labelledby="slip-when"><h2 class="ido-slip__h2" id="slip-when">Open</h2>
          <ul class="ido-slip__list" id="slip-hours">{slip.hours.map((line) => <li key={line}>{line}</li>)}</ul>
          {slip.hoursNotes.map((note) => <p class="ido-slip__text" key={note}><strong>{note}</strong></p>)}</section>
      )}
      {(slip.phones.length > 0 || slip.how || slip.website) && (
        <section aria-labelledby="slip-contact"><h2 class="ido-slip__h2" id="slip-contact">Contact</h2>
          {slip.how && <p class="ido-slip__text">Hoe: {slip.how}</p>}
          {slip.phones.map((p) => <p class="ido-slip__text" key={p}>Telefoon: {p}</p>)}
          {slip.website && <p class="ido-slip__text">Website: {slip.website}</p>}</section>
      )}
      {slip.bring.map((item) => (
        <section key={item.heading}><h2 class="ido-slip__h2">{item.heading}</h2>
          {item.text.includes('\n') ? <ul class="ido-slip__list">{item.text.split('\n').map((line) => <li key={line}>{line}</li>)}</ul> : <p class="ido-slip__text">{item.text}</p>}</section>
      ))}
      <p class="ido-slip__footer">Meegegeven door het Informatiepunt Digitale Overheid in de bibliotheek.</p>
      <div class="ido-row ido-no-print ido-slip__actions">
        <Button appearance="primary" onClick={() => window.print()}>Afdrukken of opslaan als PDF</Button>
        {canShare() && <Button onClick={() => void shareSlip(slip)}>Delen met de telefoon van de bezoeker</Button>}
        <label class="ido-slip__toggle"><input type="checkbox" id="slip-receipt" checked={receipt} onChange={(e) => setReceipt(e.currentTarget.checked)} /> Bonprinter (smal)</label>
        <a class="ido-result-link" href={backHref}>Terug</a>
      </div>
    </article>
  );
}
