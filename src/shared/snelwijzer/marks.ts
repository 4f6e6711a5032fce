import { isSafeLink } from './card';

/**
 * The few formatting marks a Snelwijzer card knows, parsed into plain values (never HTML): a line
 * starting with "- " is a list item, "1. " a numbered step, **vet** is bold, and a bare https address
 * is a link. Everything else stays text; the renderer (features/snelwijzer/CardText.tsx) makes
 * Preact elements with these strings as text children, so no user text is ever parsed as HTML.
 */
export type Inline = { kind: 'text'; text: string } | { kind: 'bold'; text: string } | { kind: 'link'; url: string };
export type Block =
  | { kind: 'paragraph'; lines: Inline[][] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'steps'; start: number; items: Inline[][] };

// Bidi controls and other invisible format characters could make text read differently from what it says: shown as their code.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\u061C\uFEFF]/g;
const BULLET = /^\s*[-*•]\s+(.*)$/;
const STEP = /^\s*(\d{1,3})[.)]\s+(.*)$/;
// An address ends at white space, a quote or angle bracket, or an invisible character.
const URL_OR_BOLD = /(\*\*[^*\n]+\*\*|https:\/\/[^\s<>"\u200B-\u200F\u202A-\u202E\u2060-\u2069\u061C\uFEFF]+)/g;

/** Shows invisible format characters as visible text, e.g. "[U+202E]". */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** The inline parts of one line: text, **bold** and https links (an address that is no safe link stays text). */
export function parseInline(line: string): Inline[] {
  const parts: Inline[] = [];
  const push = (part: Inline) => {
    const last = parts[parts.length - 1];
    if (part.kind === 'text' && last?.kind === 'text') last.text += part.text;
    else if (part.kind !== 'text' || part.text !== '') parts.push(part);
  };
  let at = 0;
  for (const match of line.matchAll(URL_OR_BOLD)) {
    push({ kind: 'text', text: visibleText(line.slice(at, match.index)) });
    const token = match[0];
    if (token.startsWith('**')) push({ kind: 'bold', text: visibleText(token.slice(2, -2)) });
    else {
      // A sentence's full stop or comma after an address is not part of it.
      const url = token.replace(/[.,;:!?)]+$/, '');
      if (isSafeLink(url)) push({ kind: 'link', url });
      else push({ kind: 'text', text: visibleText(url) });
      push({ kind: 'text', text: token.slice(url.length) });
    }
    at = match.index + token.length;
  }
  push({ kind: 'text', text: visibleText(line.slice(at)) });
  return parts;
}

/** The blocks of a card text: paragraphs (separated by empty lines), lists and numbered steps. */
export function parseMarks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const last = blocks[blocks.length - 1];
    const bullet = BULLET.exec(raw);
    const step = STEP.exec(raw);
    if (raw.trim() === '') blocks.push({ kind: 'paragraph', lines: [] });
    else if (bullet) {
      if (last?.kind === 'list') last.items.push(parseInline(bullet[1]));
      else blocks.push({ kind: 'list', items: [parseInline(bullet[1])] });
    } else if (step) {
      if (last?.kind === 'steps') last.items.push(parseInline(step[2]));
      else blocks.push({ kind: 'steps', start: Number(step[1]), items: [parseInline(step[2])] });
    } else if (last?.kind === 'paragraph') last.lines.push(parseInline(raw.trim()));
    else blocks.push({ kind: 'paragraph', lines: [parseInline(raw.trim())] });
  }
  return blocks.filter((block) => block.kind !== 'paragraph' || block.lines.length > 0);
}
