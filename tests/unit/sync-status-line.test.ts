import { describe, expect, it } from 'vitest';
import { heldKaartNotice, kaartToSend, pauseExplanation, pauseNotice, sendingProgress, statusLine } from '../../src/sync/status';

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

  it('names a kaart change waiting for the coordinator\'s choice first, and says "alle registraties" while the kaart still waits', () => {
    const sent = { pending: 0, lastSentAt: '2026-11-24T09:42:00.000Z' };
    expect(statusLine(sent, now, { pending: 0, conflict: 1 })).toBe('1 kaartwijziging wacht op uw keuze · alle registraties verstuurd · laatst verstuurd 10:42');
    expect(statusLine(sent, now, { pending: 2, conflict: 0 })).toBe('alle registraties verstuurd · 2 kaartwijzigingen nog te versturen · laatst verstuurd 10:42');
    expect(statusLine({ pending: 1 }, now, { pending: 1, conflict: 2 })).toBe('2 kaartwijzigingen wachten op uw keuze · 1 nog te versturen · 1 kaartwijziging nog te versturen');
    expect(statusLine(sent, now, { pending: 0, conflict: 0 })).toBe('alles verstuurd · laatst verstuurd 10:42');
  });

  it('counts a kaart change the server refused, and never says "alles verstuurd" while one waits', () => {
    // helper-95 saw "alles verstuurd" with a refusal on the conflicts page (it was not counted at all)
    const sent = { pending: 0, lastSentAt: '2026-11-24T09:42:00.000Z' };
    expect(statusLine(sent, now, { pending: 0, conflict: 0, rejected: 1 })).toBe('1 kaartwijziging geweigerd · alle registraties verstuurd · laatst verstuurd 10:42');
    expect(statusLine(sent, now, { pending: 0, conflict: 1, rejected: 2 })).toBe('1 kaartwijziging wacht op uw keuze · 2 kaartwijzigingen geweigerd · alle registraties verstuurd · laatst verstuurd 10:42');
    expect(statusLine({ pending: 1 }, now, { pending: 1, conflict: 0, rejected: 1 })).toBe('1 kaartwijziging geweigerd · 1 nog te versturen · 1 kaartwijziging nog te versturen');
    expect(statusLine(sent, now, { pending: 0, conflict: 0, rejected: 1 })).not.toContain('alles verstuurd');
    // a refused change is not sent again by itself: no "Nu versturen" for it
    expect(kaartToSend({ pending: 0, conflict: 0, rejected: 1 })).toBe(0);
  });
});

describe('kaart edits held because the national team deactivated the organisation', () => {
  const now = new Date('2026-11-24T12:00:00.000Z');
  const sent = { pending: 0, lastSentAt: '2026-11-24T09:42:00.000Z' };

  it('are not "nog te versturen" (they never went, and the line never cleared) and not for "Nu versturen"', () => {
    expect(statusLine(sent, now, { pending: 1, conflict: 0, held: 1 })).toBe('alle registraties verstuurd · 1 kaartwijziging niet verstuurd · laatst verstuurd 10:42');
    expect(kaartToSend({ pending: 1, conflict: 0, held: 1 })).toBe(0);
    // a new "Klopt niet" mark still goes: that one is to be sent, the two edits are not
    expect(statusLine({ pending: 1 }, now, { pending: 3, conflict: 0, held: 2 })).toBe('1 nog te versturen · 1 kaartwijziging nog te versturen · 2 kaartwijzigingen niet verstuurd');
    expect(kaartToSend({ pending: 3, conflict: 0, held: 2 })).toBe(1);
    for (const line of [statusLine(sent, now, { pending: 1, conflict: 0, held: 1 }), statusLine(sent, now, { pending: 2, conflict: 0, held: 2 })]) expect(line).not.toContain('nog te versturen');
  });

  it('have the reason for the second line, short enough for it at 768 px; nothing without them', () => {
    const notice = heldKaartNotice({ pending: 1, conflict: 0, held: 1 });
    expect(notice).toBe('Organisatie gedeactiveerd: kaartwijzigingen blijven hier.');
    expect(notice!.length).toBeLessThanOrEqual(60);
    expect(heldKaartNotice({ pending: 1, conflict: 0, held: 0 })).toBeUndefined();
    expect(heldKaartNotice({ pending: 1, conflict: 0 })).toBeUndefined();
    expect(kaartToSend({ pending: 2, conflict: 1 })).toBe(2);
  });

  it('count once on a revoked tablet, which sends nothing at all', () => {
    const revoked = { state: 'paused', pauseReason: 'revoked', pending: 0, attention: 0 } as const;
    expect(statusLine(revoked, now, { pending: 2, conflict: 0, held: 1 })).toBe('alle registraties verstuurd · 2 kaartwijzigingen niet verstuurd');
  });
});

