import { describe, expect, it } from 'vitest';
import { ANNUAL_TEXT_MAX, checkAnnualText } from '../../src/shared/annual-report';

describe('checkAnnualText (the report page and the server alike)', () => {
  it('counts an emoji as one character, as the column\'s char_length does, and says the count', () => {
    expect(checkAnnualText('😀'.repeat(ANNUAL_TEXT_MAX))).toEqual({ text: '😀'.repeat(ANNUAL_TEXT_MAX) });
    expect(checkAnnualText('😀'.repeat(ANNUAL_TEXT_MAX + 1))).toEqual({ message: 'De tekst is te lang: hoogstens 2.000 tekens. Nu zijn het er 2.001.' });
    expect(checkAnnualText(` ${'x'.repeat(ANNUAL_TEXT_MAX)}\r\n`)).toEqual({ text: 'x'.repeat(ANNUAL_TEXT_MAX) });
  });
});
