import { isValidElement, type VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import { CardText } from '../../src/ui/CardText';
import { copyCard, isCardStale, isSafeLink, normaliseCard, type SnelwijzerCardFields, validateCard } from '../../src/shared/snelwijzer/card';
import { DEMO_NATIONAL_CARDS } from '../../src/shared/snelwijzer/demo-cards';
import { validateFeedback } from '../../src/shared/kaart/feedback';
import { parseMarks } from '../../src/shared/snelwijzer/marks';

const card = (overrides: Partial<SnelwijzerCardFields> = {}): SnelwijzerCardFields => ({
  id: '0b0e0c33-7d2b-4c1a-9f10-000000000009', title: 'DigiD aanvragen', topics: ['digid'], body: '1. Stap een', bring: '', links: [],
  service_id: null, checked_on: '2026-11-01', owner_organisation_id: null, copied_from: null, ...overrides,
});
const fields = (data: unknown) => validateCard(data).map((e) => `${e.field}:${e.code}`);

describe('card validation (the edit page and the server share it)', () => {
  it('accepts the demo cards and a minimal card', () => {
    for (const demo of DEMO_NATIONAL_CARDS) expect(validateCard(demo)).toEqual([]);
    expect(validateCard(card())).toEqual([]);
  });

  it('title at most 120, body at most 4,000 characters, with the count in Dutch', () => {
    expect(validateCard(card({ title: 'x'.repeat(120), body: 'y'.repeat(4000) }))).toEqual([]);
    const [title] = validateCard(card({ title: 'x'.repeat(121) }));
    expect(title).toEqual({ field: 'title', code: 'too_long', message: 'De titel is te lang: hoogstens 120 tekens. Nu zijn het er 121.' });
    const [body] = validateCard(card({ body: 'y'.repeat(4001) }));
    expect(body.message).toBe('De uitleg is te lang: hoogstens 4.000 tekens. Nu zijn het er 4.001.');
  });

  it('counts an emoji as one character in every text, a link name and a link included, with that count in the message', () => {
    const emoji = (n: number) => '😀'.repeat(n);
    const url = (n: number) => `https://www.digid.nl/${emoji(n - 'https://www.digid.nl/'.length)}`;
    expect(validateCard(card({ title: emoji(120), body: emoji(4000), bring: emoji(1000), links: [{ label: emoji(120), url: url(500) }] }))).toEqual([]);
    expect(validateCard(card({ title: emoji(121), body: emoji(4001), bring: emoji(1001), links: [{ label: emoji(121), url: url(501) }] })).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'title: De titel is te lang: hoogstens 120 tekens. Nu zijn het er 121.',
      'body: De uitleg is te lang: hoogstens 4.000 tekens. Nu zijn het er 4.001.',
      'bring: Wat de bezoeker meeneemt is te lang: hoogstens 1.000 tekens. Nu zijn het er 1.001.',
      'links.0.url: Een link moet een https-adres zijn, zoals https://www.digid.nl.',
    ]);
    expect(fields(card({ links: [{ label: emoji(121), url: 'https://www.digid.nl' }] }))).toEqual(['links.0.label:invalid_text']);
  });

  it('refuses text PostgreSQL cannot store in every text, a link name and a "Klopt niet" note included', () => {
    expect(fields(card({ title: 'a\u0000b', body: 'a\ud800', bring: '\udc00', links: [{ label: 'Digi\u0000D', url: 'https://www.digid.nl' }] })))
      .toEqual(['title:invalid_text', 'body:invalid_text', 'bring:invalid_text', 'links[0].label:invalid_text']);
    const note = { id: card().id, service_id: card().id, note: 'a\u0000b', created_at: '2026-11-01T10:00:00Z', resolved: false };
    expect(validateFeedback(note).map((e) => `${e.field}:${e.code}`)).toEqual(['note:invalid_text']);
  });

  it('needs a title, a body and at least one topic from the registration code list', () => {
    expect(fields(card({ title: '  ', body: '', topics: [] }))).toEqual(['title:required', 'topics:required', 'body:required']);
    expect(validateCard(card({ topics: [] }))[0].message).toBe('Kies minstens één onderwerp.');
    expect(fields(card({ topics: ['digid', 'geen_onderwerp'] }))).toEqual(['topics:invalid_code']);
    expect(fields(card({ topics: ['digid', 'digid'] }))).toEqual(['topics:duplicate']);
  });

  it('links are https only: javascript:, data:, http:, a user in the address and a bare word are refused', () => {
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>alert(1)</script>', 'http://www.digid.nl', 'https://user:pw@www.digid.nl', 'www.digid.nl', 'https://localhost', ' https://www.digid.nl', 'https://www.digid.nl/"onmouseover="x']) {
      expect(isSafeLink(url), url).toBe(false);
      expect(fields(card({ links: [{ label: 'Klik', url }] })), url).toEqual(['links.0.url:invalid_url']);
    }
    expect(isSafeLink('https://www.digid.nl/aanvragen?x=1#stap')).toBe(true);
    expect(fields(card({ links: [{ label: '', url: 'https://www.digid.nl' }] }))).toEqual(['links.0.label:invalid_text']);
    expect(fields(card({ links: [{ label: 'a', url: 'https://www.digid.nl', onclick: 'x' } as never] }))).toEqual(['links.0:invalid_link']);
  });

  it('refuses unknown fields (no html field sneaks in) and references that are no ids', () => {
    expect(fields({ ...card(), html: '<b>x</b>' })).toEqual(['html:unknown_field']);
    expect(fields(card({ service_id: 'Belastingdienst' }))).toEqual(['service_id:invalid_id']);
    expect(fields(card({ checked_on: '2026-02-30' }))).toEqual(['checked_on:invalid_date']);
    expect(fields(null)).toEqual([':invalid_record']);
  });

  it('takes checked_on from 2000 up to tomorrow in Amsterdam, with a message that says what to fill in', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    for (const day of ['2000-01-01', '2026-11-30', '2026-12-01']) expect([day, validateCard(card({ checked_on: day }), now)]).toEqual([day, []]);
    for (const day of ['0000-01-01', '1999-12-31', '2026-12-02', '2620-11-30']) {
      const errors = validateCard(card({ checked_on: day }), now);
      expect([day, errors.map((e) => `${e.field}:${e.code}`)]).toEqual([day, ['checked_on:out_of_range']]);
      expect(errors[0].message).toMatch(/^De datum van de laatste controle ligt (vóór het jaar 2000|in de toekomst)\. Vul de dag in waarop het voor het laatst is gecontroleerd/);
    }
  });

  it('normalises absent optional fields, so a resend compares equal', () => {
    const { bring: _b, links: _l, service_id: _s, copied_from: _c, ...minimal } = card({ id: card().id.toUpperCase() });
    expect(validateCard(minimal)).toEqual([]);
    expect(normaliseCard(minimal)).toEqual(card());
  });

  it('warns after six months, like a kaart entry', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    expect(isCardStale('2026-06-01', now)).toBe(false);
    expect(isCardStale('2026-05-29', now)).toBe(true);
  });

  it('a copy is the organisation\'s own card that remembers its national original', () => {
    const national = DEMO_NATIONAL_CARDS[0];
    const copy = copyCard(national, '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f', '7c3a1d55-9e4f-4b2c-8d10-2e3f4a5b6c7d');
    expect(copy).toMatchObject({ id: '7c3a1d55-9e4f-4b2c-8d10-2e3f4a5b6c7d', owner_organisation_id: '6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f', copied_from: national.id, title: national.title });
    expect(validateCard(copy)).toEqual([]);
  });
});

