import { describe, expect, it } from 'vitest';
import { findPersonalData, isValidIban, passesElevenTest } from '../../src/shared/personal-data';

describe('the BSN 11-test', () => {
  it('accepts numbers that pass it', () => {
    expect(passesElevenTest('111222333')).toBe(true);
    expect(passesElevenTest('123456782')).toBe(true);
  });
  it('refuses numbers that fail it, and all zeros', () => {
    expect(passesElevenTest('123456789')).toBe(false);
    expect(passesElevenTest('000000000')).toBe(false);
    expect(passesElevenTest('12345678')).toBe(false);
  });
});

describe('the personal-data guard', () => {
  it.each([
    ['bsn', 'BSN 111222333 vergeten'],
    ['bsn', 'nummer 1234.56.782'],
    ['bsn', 'nr 123 456 782'],
    ['email', 'mail naar jan.jansen@example.nl gestuurd'],
    ['phone', 'bel 06-12345678 terug'],
    ['phone', 'bel 06 1234 5678'],
    ['phone', 'tel +31 6 12345678'],
    ['phone', 'vast nummer 020-1234567'],
    ['phone', '0031612345678'],
    ['iban', 'rekening NL91 ABNA 0417 1643 00'],
    ['iban', 'NL91ABNA0417164300'],
    ['address', 'woont op 1234 AB 12'],
    ['address', 'Kerkstraat 12, 1234 AB'],
    ['address', '1234ab 5'],
  ])('finds %s in "%s"', (kind, text) => {
    expect(findPersonalData(text)).toContain(kind);
  });

  it.each([
    ['a 9-digit number that fails the 11-test', 'zaaknummer 123456789'],
    ['"Bus 12"', 'Bus 12 naar het gemeentehuis genomen'],
    ['a year and a count', 'aangifte 2024 en 2025, 3 formulieren'],
    ['a bare postcode without house number', 'woont in 1234 AB'],
    ['a time and a duration', 'om 10:30 kwam ze, 45 minuten'],
    ['an IBAN-like code with a wrong checksum', 'NL00ABNA0417164300'],
    ['a short number', 'formulier W-12 van de SVB'],
    ['a ten-digit number starting with 00', '0012345678'],
    ['plain Dutch text', 'Hulp bij het invullen van een formulier voor de gemeente'],
  ])('lets %s pass', (_what, text) => {
    expect(findPersonalData(text)).toEqual([]);
  });

  it('checks IBANs with mod 97', () => {
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
    expect(isValidIban('NL91ABNA0417164301')).toBe(false);
  });

  it('scans a long run of numbers with a bounded window (finishes within the test timeout)', () => {
    expect(findPersonalData('1 '.repeat(50_000))).toEqual([]);
  });
});
