import './card-text.css';
import { Fragment, type VNode } from 'preact';
import { type Inline, parseMarks } from '../shared/snelwijzer/marks';

/**
 * A card's text as Preact elements: every piece of user text is a text child (Preact escapes it),
 * links only as https (checked again in parseInline). Never innerHTML or dangerouslySetInnerHTML.
 * `links={false}`: an address is drawn as the card shows it, but is no link (inside a choice's label, a tap on it
 * opened the site instead of picking the version: the conflicts page).
 */
export function CardText({ text, links = true }: { text: string; links?: boolean }): VNode {
  return (
    <>
      {parseMarks(text).map((block, i) => {
        if (block.kind === 'list') return <ul class="ido-card-text__list" key={i}>{block.items.map((item, j) => <li key={j}><InlineParts parts={item} links={links} /></li>)}</ul>;
        if (block.kind === 'steps') return <ol class="ido-card-text__steps" start={block.start} key={i}>{block.items.map((item, j) => <li key={j}><InlineParts parts={item} links={links} /></li>)}</ol>;
        return <p class="utrecht-paragraph" key={i}>{block.lines.map((line, j) => <Fragment key={j}>{j > 0 && <br />}<InlineParts parts={line} links={links} /></Fragment>)}</p>;
      })}
    </>
  );
}

function InlineParts({ parts, links }: { parts: Inline[]; links: boolean }): VNode {
  return (
    <>
      {parts.map((part, i) => {
        if (part.kind === 'bold') return <strong key={i}>{part.text}</strong>;
        if (part.kind === 'link' && !links) return <span class="ido-card-text__address" key={i}>{part.url.replace(/^https:\/\//, '')}</span>;
        if (part.kind === 'link') return <a class="ido-result-link" key={i} href={part.url} target="_blank" rel="noopener noreferrer">{part.url.replace(/^https:\/\//, '')}</a>;
        return <Fragment key={i}>{part.text}</Fragment>;
      })}
    </>
  );
}
