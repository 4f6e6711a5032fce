import { describe, expect, it } from 'vitest';
import { isUnstorableText, unstorableTextPath } from '../../src/shared/storable-text';

describe('text PostgreSQL can store', () => {
  it('refuses NUL and a lone surrogate, and takes a surrogate pair (an emoji)', () => {
    expect(['a\u0000b', '\ud800', 'x\udc00', '\ud83d'].map(isUnstorableText)).toEqual([true, true, true, true]);
    expect(['gewoon', '😀', 'é', ''].map(isUnstorableText)).toEqual([false, false, false, false]);
  });

  it('names the first such string in a value, in order, with its path', () => {
    expect(unstorableTextPath({ name: 'ok', links: [{ label: 'ok' }, { label: 'a\u0000' }], note: '\ud800' }, '')).toBe('links[1].label');
    expect(unstorableTextPath(['ok', 5, null, true], 'keywords')).toBeUndefined();
  });

  it('walks a value nested a hundred thousand levels deep without running out of stack', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableTextPath(deep, 'f')).toBe(`f${'[0]'.repeat(100_000)}`);
  });
});
