import type { KaartOutboxEntry } from '../../db/types';
import type { KaartLookup } from '../../shared/kaart';
import { countText, countWord } from '../../shared/count-text';
import { ID_IN_USE } from '../../shared/ownership';
import { DELETED_TEXT, recordTitle, summaryText } from './conflict-text';

/**
 * A kaart change the server refused, in words for the conflicts page: what it was (the title the conflicts use and,
 * for a record known by what it belongs to, the change in one line), why in Dutch B1 with what to do, and where its
 * edit form is, if it has one. The server's own message is the fallback for a code not named here.
 */
export interface RefusalView {
  title: string;
  /** the change in one line ("030 123 45 67", "Weggehaald"), where the title alone does not say it */
  change?: string;
  reason: string;
  /** the hash of the form that edits it again (a service's, also for its own phones and hours; a Snelwijzer card's) */
  editHref?: string;
}

type Data = Record<string, unknown>;
const idOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The form where this change can be made again, or undefined: a delete, a mark, a record without a form on the tablet,
 * or a refusal no edit mends (a link there would be a dead end).
 */
export function refusalEditHref(entry: Pick<KaartOutboxEntry, 'entity' | 'recordId' | 'deleted' | 'data' | 'problem'>, lookup: KaartLookup): string | undefined {
  if (entry.deleted || NOT_BY_EDITING.has(entry.problem?.code ?? '')) return undefined;
  const data = entry.data as unknown as Data;
  const service = (id: string | undefined) => (id && lookup('service', id) ? `#/kaart/bewerken/${encodeURIComponent(id)}` : undefined);
  switch (entry.entity) {
    case 'service': return `#/kaart/bewerken/${encodeURIComponent(entry.recordId)}`;
    case 'snelwijzer_card': return `#/snelwijzer/${encodeURIComponent(entry.recordId)}/bewerken`;
    // the service's form edits its own phone numbers and weekly hours (ContactEditors.tsx)
    case 'phone': return service(idOf(data.service_id));
    case 'schedule': return service(idOf(data.service_id));
  }
  return undefined;
}

/** kaart-apply.ts: changes made in another organisation's kaart, before the tablet was linked again. */
const OTHER_ORGANISATION = 'other_organisation';
/** Refusals no edit on this tablet can mend (who may write it, whose id it is, a record gone, a mark's fixed text): no form, only away. */
const NOT_BY_EDITING = new Set(['forbidden_scope', ID_IN_USE, 'not_found', 'read_only', OTHER_ORGANISATION]);
const DISCARD = 'Kies ‘Wijziging weggooien’: dan komt de versie van de server terug op deze tablet.';

/** Why the server refused a change, and what to do, in Dutch B1. `canEdit`: "Opnieuw bewerken" is offered. */
export function refusalReason(problem: KaartOutboxEntry['problem'], canEdit: boolean): string {
  const message = problem?.message?.trim() || 'De server kan deze wijziging niet opslaan.';
  switch (problem?.code) {
    case 'forbidden_scope':
      return `U mag dit niet wijzigen. ${message} ${DISCARD} Moet het toch anders? Vraag het aan de coördinator.`;
    case ID_IN_USE:
      return 'Dit gegeven kan niet onder dit nummer op de server staan. Gooi de wijziging weg en maak het daarna opnieuw aan. Lukt dat niet? Neem contact op met de coördinator.';
    case 'unknown_reference':
      return canEdit
        ? `${message} Staat het weer op de kaart? Kies dan ‘Opnieuw bewerken’ en sla opnieuw op. Zo niet, gooi de wijziging dan weg.`
        : `${message} Gooi de wijziging weg.`;
    case 'not_found':
      return 'Dit gegeven staat niet (meer) op de server. Gooi de wijziging weg. Heeft u het nog nodig? Maak het dan opnieuw aan.';
    case 'read_only':
      return 'Bij een melding ‘Klopt niet’ kan alleen ‘afgehandeld’ veranderen. Gooi de wijziging weg.';
    case 'change_too_large':
      return canEdit
        ? 'Deze wijziging is te groot om te versturen. Kies ‘Opnieuw bewerken’, maak de teksten korter en sla opnieuw op.'
        : 'Deze wijziging is te groot om te versturen. Gooi de wijziging weg.';
    case OTHER_ORGANISATION:
      return 'Deze wijziging is gemaakt in de sociale kaart van een andere organisatie. De tablet hoort nu bij een andere organisatie. Gooi de wijziging weg.';
  }
  return canEdit
    ? `${message} Kies ‘Opnieuw bewerken’ om het te verbeteren, of gooi de wijziging weg.`
    : `${message} ${DISCARD}`;
}

/** A refused change as the conflicts page shows it. */
export function refusalView(entry: KaartOutboxEntry, lookup: KaartLookup): RefusalView {
  const data = entry.data as unknown as Data;
  const editHref = refusalEditHref(entry, lookup);
  const change = entry.deleted ? DELETED_TEXT : summaryText(entry.entity, data, lookup);
  return {
    title: recordTitle(entry.entity, data, lookup),
    ...(change !== undefined ? { change } : {}),
    reason: refusalReason(entry.problem, editHref !== undefined),
    ...(editHref ? { editHref } : {}),
  };
}

/**
 * The kaart page's note of the changes that need the coordinator (#/kaart/conflicten): `choices` all of them, `refused`
 * those the server refused. A refusal is no choice between two versions: the note says it apart.
 */
export function kaartChoicesText(choices: number, refused: number): string {
  const conflicts = choices - refused;
  const isAre = countWord(refused, 'is', 'zijn');
  if (conflicts <= 0) return `${countText(refused, 'wijziging', 'wijzigingen')} in de kaart ${isAre} geweigerd: kies wat u ermee doet`;
  const asking = `${countText(conflicts, 'wijziging', 'wijzigingen')} in de kaart ${countWord(conflicts, 'vraagt', 'vragen')} om uw keuze`;
  return refused > 0 ? `${asking} en ${refused} ${isAre} geweigerd` : asking;
}
