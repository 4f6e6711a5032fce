import { describe, expect, it } from 'vitest';
import { kaartChoicesText, refusalEditHref, refusalReason, refusalView } from '../../src/features/kaart/refusal-text';
import type { KaartOutboxEntry } from '../../src/db/types';
import { emptyDataSet, lookupIn, type KaartEntity, type KaartFields } from '../../src/shared/kaart';

/*
 * A kaart change the server refused showed only the server's message on the conflicts page, with no way out. Now it
 * says what it was, why and what to do in Dutch B1, and where to edit it again where a form exists.
 */
const ORG = '10000000-0000-4000-8000-000000000001';
const SERVICE = '10000000-0000-4000-8000-000000000002';
const PHONE = '10000000-0000-4000-8000-000000000005';
const CARD = '10000000-0000-4000-8000-000000000007';
const GONE = '10000000-0000-4000-8000-0000000000ff';

const set = emptyDataSet();
set.organization.push({ id: ORG, name: 'Voorbeeldbibliotheek', owner_organisation_id: ORG });
set.service.push({ id: SERVICE, organization_id: ORG, name: 'Taalcafé', status: 'active' });
const lookup = lookupIn(set);

function refused<E extends KaartEntity>(entity: E | 'snelwijzer_card', data: KaartFields<E> | Record<string, unknown>, problem: KaartOutboxEntry['problem'], deleted = false): KaartOutboxEntry {
  const id = (data as { id: string }).id;
  return { id: `${entity}:${id}`, entity, recordId: id, baseVersion: 1, deleted, data: data as never, savedAt: '2026-12-07T08:00:00.000Z', state: 'rejected', ...(problem ? { problem } : {}) };
}

const goneParent = { code: 'unknown_reference', field: 'service_id', message: 'De dienst waar dit bij hoort, staat niet (meer) op de sociale kaart.' };

