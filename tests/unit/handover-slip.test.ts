import { describe, expect, it } from 'vitest';
import type { ServiceView } from '../../src/db/kaart/joins';
import { parseRoute, routeHref } from '../../src/app/router';
import { freshDraft, type Draft } from '../../src/features/registration/draft';
import { buildSlip, plainCardLines, slipCard, slipText } from '../../src/features/kaart/slip/slip-content';
import { slipQuestionFromQuery, slipQuestionOf, slipQuestionQuery } from '../../src/shared/kaart/slip-question';
import demo from '../../src/shared/kaart/demo-kaart.json';

const NOW = new Date('2026-03-03T10:00:00+01:00');
const meta = { version: 1, updatedAt: '2026-01-01T00:00:00Z', deleted: false };

/** A kaart entry of the demo kaart as the app reads it, with staff feedback and a local edit that the slip must never show. */
function demoView(serviceId: string, feedbackNote: string): ServiceView {
  const service = demo.services.find((s) => s.id === serviceId)!;
  const serviceAtLocations = demo.service_at_locations.filter((s) => s.service_id === serviceId);
  const locations = demo.locations.filter((l) => serviceAtLocations.some((s) => s.location_id === l.id));
  return {
    service: { ...service, ...meta },
    organization: { ...demo.organizations.find((o) => o.id === service.organization_id)!, ...meta },
    locations: locations.map((l) => ({ ...l, ...meta })),
    serviceAtLocations: serviceAtLocations.map((s) => ({ ...s, ...meta })),
    phones: demo.phones.filter((p) => p.service_id === serviceId || p.organization_id === service.organization_id).map((p) => ({ ...p, ...meta })),
    schedules: demo.schedules.filter((s) => s.service_id === serviceId || serviceAtLocations.some((a) => a.id === s.service_at_location_id)).map((s) => ({ ...s, ...meta })),
    themes: [],
    feedback: [{ id: 'f1', service_id: serviceId, note: feedbackNote, created_at: NOW.toISOString(), resolved: false, ...meta }],
  } as unknown as ServiceView;
}

const TAX = '04cd3b54-838d-50db-8c12-80da0639fc74'; // Hulp bij de belastingaangifte (voorbeeld)
const IDO = '062bb180-1adf-5298-82c5-2a9199e5212b'; // Informatiepunt Digitale Overheid

/** What staff could type, or what a broken or hostile form state could hold, in every free field. */
const PERSONAL = ['123456782', '0612345678', 'Jan Jansen', 'jan@example.com', 'Dorpsstraat 12', 'NL91ABNA0417164300', '<script>alert(1)</script>'];

function hostileDraft(): Draft {
  const text = PERSONAL.join(' ');
  const draft = freshDraft();
  return {
    ...draft,
    partnerOrganisation: text, scenario: text, channel: text, staffRole: text, locationId: text, durationChoice: 'langer', durationOther: text, startedAtLocal: text,
    questions: [{
      category: text, topics: ['digid', 'belastingaangifte', ...PERSONAL, 'anders'], governmentOrganisations: [text], digidFollowUp: 'aanvragen', help: ['doorverwezen', text],
      referralKind: text, referralOrganisation: text, referralServiceId: TAX, referralConsent: true, resolved: text, otherText: text,
    }],
  };
}

