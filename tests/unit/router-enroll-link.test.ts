import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../src/app/router';

describe('the enrollment link #/koppelen/XXXX-XXXX', () => {
  it('opens the enrollment page without a code', () => {
    expect(parseRoute('#/koppelen')).toEqual({ page: 'enroll' });
    expect(parseRoute('#/koppelen/')).toEqual({ page: 'enroll' });
  });

  it('reads the code from the fragment, in capitals', () => {
    expect(parseRoute('#/koppelen/ABCD-EFGH')).toEqual({ page: 'enroll', code: 'ABCD-EFGH' });
    expect(parseRoute('#/koppelen/abcd-efg2')).toEqual({ page: 'enroll', code: 'ABCD-EFG2' });
    expect(parseRoute('#/koppelen/ABCDEFGH')).toEqual({ page: 'enroll', code: 'ABCDEFGH' });
    expect(parseRoute('#/koppelen/%20ABCD-EFGH%20')).toEqual({ page: 'enroll', code: 'ABCD-EFGH' });
  });

  it.each([
    ['a code that is too short', '#/koppelen/ABC-EFGH'],
    ['a code that is too long', '#/koppelen/ABCDE-EFGHI'],
    ['markup', '#/koppelen/%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
    ['a broken escape', '#/koppelen/%E0%A4%A'],
    ['letters with accents', '#/koppelen/ÀBCD-EFGH'],
    ['a code in a query string', '#/koppelen?code=ABCD-EFGH'],
  ])('drops %s but still opens the enrollment page', (_what, hash) => {
    expect(parseRoute(hash)).toEqual({ page: 'enroll' });
  });

  it('writes the link back the same way', () => {
    expect(routeHref({ page: 'enroll', code: 'ABCD-EFGH' })).toBe('#/koppelen/ABCD-EFGH');
    expect(routeHref({ page: 'enroll' })).toBe('#/koppelen');
    expect(parseRoute(routeHref({ page: 'enroll', code: 'WXYZ-2345' }))).toEqual({ page: 'enroll', code: 'WXYZ-2345' });
    // the admin API's enrollPath (src/server/admin/access.ts) on a QR code: origin + /#/koppelen/CODE
    expect(parseRoute(new URL('/#/koppelen/QRST-7890', 'https://ido.example').hash)).toEqual({ page: 'enroll', code: 'QRST-7890' });
  });
});
