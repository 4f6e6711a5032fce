import { describe, expect, it } from 'vitest';
import { cardSearchDocument, CARD_SEARCH_PREFIX } from '../../src/features/kaart/search-documents';
import { DEMO_NATIONAL_CARDS } from '../../src/shared/snelwijzer/demo-cards';
import { KaartIndex } from '../../src/workers/kaart-index';
import type { SearchDocument } from '../../src/workers/kaart-search-types';

const helpdesk: SearchDocument = {
  id: '22ad0e71-5ad9-5c5a-af7f-b800f924cfc3', name: 'DigiD Helpdesk', organizationName: 'Logius', description: 'Vragen over DigiD aanvragen en activeren.',
  themes: ['digitale_overheid'], themeNames: ['Digitale overheid'], idoTopics: ['digid'], languages: ['nl'],
};

describe('one search box for the kaart and the Snelwijzer', () => {
  const index = new KaartIndex();
  index.build([helpdesk, ...DEMO_NATIONAL_CARDS.map(cardSearchDocument)]);

  it('finds the kaart entry and the card for one query; cards are marked by their id prefix', () => {
    const ids = index.search('digid aanvragen').map((hit) => hit.id);
    expect(ids).toContain(helpdesk.id);
    expect(ids).toContain(`${CARD_SEARCH_PREFIX}${DEMO_NATIONAL_CARDS[0].id}`);
  });

  it('finds a card by a word of its steps or by its topic\'s label, and by "snelwijzer"', () => {
    expect(index.search('wachtwoord').map((hit) => hit.id)).toContain(`${CARD_SEARCH_PREFIX}${DEMO_NATIONAL_CARDS[0].id}`);
    expect(index.search('toeslagen').map((hit) => hit.id)[0]).toBe(`${CARD_SEARCH_PREFIX}${DEMO_NATIONAL_CARDS[1].id}`);
    expect(index.search('snelwijzer').length).toBe(DEMO_NATIONAL_CARDS.length);
  });

  it('a theme filter narrows to kaart entries (cards have no theme)', () => {
    expect(index.search('digid', { themes: ['digitale_overheid'] }).map((hit) => hit.id)).toEqual([helpdesk.id]);
  });
});
