import { describe, expect, it } from 'vitest';
import type { AdminDevice } from '../../src/shared/admin-api';
import { deviceNotes } from '../../src/features/beheer/devices/device-notes';

const NOW = new Date('2026-12-07T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const device = (overrides: Partial<AdminDevice> = {}): AdminDevice => ({
  id: 'd', label: 'Balie', role: 'medewerker', createdAt: daysAgo(100), revokedAt: null, lastSyncAt: daysAgo(1), recordsSent: 10,
  recordsImported: 0, appVersion: '1.0.0', pendingAtLastContact: 0, lastContactAt: daysAgo(1), clockAheadSeconds: 0, ...overrides,
});

describe('what the Tablets list asks a coordinator to act on', () => {
  it('says nothing about a tablet in touch with a right clock', () => {
    expect(deviceNotes(device(), NOW)).toEqual([]);
    expect(deviceNotes(device({ clockAheadSeconds: 299, lastContactAt: daysAgo(6.9) }), NOW)).toEqual([]);
    expect(deviceNotes(device({ clockAheadSeconds: null }), NOW)).toEqual([]);
  });

  it('names a clock 5 minutes or more off, ahead or behind', () => {
    expect(deviceNotes(device({ clockAheadSeconds: -3 * 3600 }), NOW)).toEqual(['De klok loopt 3 uur achter: zet de tijd van de tablet goed.']);
    expect(deviceNotes(device({ clockAheadSeconds: 300 }), NOW)).toEqual(['De klok loopt 5 minuten voor: zet de tijd van de tablet goed.']);
  });

  it('names a tablet quiet for a week, with what waited on it then', () => {
    expect(deviceNotes(device({ lastContactAt: daysAgo(9), pendingAtLastContact: 12 }), NOW))
      .toEqual(['Al 9 dagen geen contact met de server. Toen wachtten er nog 12 registraties. Zet de tablet aan en maak verbinding met internet.']);
    expect(deviceNotes(device({ lastContactAt: daysAgo(7), pendingAtLastContact: 1 }), NOW))
      .toEqual(['Al 7 dagen geen contact met de server. Toen wachtte er nog 1 registratie. Zet de tablet aan en maak verbinding met internet.']);
    expect(deviceNotes(device({ lastContactAt: daysAgo(30), pendingAtLastContact: null, clockAheadSeconds: -86_400 * 2 }), NOW)).toEqual([
      'De klok loopt 2 dagen achter: zet de tijd van de tablet goed.',
      'Al 30 dagen geen contact met de server. Zet de tablet aan en maak verbinding met internet.',
    ]);
    expect(deviceNotes(device({ lastContactAt: null, createdAt: daysAgo(8), pendingAtLastContact: null }), NOW))
      .toEqual(['Sinds het koppelen, 8 dagen geleden, geen contact met de server. Zet de tablet aan en maak verbinding met internet.']);
  });

  it('says nothing of a revoked tablet: its figures are from before the revoke', () => {
    expect(deviceNotes(device({ revokedAt: daysAgo(20), lastContactAt: daysAgo(21), clockAheadSeconds: -86_400 }), NOW)).toEqual([]);
  });
});