describe('statusLine and pauseNotice of a revoked tablet', () => {
  const now = new Date('2026-11-24T12:00:00.000Z');
  const revoked = { state: 'paused', pauseReason: 'revoked', lastSentAt: '2026-11-24T09:42:00.000Z' } as const;

  it('says what stays on the tablet and how to keep it, never "nog te versturen" beside "Ontkoppeld"', () => {
    const line = statusLine({ ...revoked, pending: 2, attention: 0 }, now);
    const notice = pauseNotice('revoked', 2);
    expect(line).toBe('2 alleen op deze tablet · laatst verstuurd 10:42');
    expect(notice).toBe('Ontkoppeld: bewaar alles met de noodexport.');
    // what needs attention goes into the noodexport too: one count
    expect(statusLine({ ...revoked, pending: 1, attention: 2 }, now)).toBe('3 alleen op deze tablet · laatst verstuurd 10:42');
    expect(statusLine({ ...revoked, pending: 1, attention: 0 }, now, { pending: 1, conflict: 0 })).toBe('1 alleen op deze tablet · 1 kaartwijziging niet verstuurd · laatst verstuurd 10:42');
    for (const text of [line, notice]) expect(text).not.toMatch(/nog te versturen|niets meer verstuurd/);
    // both fit their line beside the bar's two links at 768 px, as the reenroll notice does
    expect(line.length).toBeLessThanOrEqual(50);
  });

  it('keeps "er wordt niets meer verstuurd" when nothing waits, and "nog te versturen" for a tablet that only has to enroll again', () => {
    expect(statusLine({ ...revoked, pending: 0, attention: 0 }, now)).toBe('alles verstuurd · laatst verstuurd 10:42');
    expect(pauseNotice('revoked', 0)).toBe('Ontkoppeld: er wordt niets meer verstuurd.');
    expect(statusLine({ ...revoked, pauseReason: 'reenroll', pending: 2, attention: 0 }, now)).toBe('2 nog te versturen · laatst verstuurd 10:42');
    expect(pauseNotice('reenroll', 2)).toBe('Versturen is gestopt: koppel de tablet opnieuw.');
  });
});

describe('pauseNotice', () => {
  it('says in one short line why nothing is sent (the status bar has one line beside its links, 448 px at 768)', () => {
    expect(pauseNotice('revoked')).toBe('Ontkoppeld: er wordt niets meer verstuurd.');
    expect(pauseNotice('reenroll')).toBe('Versturen is gestopt: koppel de tablet opnieuw.');
    for (const reason of ['revoked', 'reenroll'] as const) for (const unsent of [0, 2]) expect(pauseNotice(reason, unsent).length).toBeLessThanOrEqual(50);
  });
});

describe('pauseExplanation', () => {
  it('tells staff of a revoked tablet that it sends nothing now, that the registrations stay, and both ways on: a new koppelcode or the emergency export', () => {
    // It said "Er wordt niets meer verstuurd" beside "Opnieuw koppelen", and linking again sends what waits (storeEnrollment).
    expect(pauseExplanation('revoked', 3)).toBe('Deze tablet is ontkoppeld door de coördinator en verstuurt niets meer. '
      + 'De 3 registraties die nog niet verstuurd zijn, blijven op deze tablet bewaard. Koppelt u de tablet opnieuw met een nieuwe koppelcode van de coördinator, '
      + 'dan worden ze alsnog verstuurd. Of sla ze op met de noodexport hieronder en geef het bestand aan de coördinator.');
    expect(pauseExplanation('revoked', 1)).toBe('Deze tablet is ontkoppeld door de coördinator en verstuurt niets meer. '
      + 'De registratie die nog niet verstuurd is, blijft op deze tablet bewaard. Koppelt u de tablet opnieuw met een nieuwe koppelcode van de coördinator, '
      + 'dan wordt die alsnog verstuurd. Of sla die op met de noodexport hieronder en geef het bestand aan de coördinator.');
    expect(pauseExplanation('revoked', 0)).toBe('Deze tablet is ontkoppeld door de coördinator en verstuurt niets meer. Er wachten geen registraties. '
      + 'Wilt u weer registreren? Vraag de coördinator om een nieuwe koppelcode.');
    for (const unsent of [0, 1, 3]) expect(pauseExplanation('revoked', unsent)).not.toMatch(/niets meer verstuurd/);
  });

  it('asks to enroll again when the token is unknown', () => {
    expect(pauseExplanation('reenroll', 2)).toBe('Versturen is gestopt: de tablet moet opnieuw gekoppeld worden. Wat nog niet verstuurd is, blijft op deze tablet bewaard.');
  });
});

describe('sendingProgress', () => {
  it('shows a drain\'s progress while records wait, and none once the last answer is applied (never beside "alles verstuurd")', () => {
    const progress = { sent: 0, total: 1 };
    expect(sendingProgress({ state: 'sending', progress, pending: 1 })).toEqual(progress);
    // the answer is applied: nothing waits, and the drain has not yet written that it ended
    expect(sendingProgress({ state: 'sending', progress, pending: 0 })).toBeUndefined();
    expect(sendingProgress({ state: 'idle', progress, pending: 3 })).toBeUndefined();
    expect(sendingProgress({ state: 'sending', progress: { sent: 0, total: 0 }, pending: 2 })).toBeUndefined();
  });
});