// ---- the renderer: whatever a coordinator types, the page gets text nodes and https links only ----

interface Leaf { tag: string; props: Record<string, unknown> }
/** Walks a rendered tree (function components called), collecting every element and every text child. */
function walk(node: unknown, elements: Leaf[], texts: string[]): void {
  if (node === null || node === undefined || typeof node === 'boolean') return;
  if (typeof node === 'string' || typeof node === 'number') return void texts.push(String(node));
  if (Array.isArray(node)) return node.forEach((child) => walk(child, elements, texts));
  expect(isValidElement(node)).toBe(true);
  const vnode = node as VNode<Record<string, unknown>>;
  if (typeof vnode.type === 'function') return walk((vnode.type as (props: unknown) => unknown)(vnode.props), elements, texts);
  if (typeof vnode.type === 'string') elements.push({ tag: vnode.type, props: vnode.props });
  walk(vnode.props.children, elements, texts);
}
function render(text: string): { elements: Leaf[]; texts: string[]; all: string } {
  const elements: Leaf[] = [];
  const texts: string[] = [];
  walk(CardText({ text }), elements, texts);
  return { elements, texts, all: texts.join('') };
}
const ALLOWED = new Set(['p', 'br', 'ul', 'ol', 'li', 'strong', 'a']);

describe('the card text renderer (Preact elements, never HTML)', () => {
  it('renders lists, numbered steps, bold and https links', () => {
    const { elements, all } = render('Intro\n\n1. Ga naar https://www.digid.nl.\n2. **Zelf typen**\n- Paspoort\n- Telefoon');
    expect(elements.map((e) => e.tag)).toEqual(['p', 'ol', 'li', 'a', 'li', 'strong', 'ul', 'li', 'li']);
    expect(elements.find((e) => e.tag === 'a')!.props).toMatchObject({ href: 'https://www.digid.nl', rel: 'noopener noreferrer' });
    expect(all).toBe('IntroGa naar www.digid.nl.Zelf typenPaspoortTelefoon');
    expect(parseMarks('3. drie\n4. vier')).toEqual([{ kind: 'steps', start: 3, items: [[{ kind: 'text', text: 'drie' }], [{ kind: 'text', text: 'vier' }]] }]);
  });

  const attacks = [
    '<script>alert(1)</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    'javascript:alert(1)',
    '[klik](javascript:alert(1))',
    '&lt;script&gt;alert(1)&lt;/script&gt; &#x3C;b&#x3E;',
    '**<svg onload=alert(1)>**',
    '- <iframe src="https://evil.example"></iframe>',
    '1. <style>body{display:none}</style>',
    'https://www.digid.nl/"><script>alert(1)</script>',
  ];
  for (const attack of attacks) {
    it(`shows ${JSON.stringify(attack).slice(0, 50)} as text`, () => {
      const { elements, texts, all } = render(attack);
      for (const element of elements) {
        expect(ALLOWED.has(element.tag), element.tag).toBe(true);
        expect(element.props).not.toHaveProperty('dangerouslySetInnerHTML');
        for (const key of Object.keys(element.props)) expect(key.startsWith('on'), key).toBe(false);
        if (element.tag === 'a') expect(isSafeLink(element.props.href), String(element.props.href)).toBe(true);
      }
      // Every character typed is still there, as text (only the bold marks and "1. "/"- " go).
      const typed = attack.replace(/\*\*/g, '').replace(/^(- |1\. )/, '');
      const shown = all + elements.filter((e) => e.tag === 'a').map((e) => String(e.props.href)).join('');
      for (const piece of typed.split(/https:\/\/[^\s<>"]+/)) for (const word of piece.split(/\s+/).filter(Boolean)) expect(shown).toContain(word);
      expect(texts.some((t) => t.includes('<') || t.includes('&')) || !/[<&]/.test(typed)).toBe(true);
    });
  }

  it('shows bidi controls and invisible characters by their code, so a text cannot read differently from what it says', () => {
    const { all, elements } = render('Bel \u202Egnp.exe\u202C en https://www.digid.nl\u202E');
    expect(all).toContain('[U+202E]gnp.exe[U+202C]');
    expect(all).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/);
    expect(elements.filter((e) => e.tag === 'a').map((e) => e.props.href)).toEqual(['https://www.digid.nl']);
  });
});
