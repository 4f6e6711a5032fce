import { describe, expect, it } from 'vitest';
import { portFromEnv } from '../../src/server/listen';

describe('PORT', () => {
  it('is 8080 when unset or empty, as an empty HOST is 127.0.0.1 (an empty PORT was port 0: a random one)', () => {
    expect(portFromEnv(undefined)).toBe(8080);
    expect(portFromEnv('')).toBe(8080);
    expect(portFromEnv('  ')).toBe(8080);
  });

  it('takes a whole number of 0 to 65535 in digits', () => {
    expect(portFromEnv('0')).toBe(0);
    expect(portFromEnv('8092')).toBe(8092);
    expect(portFromEnv(' 8092 ')).toBe(8092);
    expect(portFromEnv('65535')).toBe(65_535);
  });

  it('refuses anything else in Dutch, naming the value (Number took 0x1F90 as 8080 and 1e3 as 1000)', () => {
    for (const value of ['abc', '-1', '65536', '8092x', '0x1F90', '1e3', '80.0', '+80', '0b1']) {
      expect(() => portFromEnv(value), value).toThrow(`PORT moet een getal van 0 tot 65535 zijn, niet "${value}".`);
    }
  });
});
