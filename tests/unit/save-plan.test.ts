import { describe, expect, it } from 'vitest';
import { freshDraft, type Draft } from '../../src/features/registration/draft';
import { planSave, type SaveContext } from '../../src/features/registration/save-plan';

const contact = { locationId: 'demo-centrum', scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker' };
const filled = (): Draft => ({
  ...freshDraft(contact),
  questions: [{ category: 'digitale_overheid', topics: ['digid'], governmentOrganisations: [], digidFollowUp: 'wachtwoord_vergeten', help: ['samen_gedaan'], resolved: 'ja', otherText: '' }],
});
const context = (over: Partial<SaveContext> = {}): SaveContext => ({
  deviceId: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', organisationId: '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f', locationIds: ['demo-centrum'],
  saved: new Set(), nextDefaults: (r) => ({ ...contact, locationId: r.locationId }), ...over,
});

describe('a tap on Opslaan', () => {
  it('makes the next visitor\'s form, with a new id, before anything is written', () => {
    const draft = filled();
    const plan = planSave(draft, context());
    if (plan.kind !== 'save') throw new Error(plan.kind);
    expect(plan.registration.id).toBe(draft.id);
    expect(plan.next!.id).not.toBe(draft.id);
    expect(plan.next).toMatchObject({ editing: false, locationId: 'demo-centrum', questions: [{ topics: [], help: [] }] });
  });

  it('never gives two forms the same id', () => {
    const ids = new Set<string>();
    let draft = filled();
    for (let i = 0; i < 200; i++) {
      const plan = planSave(draft, context());
      if (plan.kind !== 'save') throw new Error(plan.kind);
      ids.add(draft.id);
      draft = { ...plan.next!, questions: filled().questions };
    }
    expect(ids.size).toBe(200);
  });

  it('does nothing for a draft that was already handed to the database (a double tap saves once)', () => {
    const draft = filled();
    expect(planSave(draft, context({ saved: new Set([draft.id]) }))).toEqual({ kind: 'ignore' });
  });

  it('does nothing on the untouched fresh form a save just made, instead of calling it incomplete', () => {
    const plan = planSave(filled(), context());
    if (plan.kind !== 'save') throw new Error(plan.kind);
    expect(planSave(plan.next!, context({ madeBySave: plan.next }))).toEqual({ kind: 'ignore' });
    // once staff touch it, it is a form like any other
    expect(planSave({ ...plan.next! }, context({ madeBySave: plan.next })).kind).toBe('invalid');
  });

  it('keeps an incomplete contact in the form and says what is missing', () => {
    const plan = planSave(freshDraft(contact), context());
    expect(plan.kind).toBe('invalid');
  });

  it('saves an edit under its own id without making a new form', () => {
    const draft = { ...filled(), editing: true, revision: 3 };
    const plan = planSave(draft, context());
    expect(plan).toMatchObject({ kind: 'save', registration: { id: draft.id, revision: 3 } });
    expect(plan.kind === 'save' && plan.next).toBeUndefined();
  });

  it('names no topics of a question without a kind: that field is not on the form yet, its link would lead nowhere', () => {
    const draft = { ...filled(), questions: [...filled().questions, { ...filled().questions[0], category: undefined, topics: [], digidFollowUp: undefined }] } as Draft;
    const plan = planSave(draft, context());
    if (plan.kind !== 'invalid') throw new Error(plan.kind);
    expect(plan.errors.map((e) => e.field)).toEqual(['questions[1].category']);
    // with a kind, the topics field is there and its message comes
    const withKind = { ...draft, questions: [draft.questions[0], { ...draft.questions[1], category: 'digitale_overheid' }] } as Draft;
    const second = planSave(withKind, context());
    if (second.kind !== 'invalid') throw new Error(second.kind);
    expect(second.errors.map((e) => e.field)).toEqual(['questions[1].topics']);
  });
});

