import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from '../../src/app/router';

const CARD = '5a1e0c33-7d2b-4c1a-9f10-000000000001';

describe('the Snelwijzer routes', () => {
  it('reads the list, a card, its edit page and a new card, and writes them back the same', () => {
    const routes: Array<[string, Route]> = [
      ['#/snelwijzer', { page: 'snelwijzer' }],
      [`#/snelwijzer/${CARD}`, { page: 'card', id: CARD }],
      [`#/snelwijzer/${CARD}/bewerken`, { page: 'cardEdit', id: CARD }],
      ['#/snelwijzer/nieuw', { page: 'cardEdit' }],
    ];
    for (const [hash, route] of routes) {
      expect(parseRoute(hash), hash).toEqual(route);
      expect(routeHref(route)).toBe(hash);
    }
  });

  it('opens the list for a broken escape, and escapes an odd id on the way back', () => {
    expect(parseRoute('#/snelwijzer/%E0%A4%A')).toEqual({ page: 'snelwijzer' });
    expect(routeHref({ page: 'card', id: 'a/b?c' })).toBe('#/snelwijzer/a%2Fb%3Fc');
    expect(parseRoute(routeHref({ page: 'card', id: 'a/b?c' }))).toEqual({ page: 'card', id: 'a/b?c' });
  });
});
