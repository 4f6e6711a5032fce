import { describe, expect, it } from 'vitest';
import { applyQuickPick, DEFAULT_QUICK_PICKS, keepSlots, rankQuickPicks } from '../../src/features/registration/quick-picks';
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

describe('the quick-pick row under a finger', () => {
  const pick = (topic: string, help: string) => ({ topic, help, label: `${topic} – ${help}` });
  it('keeps a tile that stays among the best in its place, however the ranking changed', () => {
    const shown = [pick('digid', 'samen_gedaan'), pick('toeslagen', 'doorverwezen'), pick('belastingaangifte', 'samen_gedaan'), pick('mijnoverheid_berichtenbox', 'uitleg')];
    const ranked = [pick('toeslagen', 'doorverwezen'), pick('mijnoverheid_berichtenbox', 'uitleg'), pick('digid', 'samen_gedaan'), pick('belastingaangifte', 'samen_gedaan')];
    expect(keepSlots(shown, ranked)).toEqual(shown);
  });

  it('puts a new combination in the place of the one that dropped out', () => {
    const shown = [pick('digid', 'samen_gedaan'), pick('toeslagen', 'doorverwezen'), pick('belastingaangifte', 'samen_gedaan')];
    const ranked = [pick('zorgtoeslag', 'uitleg'), pick('digid', 'samen_gedaan'), pick('belastingaangifte', 'samen_gedaan')];
    expect(keepSlots(shown, ranked).map((p) => p.topic)).toEqual(['digid', 'zorgtoeslag', 'belastingaangifte']);
  });

  it('takes the ranking as it is on a first start', () => {
    const ranked = rankQuickPicks([], 4);
    expect(keepSlots([], ranked)).toEqual(ranked);
  });
});
