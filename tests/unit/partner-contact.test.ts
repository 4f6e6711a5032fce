import { describe, expect, it } from 'vitest';
import { partnerContact } from '../../src/shared/kaart/partner-contact';

const tuesdayMorning = new Date('2026-11-24T10:30:00+01:00');
const hours = [{ id: 's1', service_id: 'x', freq: 'WEEKLY', byday: 'TU', opens_at: '09:00', closes_at: '12:00' }];

describe('whom to call beside a Snelwijzer card', () => {
  it('gives the numbers to tap (tel: only for a real number), each once, at most three, and whether it is open now', () => {
    const info = partnerContact({ name: 'Schuldhulp', status: 'active' }, hours as never, [
      { number: '020 123 4567', description: 'Balie' }, { number: '020 123 4567' }, { number: 'bel de balie', description: null },
      { number: '0800 1234' }, { number: '088 123 4567' }, { number: '' },
    ], tuesdayMorning);
    expect(info.name).toBe('Schuldhulp');
    expect(info.openText).toBe('Open nu tot 12:00');
    expect(info.phones).toEqual([
      { number: '020 123 4567', href: 'tel:+31201234567', description: 'Balie' },
      { number: 'bel de balie', href: undefined },
      { number: '0800 1234', href: 'tel:+318001234' },
    ]);
  });
  it('says so when the partner is temporarily closed', () => {
    expect(partnerContact({ name: 'X', status: 'temporarily closed' }, hours as never, [], tuesdayMorning).openText).toBe('Tijdelijk gesloten');
  });
});
