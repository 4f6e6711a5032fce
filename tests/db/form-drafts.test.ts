import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { clearFormDraft, keepFormDraft, pruneFormDrafts, restoreFormDraft } from '../../src/db/form-drafts';
import { saveRegistration } from '../../src/db/registrations';
import { freshDraft, registrationToDraft, withTopics, type Draft } from '../../src/features/registration/draft';
import { draftToRegistration } from '../../src/features/registration/draft-registration';
import { keepableDraft } from '../../src/features/registration/keepable-draft';
import { makeRegistration } from './fixtures';

let db: IdoDb;
beforeEach(async () => {
  db = new IdoDb(`draft-test-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const pristine = () => freshDraft({ locationId: 'demo-centrum', scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker' }, new Date('2026-11-24T09:15:00Z'));
const halfFilled = (start: Draft): Draft => ({ ...start, questions: [withTopics(start.questions[0], ['digid'])], durationChoice: '30' });

describe('the kept form draft', () => {
  it('brings a half-filled form back after a reload, with what it started from', async () => {
    const start = pristine();
    const half = halfFilled(start);
    await keepFormDraft(db, 'tab-a', 'new', half, start);

    const reopened = new IdoDb(db.name); // the page after the reload
    const kept = await restoreFormDraft<Draft>(reopened, 'tab-a', 'new');
    reopened.close();
    expect(kept?.draft).toEqual(half);
    expect(kept?.pristine).toEqual(start);
  });

  it('keeps each tab its own draft, and gives a draft only to the form it came from', async () => {
    const a = halfFilled(pristine());
    const b = { ...pristine(), durationChoice: '60' };
    await keepFormDraft(db, 'tab-a', 'new', a, pristine());
    await keepFormDraft(db, 'tab-b', 'edit:x', b, pristine());
    expect((await restoreFormDraft<Draft>(db, 'tab-a', 'new'))?.draft).toEqual(a);
    expect((await restoreFormDraft<Draft>(db, 'tab-b', 'edit:x'))?.draft).toEqual(b);
    expect(await restoreFormDraft<Draft>(db, 'tab-b', 'new')).toBeUndefined();
    expect(await restoreFormDraft<Draft>(db, 'tab-c', 'new')).toBeUndefined();
  });

  it('replaces the kept draft on every change, and forgets it when cleared (saved or emptied)', async () => {
    const start = pristine();
    await keepFormDraft(db, 'tab-a', 'new', halfFilled(start), start);
    const more = { ...halfFilled(start), channel: 'telefonisch' };
    await keepFormDraft(db, 'tab-a', 'new', more, start);
    expect((await restoreFormDraft<Draft>(db, 'tab-a', 'new'))?.draft).toEqual(more);
    await clearFormDraft(db, 'tab-a');
    expect(await restoreFormDraft<Draft>(db, 'tab-a', 'new')).toBeUndefined();
  });

  it('drops a new-contact draft that was already saved, so the next save cannot overwrite that registration', async () => {
    const start = pristine();
    const half = halfFilled(start);
    await keepFormDraft(db, 'tab-a', 'new', half, start);
    await saveRegistration(db, draftToRegistration(half, { deviceId: crypto.randomUUID(), organisationId: crypto.randomUUID() }));
    expect(await restoreFormDraft<Draft>(db, 'tab-a', 'new')).toBeUndefined();
    expect(await db.settings.get('formDraft:tab-a')).toBeUndefined();
  });

  it('does restore an edit of a saved registration', async () => {
    const saved = makeRegistration();
    await saveRegistration(db, saved);
    const editing = registrationToDraft(saved);
    const changed = { ...editing, durationChoice: '45' };
    await keepFormDraft(db, 'tab-a', `edit:${saved.id}`, changed, editing);
    expect((await restoreFormDraft<Draft>(db, 'tab-a', `edit:${saved.id}`))?.draft).toEqual(changed);
  });

  it('prunes drafts of tabs closed long ago and leaves recent ones and other settings', async () => {
    await keepFormDraft(db, 'old', 'new', pristine(), pristine(), new Date('2026-11-01T10:00:00Z'));
    await keepFormDraft(db, 'recent', 'new', pristine(), pristine(), new Date('2026-11-24T10:00:00Z'));
    await db.settings.put({ key: 'deviceId', value: 'abc' });
    expect(await pruneFormDrafts(db, new Date('2026-11-20T00:00:00Z'))).toBe(1);
    expect((await db.settings.toArray()).map((s) => s.key).sort()).toEqual(['deviceId', 'formDraft:recent']);
  });
});

describe('what of the form may be kept on disk', () => {
  it('keeps an ordinary "anders, namelijk" note, and never one that looks like personal data', () => {
    const start = pristine();
    const plain = { ...start, questions: [{ ...start.questions[0], topics: ['anders'], otherText: 'vraag over de huurtoeslag' }] };
    expect(keepableDraft(plain)).toBe(plain);
    const withBsn = { ...start, questions: [plain.questions[0], { ...start.questions[0], topics: ['anders'], otherText: 'bsn 111222333 van meneer' }] };
    const kept = keepableDraft(withBsn);
    expect(kept.questions.map((q) => q.otherText)).toEqual(['vraag over de huurtoeslag', '']);
    expect(withBsn.questions[1].otherText).toBe('bsn 111222333 van meneer'); // the form on screen keeps it, for the person to fix
  });
});