describe('a refused kaart change in words', () => {
  it('says what it was by the title the conflicts use, the change in one line, and the form to edit it again', () => {
    const view = refusalView(refused('phone', { id: PHONE, service_id: SERVICE, number: '030 123 45 67' }, goneParent), lookup);
    expect(view).toEqual({
      title: 'Telefoonnummer van Taalcafé',
      change: '030 123 45 67',
      reason: 'De dienst waar dit bij hoort, staat niet (meer) op de sociale kaart. Staat het weer op de kaart? Kies dan ‘Opnieuw bewerken’ en sla opnieuw op. Zo niet, gooi de wijziging dan weg.',
      editHref: `#/kaart/bewerken/${SERVICE}`,
    });
    const service = refusalView(refused('service', { id: SERVICE, organization_id: ORG, name: 'Taalcafé', status: 'active' }, { code: 'forbidden_scope', message: 'Alleen een coördinator kan de sociale kaart wijzigen.' }), lookup);
    expect(service.title).toBe('Taalcafé');
    expect(service.change).toBeUndefined();
    // who may write it is no matter of editing: no form to go back to
    expect(service.editHref).toBeUndefined();
    expect(service.reason).toBe('U mag dit niet wijzigen. Alleen een coördinator kan de sociale kaart wijzigen. Kies ‘Wijziging weggooien’: dan komt de versie van de server terug op deze tablet. Moet het toch anders? Vraag het aan de coördinator.');
  });

  it('offers a form only where one edits it: a service, its own phone or hours, a card; never a delete, a mark or another organisation\'s change', () => {
    const phone = { entity: 'phone' as const, recordId: PHONE, deleted: false, data: { id: PHONE, service_id: SERVICE, number: '1' } as never };
    expect(refusalEditHref(phone, lookup)).toBe(`#/kaart/bewerken/${SERVICE}`);
    expect(refusalEditHref({ ...phone, data: { id: PHONE, service_id: GONE, number: '1' } as never }, lookup)).toBeUndefined();
    expect(refusalEditHref({ ...phone, data: { id: PHONE, organization_id: ORG, number: '1' } as never }, lookup)).toBeUndefined();
    expect(refusalEditHref({ ...phone, deleted: true }, lookup)).toBeUndefined();
    expect(refusalEditHref({ entity: 'snelwijzer_card', recordId: CARD, deleted: false, data: { id: CARD } as never }, lookup)).toBe(`#/snelwijzer/${CARD}/bewerken`);
    expect(refusalEditHref({ entity: 'feedback', recordId: CARD, deleted: false, data: { id: CARD, service_id: SERVICE } as never }, lookup)).toBeUndefined();
    for (const code of ['other_organisation', 'forbidden_scope', 'id_in_use', 'not_found', 'read_only']) expect(refusalEditHref({ ...phone, problem: { code, message: '' } }, lookup)).toBeUndefined();
    expect(refusalEditHref({ ...phone, problem: { code: 'change_too_large', message: '' } }, lookup)).toBe(`#/kaart/bewerken/${SERVICE}`);
    expect(refusalView(refused('phone', { id: PHONE, service_id: SERVICE, number: '1' }, goneParent, true), lookup).change).toBe('Weggehaald');
  });

  it('maps each refusal code to what to do, and keeps the server\'s message for a code it does not know', () => {
    expect(refusalReason({ code: 'id_in_use', message: 'x' }, true)).toBe('Dit gegeven kan niet onder dit nummer op de server staan. Gooi de wijziging weg en maak het daarna opnieuw aan. Lukt dat niet? Neem contact op met de coördinator.');
    expect(refusalReason({ code: 'not_found', message: 'x' }, false)).toBe('Dit gegeven staat niet (meer) op de server. Gooi de wijziging weg. Heeft u het nog nodig? Maak het dan opnieuw aan.');
    expect(refusalReason({ code: 'read_only', message: 'x' }, false)).toBe('Bij een melding ‘Klopt niet’ kan alleen ‘afgehandeld’ veranderen. Gooi de wijziging weg.');
    expect(refusalReason({ code: 'change_too_large', message: 'x' }, true)).toBe('Deze wijziging is te groot om te versturen. Kies ‘Opnieuw bewerken’, maak de teksten korter en sla opnieuw op.');
    expect(refusalReason({ code: 'change_too_large', message: 'x' }, false)).toBe('Deze wijziging is te groot om te versturen. Gooi de wijziging weg.');
    expect(refusalReason(goneParent, false)).toBe('De dienst waar dit bij hoort, staat niet (meer) op de sociale kaart. Gooi de wijziging weg.');
    expect(refusalReason({ code: 'other_organisation', message: 'x' }, false)).toMatch(/andere organisatie\. .* Gooi de wijziging weg\.$/);
    // a field the server refuses: its own Dutch message, then what to do
    expect(refusalReason({ code: 'too_long', field: 'name', message: 'De naam is te lang: maximaal 200 tekens.' }, true))
      .toBe('De naam is te lang: maximaal 200 tekens. Kies ‘Opnieuw bewerken’ om het te verbeteren, of gooi de wijziging weg.');
    expect(refusalReason({ code: 'http_400', message: 'De server weigerde een verzoek.' }, false))
      .toBe('De server weigerde een verzoek. Kies ‘Wijziging weggooien’: dan komt de versie van de server terug op deze tablet.');
    expect(refusalReason(undefined, false)).toBe('De server kan deze wijziging niet opslaan. Kies ‘Wijziging weggooien’: dan komt de versie van de server terug op deze tablet.');
  });
});

describe('the kaart page\'s note of changes that need the coordinator', () => {
  it('says refusals apart from choices between two versions', () => {
    expect(kaartChoicesText(1, 0)).toBe('1 wijziging in de kaart vraagt om uw keuze');
    expect(kaartChoicesText(3, 0)).toBe('3 wijzigingen in de kaart vragen om uw keuze');
    expect(kaartChoicesText(1, 1)).toBe('1 wijziging in de kaart is geweigerd: kies wat u ermee doet');
    expect(kaartChoicesText(2, 2)).toBe('2 wijzigingen in de kaart zijn geweigerd: kies wat u ermee doet');
    expect(kaartChoicesText(3, 1)).toBe('2 wijzigingen in de kaart vragen om uw keuze en 1 is geweigerd');
    expect(kaartChoicesText(2, 1)).toBe('1 wijziging in de kaart vraagt om uw keuze en 1 is geweigerd');
  });
});
