import { describe, expect, it } from 'vitest';
import { statusLine } from '../../src/sync/status';

describe('statusLine', () => {
  const now = new Date('2026-11-24T12:00:00.000Z'); // 13:00 in Amsterdam (CET)

  it('counts what is still to be sent and says when the last batch went out, in Amsterdam time', () => {
    expect(statusLine({ pending: 3, lastSentAt: '2026-11-24T09:42:00.000Z' }, now)).toBe('3 nog te versturen · laatst verstuurd 10:42');
  });

  it('uses the singular for one record', () => {
    expect(statusLine({ pending: 1 }, now)).toBe('1 nog te versturen');
  });

  it('says "alles verstuurd" when nothing waits, with the last time when known', () => {
    expect(statusLine({ pending: 0 }, now)).toBe('alles verstuurd');
    expect(statusLine({ pending: 0, lastSentAt: '2026-11-24T09:42:00.000Z' }, now)).toBe('alles verstuurd · laatst verstuurd 10:42');
  });

  it('follows summer time', () => {
    expect(statusLine({ pending: 0, lastSentAt: '2026-07-01T08:42:00.000Z' }, new Date('2026-07-01T12:00:00.000Z'))).toBe('alles verstuurd · laatst verstuurd 10:42');
  });

  it('names the day when the last send was not today', () => {
    expect(statusLine({ pending: 2, lastSentAt: '2026-11-23T15:05:00.000Z' }, now)).toBe('2 nog te versturen · laatst verstuurd gisteren 16:05');
    expect(statusLine({ pending: 2, lastSentAt: '2026-11-03T15:05:00.000Z' }, now)).toBe('2 nog te versturen · laatst verstuurd 3-11 16:05');
  });

  it('does not say "alles verstuurd" while records need attention', () => {
    expect(statusLine({ pending: 0, attention: 1 }, now)).toBe('1 heeft aandacht nodig');
    expect(statusLine({ pending: 2, attention: 3, lastSentAt: '2026-11-24T09:42:00.000Z' }, now))
      .toBe('2 nog te versturen · 3 hebben aandacht nodig · laatst verstuurd 10:42');
  });
});
