import { describe, expect, it } from 'vitest';
import { freshDraft, type Draft } from '../../src/features/registration/draft';
import { isClosedOn, locationChoice } from '../../src/features/registration/open-locations';
import { planSave, type SaveContext } from '../../src/features/registration/save-plan';
import type { DeliveredLocation } from '../../src/shared/api';

const ORGANISATION = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const location = (id: string, name: string, closedOn?: string): DeliveredLocation => ({
  id, organisationId: ORGANISATION, name, municipalityCode: 'GM0828', province: 'Noord-Brabant', insideLibrary: true, kind: 'vestiging',
  scenarios: ['spreekuur'], idoHoursPerWeek: 4, openedOn: '2022-01-01', ...(closedOn ? { closedOn } : {}),
});
const TODAY = '2026-11-30';
const LOCATIONS = [
  location('centrum', 'Bibliotheek Centrum'),
  location('wijk', 'Wijkpunt Noord', '2026-11-30'),
  location('dorp', 'Bibliotheek Dorp', '2026-06-01'),
  location('later', 'Bibliotheek Later', '2026-12-01'),
];
const filled = (over: Partial<Draft> = {}): Draft => ({
  ...freshDraft({ scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker' }),
  questions: [{ category: 'digitale_overheid', topics: ['digid'], governmentOrganisations: [], digidFollowUp: 'wachtwoord_vergeten', help: ['samen_gedaan'], resolved: 'ja', otherText: '' }],
  ...over,
});
const saveContext = (offered: DeliveredLocation[]): SaveContext => ({
  deviceId: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', organisationId: ORGANISATION, locationIds: offered.map((l) => l.id),
  saved: new Set(), nextDefaults: (r) => ({ locationId: r.locationId }), now: new Date('2026-11-30T10:00:00+01:00'),
});

describe('the form hides closed locations', () => {
  it('counts a location as closed from its closedOn day on, not before', () => {
    expect(isClosedOn(LOCATIONS[1], '2026-11-29')).toBe(false);
    expect(isClosedOn(LOCATIONS[1], '2026-11-30')).toBe(true);
    expect(isClosedOn(LOCATIONS[0], '2026-11-30')).toBe(false);
  });

  it('offers a new contact only the locations open today', () => {
    const { offered, closed } = locationChoice(LOCATIONS, TODAY, { draft: filled({ locationId: 'centrum' }), pristine: filled() });
    expect(offered.map((l) => l.id)).toEqual(['centrum', 'later']);
    expect(closed).toBeUndefined();
  });

  it('refuses to save a new contact at a closed location', () => {
    const draft = filled({ locationId: 'dorp' });
    const { offered } = locationChoice(LOCATIONS, TODAY, { draft, pristine: filled() });
    expect(planSave(draft, saveContext(offered))).toMatchObject({ kind: 'invalid', errors: [{ field: 'locationId' }] });
  });

  it('asks for another location, in Dutch, when the chosen one closed', () => {
    const { closed } = locationChoice(LOCATIONS, TODAY, { draft: filled({ locationId: 'wijk' }), pristine: filled() });
    expect(closed).toEqual({ field: 'locationId', code: 'location_closed', message: 'De IDO-locatie Wijkpunt Noord is gesloten sinds 30 november 2026. Kies een andere IDO-locatie.' });
  });

  it('asks for another location when the remembered (last used) one closed and none is chosen', () => {
    const { closed } = locationChoice(LOCATIONS, TODAY, { draft: filled(), pristine: filled(), lastUsed: 'dorp' });
    expect(closed?.message).toBe('De IDO-locatie Bibliotheek Dorp is gesloten sinds 1 juni 2026. Kies een andere IDO-locatie.');
    expect(locationChoice(LOCATIONS, TODAY, { draft: filled({ locationId: 'centrum' }), pristine: filled(), lastUsed: 'dorp' }).closed).toBeUndefined();
    expect(locationChoice(LOCATIONS, TODAY, { draft: filled(), pristine: filled(), lastUsed: 'centrum' }).closed).toBeUndefined();
  });

  it('keeps and accepts the closed location of a registration that is edited', () => {
    const edited = filled({ editing: true, locationId: 'dorp' });
    const { offered, closed } = locationChoice(LOCATIONS, TODAY, { draft: edited, pristine: edited, lastUsed: 'wijk' });
    expect(offered.map((l) => l.id)).toEqual(['centrum', 'dorp', 'later']);
    expect(closed).toBeUndefined();
    expect(planSave(edited, saveContext(offered))).toMatchObject({ kind: 'save', registration: { locationId: 'dorp' } });
  });

  it('does not offer another closed location while editing', () => {
    const edited = filled({ editing: true, locationId: 'dorp' });
    const { offered, closed } = locationChoice(LOCATIONS, TODAY, { draft: { ...edited, locationId: 'wijk' }, pristine: edited });
    expect(offered.map((l) => l.id)).not.toContain('wijk');
    expect(closed?.code).toBe('location_closed');
  });
});
