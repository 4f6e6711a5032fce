import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../src/server/ingest/canonical-json';
import { canonicalJson } from '../../src/shared/json';

/*
 * One canonical JSON (src/shared/json.ts) for the tablet's comparisons and the server's content hash. The server
 * stores that hash beside every registration and compares a resent revision with it, so for parsed JSON the text
 * must stay what the server wrote before the two copies became one: the reference below is that earlier code.
 */

function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => reference(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${reference((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const KEYS = ['id', 'b', 'a', 'Z', 'é', '10', '2', '-1', '01', '__proto__', 'toJSON', 'key "quoted"', '\u2028', '😀', '', ' '];
const STRINGS = ['', 'tekst', 'ë ✓ 漢字 😀', '"\\\n\t', '\u0000\u001f', '\ud800', '</script>', 'x\udc00y', '\u007f\u0080\u2029', 'a\\b'];

function value(next: () => number, depth: number): unknown {
  const kind = Math.floor(next() * (depth > 3 ? 4 : 6));
  if (kind === 0) return STRINGS[Math.floor(next() * STRINGS.length)];
  if (kind === 1) return [0, -0, 1.5, -2e-7, 1e21, 123456789012345680000, Number.MAX_SAFE_INTEGER][Math.floor(next() * 7)];
  if (kind === 2) return [true, false, null][Math.floor(next() * 3)];
  if (kind === 3) return undefined;
  if (kind === 4) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) object[KEYS[Math.floor(next() * KEYS.length)]] = value(next, depth + 1);
  return object;
}

describe('canonicalJson', () => {
  it('writes parsed JSON as the server wrote it for its content hashes, for 5,000 random values', () => {
    const next = random(42);
    for (let i = 0; i < 5_000; i++) {
      const made = value(next, 0);
      const text = JSON.stringify(made);
      // What arrives: parsed JSON (no undefined, own __proto__ keys as data); also the value as made.
      const parsed: unknown = text === undefined ? null : JSON.parse(text);
      expect(canonicalJson(parsed), text).toBe(reference(parsed));
      expect(canonicalJson(made), text).toBe(reference(made));
    }
  });

  it('sorts keys by code unit at every level, integer-like ones too, and leaves undefined fields out', () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 2 }, undefined], 10: 'x', 2: 'y' })).toBe('{"10":"x","2":"y","a":[{"c":2},null],"b":1}');
  });

  it('counts a Date as its ISO text, as JSON.stringify does', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 11, 2, 10)) })).toBe('{"at":"2026-12-02T10:00:00.000Z"}');
  });

  it('keeps the content hash of a stored registration', () => {
    const record = JSON.parse('{"id":"7d4c2c3e-5a8b-4c1d-9e2f-0a1b2c3d4e5f","revision":2,"questions":[{"topics":["digid"],"help":["uitgelegd"],"resolved":"ja","category":"digid"}],"startedAt":"2026-11-24T10:15:00+01:00","deleted":false}');
    const text = '{"deleted":false,"id":"7d4c2c3e-5a8b-4c1d-9e2f-0a1b2c3d4e5f","questions":[{"category":"digid","help":["uitgelegd"],"resolved":"ja","topics":["digid"]}],"revision":2,"startedAt":"2026-11-24T10:15:00+01:00"}';
    expect(canonicalJson(record)).toBe(text);
    expect(contentHash(record)).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
