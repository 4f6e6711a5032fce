import { describe, expect, it } from 'vitest';
import { withoutRow, withRow } from '../../src/features/beheer/use-admin';

describe('withRow and withoutRow (what reloadWith shows of a change before the list is read again)', () => {
  interface Code { id: string; revokedAt: string | null }
  const list: { codes: Code[]; total: number } = { codes: [{ id: 'a', revokedAt: null }, { id: 'b', revokedAt: null }], total: 2 };

  it('puts the changed row in the place of the row with its id, and leaves the rest of the answer as it was', () => {
    const revoked: Code = { id: 'b', revokedAt: '2026-12-06T21:00:00Z' };
    expect(withRow('codes', revoked)(list)).toEqual({ codes: [list.codes[0], revoked], total: 2 });
    expect(list.codes[1].revokedAt).toBeNull(); // a new answer: what React held is not changed in place
  });

  it('changes every list it is given (the Snelwijzer\'s own and national cards), and a row in none of them nowhere', () => {
    const cards = { own: [{ id: 'x', version: 1 }], national: [{ id: 'x', version: 1 }, { id: 'y', version: 3 }] };
    expect(withRow(['own', 'national'], { id: 'x', version: 2 })(cards)).toEqual({ own: [{ id: 'x', version: 2 }], national: [{ id: 'x', version: 2 }, { id: 'y', version: 3 }] });
    expect(withRow(['own', 'national'], { id: 'z', version: 1 })(cards)).toEqual(cards);
  });

  it('takes a removed row out of every list it is given', () => {
    const cards = { own: [{ id: 'x' }], national: [{ id: 'x' }, { id: 'y' }] };
    expect(withoutRow(['own', 'national'], 'x')(cards)).toEqual({ own: [], national: [{ id: 'y' }] });
  });
});
