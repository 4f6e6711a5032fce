import { describe, expect, it } from 'vitest';
import { applyQuickPick, DEFAULT_QUICK_PICKS, rankQuickPicks } from '../../src/features/registration/quick-picks';
import type { Question } from '../../src/shared/registration';
import { makeRegistration } from '../db/fixtures';

const contact = (...questions: Array<Pick<Question, 'topics' | 'help'> & Partial<Question>>) =>
  makeRegistration({ questions: questions.map((q) => ({ category: 'digitale_overheid', governmentOrganisations: [], resolved: 'ja', ...q })) });

describe('quick picks', () => {
  it('offers the national defaults on a tablet without history', () => {
    const picks = rankQuickPicks([], 4);
    expect(picks.map((p) => [p.topic, p.help])).toEqual(DEFAULT_QUICK_PICKS.slice(0, 4).map((d) => [d.topic, d.help]));
    expect(picks[0].label).toBe('DigiD – samen gedaan');
    expect(picks[1].label).toBe('Toeslagen – doorverwezen');
  });

  it('puts this tablet\'s most used combination first', () => {
    const recent = [
      contact({ topics: ['uitkering'], help: ['uitleg'] }),
      contact({ topics: ['studiefinanciering'], help: ['informatie'] }),
      contact({ topics: ['uitkering'], help: ['uitleg'] }, { topics: ['studiefinanciering'], help: ['informatie'] }),
      contact({ topics: ['uitkering'], help: ['uitleg'] }),
    ];
    const picks = rankQuickPicks(recent, 4);
    expect(picks[0]).toMatchObject({ topic: 'uitkering', help: 'uitleg' });
    expect(picks[1]).toMatchObject({ topic: 'studiefinanciering', help: 'informatie' });
    // the rest is filled with defaults, without repeating
    expect(picks).toHaveLength(4);
    expect(new Set(picks.map((p) => p.label)).size).toBe(4);
  });

  it('breaks a tie in favour of the more recent combination', () => {
    const recent = [contact({ topics: ['rijbewijs'], help: ['uitleg'] }), contact({ topics: ['voertuig'], help: ['uitleg'] })];
    expect(rankQuickPicks(recent, 2).map((p) => p.topic)).toEqual(['rijbewijs', 'voertuig']);
  });

  it('leaves "anders" out of the tiles', () => {
    const recent = [contact({ topics: ['anders'], help: ['samen_gedaan'] }), contact({ topics: ['anders'], help: ['samen_gedaan'] })];
    expect(rankQuickPicks(recent, 4).some((p) => p.topic === 'anders')).toBe(false);
  });

  it('fills a question with category, organisation and the usual outcome, leaving open what it cannot know', () => {
    const toeslagen = applyQuickPick({ topic: 'toeslagen', help: 'doorverwezen', label: '' });
    expect(toeslagen).toEqual({ category: 'digitale_overheid', topics: ['toeslagen'], governmentOrganisations: ['belastingdienst'], help: ['doorverwezen'], resolved: undefined, otherText: '' });
    const digid = applyQuickPick({ topic: 'digid', help: 'samen_gedaan', label: '' });
    expect(digid.digidFollowUp).toBeUndefined();
    expect(digid.resolved).toBe('ja');
    const recent = [contact({ topics: ['toeslagen'], help: ['doorverwezen'], resolved: 'deels', referral: { kind: 'extern' } })];
    expect(applyQuickPick({ topic: 'toeslagen', help: 'doorverwezen', label: '' }, recent).resolved).toBe('deels');
  });
});
