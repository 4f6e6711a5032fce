import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BOM, cellText, csvLine, csvRows, defuseCell, restoreCell } from '../../src/shared/csv';

const readBack = (text: string, delimiter: ';' | ',') => Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false }).data;

describe('the one CSV writer', () => {
  it('quotes a cell with a quote, the delimiter, LF or CR, and doubles the quotes', () => {
    expect(csvLine(['zeg "ja"', 'a,b', 'regel\nregel', 'oud\rmac', 'gewoon'], 'comma'))
      .toBe('"zeg ""ja""","a,b","regel\nregel","oud\rmac",gewoon\r\n');
    expect(csvLine(['a;b', 'a,b'], 'semicolon')).toBe('"a;b";a,b\r\n');
  });

  it('ends every line with CRLF, the last one too, and writes nothing for no rows', () => {
    expect(csvRows([['kop'], ['1'], ['2']])).toBe('kop\r\n1\r\n2\r\n');
    expect(csvRows([])).toBe('');
  });

  it('gives every text starting with = + - @ tab or CR an apostrophe, so a spreadsheet shows it', () => {
    expect(csvLine(['=SOM(A1:A3)', '+plus', '-min', '@iemand', '\tx', '\rx'], 'semicolon'))
      .toBe("'=SOM(A1:A3);'+plus;'-min;'@iemand;'\tx;\"'\rx\"\r\n");
    expect(defuseCell('=HYPERLINK("https://example.org","klik")')).toBe('\'=HYPERLINK("https://example.org","klik")');
    expect(defuseCell('-2+3+cmd|calc')).toBe("'-2+3+cmd|calc");
    expect(defuseCell('\t1')).toBe("'\t1");
  });

  it('leaves phone numbers and numbers as they are: without a letter they cannot call anything', () => {
    for (const value of ['+31 30 123 45 67', '-4.5', '+31 (0)30-1234567', '-', '06-12345678']) expect(defuseCell(value)).toBe(value);
  });

  it('reads back exactly what it wrote, apostrophes of the text itself included', () => {
    const values = ['=SUM(A1)', '+cmd', '-2+3+cmd', '@x', '\tx', '\rx', "'=x", "''=x", "'plain", "'", '+31 30 123', '-4.5', 'gewoon', '', 'ĳ€😀'];
    for (const value of values) expect(restoreCell(defuseCell(value)), JSON.stringify(value)).toBe(value);
    for (const [delimiter, sign] of [['semicolon', ';'], ['comma', ',']] as const) {
      const [row] = readBack(csvLine(values, delimiter), sign);
      expect(row.map(restoreCell)).toEqual(values);
    }
  });

  it('writes unicode as it is, with the BOM only where the caller puts it', () => {
    expect(BOM).toBe('\uFEFF');
    expect(csvLine(['Súdwest-Fryslân', 'Ĳlst', '€ 5'], 'semicolon')).toBe('Súdwest-Fryslân;Ĳlst;€ 5\r\n');
  });

  it('writes empty, null and undefined as an empty cell, numbers as numbers and yes/no in Dutch', () => {
    expect(csvLine(['', null, undefined, 'x'], 'comma')).toBe(',,,x\r\n');
    expect(csvLine([1.5, -2, 0], 'semicolon')).toBe('1,5;-2;0\r\n');
    expect(csvLine([1.5, -2], 'comma')).toBe('1.5,-2\r\n');
    expect([cellText(true), cellText(false)]).toEqual(['ja', 'nee']);
  });

  it('quotes a cell with a space at either end, so no reader trims it away', () => {
    expect(csvLine([' voor', 'na '], 'comma')).toBe('" voor","na "\r\n');
  });
});
