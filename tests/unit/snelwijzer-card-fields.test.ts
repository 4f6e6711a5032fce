import { describe, expect, it } from 'vitest';
import { errorsAfter, trimmedCard } from '../../src/features/snelwijzer/CardFields';
import type { SnelwijzerCardFields } from '../../src/shared/snelwijzer/card';

const card: SnelwijzerCardFields = {
  id: 'c0a8012e-0000-4000-8000-000000000001', title: '  DigiD  ', topics: ['digid'], body: 'Stap', bring: '', service_id: null,
  links: [{ label: ' DigiD ', url: ' https://www.digid.nl ' }, { label: '', url: '' }], checked_on: '2026-11-30', owner_organisation_id: null, copied_from: null,
};

describe('the card form (tablet and beheer)', () => {
  it('a field\'s message goes when that field changes, the others stay', () => {
    const errors = [
      { field: 'title', code: 'required', message: 'De titel mag niet leeg zijn.' },
      { field: 'links.1.url', code: 'invalid_url', message: 'https' },
      { field: 'topics', code: 'required', message: 'Kies minstens één onderwerp.' },
    ];
    expect(errorsAfter(errors, { title: 'x' }).map((e) => e.field)).toEqual(['links.1.url', 'topics']);
    expect(errorsAfter(errors, { links: [] }).map((e) => e.field)).toEqual(['title', 'topics']);
    expect(errorsAfter(errors, {})).toEqual(errors);
  });
  it('saves a trimmed title and drops empty link rows', () => {
    expect(trimmedCard(card)).toMatchObject({ title: 'DigiD', links: [{ label: 'DigiD', url: 'https://www.digid.nl' }] });
  });
});