describe('the handover slip', () => {
  it('holds none of what was typed in any free field of the form, nor the staff feedback on the entry', () => {
    const draft = hostileDraft();
    const question = slipQuestionFromQuery(slipQuestionQuery(slipQuestionOf(draft.questions[0])));
    const text = slipText(buildSlip(demoView(TAX, PERSONAL.join(' ')), question, NOW));
    for (const typed of PERSONAL) expect(text).not.toContain(typed);
    expect(text).not.toMatch(/\d{9}/);
    expect(text).toContain('Hulp bij: DigiD aanvragen, Belastingaangifte');
  });

  it('keeps only code-list topics: a typed topic, "anders" or a made-up DigiD answer never reach the question', () => {
    expect(slipQuestionOf({ topics: ['Jan Jansen', 'anders', 'toeslagen', 'toeslagen'], digidFollowUp: 'aanvragen' })).toEqual({ topics: ['toeslagen'] });
    expect(slipQuestionOf({ topics: ['digid'], digidFollowUp: '0612345678' })).toEqual({ topics: ['digid'] });
    expect(slipQuestionFromQuery('onderwerp=digid,0612345678,Jan%20Jansen&digid=Jan')).toEqual({ topics: ['digid'] });
    expect(slipQuestionFromQuery('onderwerp=digid&digid=wachtwoord_vergeten')).toEqual({ topics: ['digid'], digidFollowUp: 'wachtwoord_vergeten' });
    expect(slipQuestionFromQuery('')).toEqual({ topics: [] });
  });

  it('names the partner, the address, the opening hours in Dutch, how to sign up and what to bring', () => {
    const slip = buildSlip(demoView(TAX, ''), { topics: ['belastingaangifte'] }, NOW);
    expect(slip.question).toBe('Hulp bij: Belastingaangifte');
    expect(slip.service).toBe('Hulp bij de belastingaangifte');
    expect(slip.addresses.length).toBeGreaterThan(0);
    expect(slip.hours.join(' ')).toMatch(/dinsdag.*donderdag.*9:00.*12:00/i);
    expect(slip.how).toBe('Op afspraak');
    expect(slip.bring.map((b) => b.heading)).toEqual(['Neem mee', 'Zo meldt u zich aan', 'Voor wie']);
    expect(slip.bring[0].text).toContain('Neem uw DigiD mee.');
  });

  it('says DigiD beside an answer that does not name it, and leaves the question out without topics', () => {
    expect(buildSlip(demoView(IDO, ''), { topics: ['digid'], digidFollowUp: 'wachtwoord_vergeten' }, NOW).question).toBe('Hulp bij: DigiD: wachtwoord vergeten');
    const slip = buildSlip(demoView(IDO, ''), { topics: [] }, NOW);
    expect(slip.question).toBeUndefined();
    expect(slipText(slip)).toMatch(/^Ga naar: Informatiepunt Digitale Overheid/);
    expect(slip.phones.length).toBeGreaterThan(0);
    expect(slipText(slip).match(/Op feestdagen gesloten/g)).toHaveLength(1);
  });

  it('has its own address under the kaart entry, with the topic codes in the query', () => {
    const route = parseRoute(`#/kaart/dienst/${IDO}/afdruk?onderwerp=digid&digid=aanvragen`);
    expect(route).toEqual({ page: 'service', id: IDO, handout: true, query: 'onderwerp=digid&digid=aanvragen' });
    expect(routeHref(route)).toBe(`#/kaart/dienst/${IDO}/afdruk?onderwerp=digid&digid=aanvragen`);
    expect(parseRoute(`#/kaart/dienst/${IDO}?nu=2026-11-24T10:30`)).toEqual({ page: 'service', id: IDO, handout: false });
    expect(parseRoute('#/kaart/dienst/%E0%A4%A/afdruk?onderwerp=digid')).toEqual({ page: 'kaart', query: 'onderwerp=digid' });
  });

  describe('what to bring, from the Snelwijzer', () => {
    const card = (id: string, topics: string[], serviceId: string | null, bring: string) => ({ id, topics, service_id: serviceId, bring });
    const own = card('own-digid', ['digid'], null, '- Paspoort of ID-kaart\n- **Telefoon** met de DigiD-app');
    const partnerCard = card('tax-partner', ['belastingaangifte'], TAX, '1. Jaaropgaaf\n2. DigiD https://www.digid.nl');
    const empty = card('no-bring', ['belastingaangifte'], TAX, '  ');

    it('picks the card that refers to this partner for the question, else a card of the question\'s topic', () => {
      expect(slipCard([empty, own, partnerCard], TAX, { topics: ['belastingaangifte'] })?.id).toBe('tax-partner');
      expect(slipCard([own, partnerCard], TAX, { topics: [] })?.id).toBe('tax-partner');
      expect(slipCard([own, partnerCard], IDO, { topics: ['digid'] })?.id).toBe('own-digid');
      // a partner's card about another topic is not this question's
      expect(slipCard([partnerCard], TAX, { topics: ['digid'] })).toBeUndefined();
      expect(slipCard([own], IDO, { topics: [] })).toBeUndefined();
      expect(slipCard([empty], TAX, { topics: ['belastingaangifte'] })).toBeUndefined();
    });

    it('shows the card\'s lines as plain text in place of the kaart entry\'s sentence, marks dropped', () => {
      expect(plainCardLines(partnerCard.bring)).toEqual(['Jaaropgaaf', 'DigiD https://www.digid.nl']);
      const slip = buildSlip(demoView(TAX, ''), { topics: ['belastingaangifte'] }, NOW, own);
      expect(slip.bring[0]).toEqual({ heading: 'Neem mee', text: 'Paspoort of ID-kaart\nTelefoon met de DigiD-app' });
      expect(slipText(slip)).not.toContain('Neem uw DigiD mee.');
      expect(slipText(slip)).not.toContain('**');
    });

    it('a card with markup or hidden characters stays text on the slip', () => {
      const hostile = buildSlip(demoView(TAX, ''), { topics: [] }, NOW, { bring: '- <img src=x onerror=alert(1)>\n- \u202Eevil' });
      expect(hostile.bring[0].text).toBe('<img src=x onerror=alert(1)>\n[U+202E]evil');
    });
  });
});
