import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from '../../src/app/router';
import { LAPTOP_PAGES, SHELL_CLASSES, SHELL_KEY, shellClasses } from '../../src/app/shell';
import { earlyShellScript } from '../../vite.config';

const ORG = '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
// One route of every page, as the menu and the pages link to them.
const ROUTES: Route[] = [
  { page: 'form' }, { page: 'form', editId: 'r1' }, { page: 'form', referServiceId: 's1' }, { page: 'kaart', query: 'q=toeslag' },
  { page: 'service', id: 's1', handout: false }, { page: 'serviceEdit' }, { page: 'kaartConflicts' }, { page: 'kaartImport' },
  { page: 'snelwijzer' }, { page: 'card', id: 'c1' }, { page: 'cardEdit' }, { page: 'list' }, { page: 'group' }, { page: 'settings' },
  { page: 'enroll' }, { page: 'enroll', code: 'ABCD-EFGH' }, { page: 'overview' }, { page: 'dashboard', query: '' },
  { page: 'dashboard', query: 'year=2025' }, { page: 'dashboardHours', query: 'year=2025' }, { page: 'annual', query: '' },
  { page: 'beheer', section: 'start' }, { page: 'beheer', section: 'organisaties' }, { page: 'beheer', section: 'codes', organisationId: ORG },
];

/** The head script run as the browser runs it, on a page at `hash` whose localStorage holds `stored` (or refuses). */
function runHeadScript(hash: string, stored: string | null | 'refuses'): string[] {
  const classes: string[] = ['utrecht-root', 'ido-theme'];
  const localStorage = { getItem: (key: string) => { if (stored === 'refuses') throw new Error('SecurityError'); return key === SHELL_KEY ? stored : null; } };
  runInNewContext(earlyShellScript(), { document: { documentElement: { classList: { add: (...names: string[]) => classes.push(...names) } } }, location: { hash }, localStorage });
  return classes.slice(2);
}

describe('the shell\'s classes before the first paint', () => {
  it('marks the laptop pages as the app has them (LAPTOP_PAGES), for every page of the router', () => {
    for (const route of ROUTES) {
      const hash = routeHref(route);
      expect(shellClasses(hash, null).length > 0, hash).toBe(LAPTOP_PAGES.has(parseRoute(hash).page));
    }
    // as parseRoute reads what is typed: no slash is the form, a query or a deeper path is still the page
    expect(shellClasses('#beheer', null)).toEqual([]);
    expect(shellClasses('', null)).toEqual([]);
    expect(shellClasses('#/dashboard?year=2025', null)).toEqual(['ido-laptop']);
    expect(shellClasses('#/jaarverslag/', null)).toEqual(['ido-laptop']);
    expect(shellClasses('#/beheerder', null)).toEqual([]);
  });

  it('gives a laptop page the laptop\'s shell unless the browser is a linked tablet; a tried-out browser keeps its status bar', () => {
    expect(shellClasses('#/beheer', null)).toEqual(['ido-laptop']);
    expect(shellClasses('#/beheer', 'tried')).toEqual(['ido-laptop', 'ido-tried']);
    expect(shellClasses('#/beheer', 'tablet')).toEqual([]);
    expect(shellClasses('#/beheer', 'something else')).toEqual(['ido-laptop']);
    expect(shellClasses('#/vandaag', 'tried')).toEqual([]);
    for (const kind of [null, 'tried', 'tablet']) for (const name of shellClasses('#/dashboard', kind)) expect(SHELL_CLASSES).toContain(name);
  });

  it('is the same function in index.html\'s head: it sets the classes from the hash and localStorage, and never throws', () => {
    expect(runHeadScript('#/dashboard/uren', null)).toEqual(['ido-laptop']);
    expect(runHeadScript('#/jaarverslag', 'tried')).toEqual(['ido-laptop', 'ido-tried']);
    expect(runHeadScript('#/beheer', 'tablet')).toEqual([]);
    expect(runHeadScript('#/', null)).toEqual([]);
    // storage blocked (a browser's privacy setting): no classes, and the script goes on to the database's open
    expect(runHeadScript('#/beheer', 'refuses')).toEqual([]);
  });
});
