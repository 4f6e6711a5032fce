import './card-text.css';
import { Fragment, type VNode } from 'preact';
import { type Inline, parseMarks } from '../shared/snelwijzer/marks';

/**
 * A card's text as Preact elements: every piece of user text is a text child (Preact escapes it),
 * links only as https (checked again in parseInline). Never innerHTML or dangerouslySetInnerHTML.
 */
export function CardText({ text }: { text: string }): VNode {
  return (
    <>
      {parseMarks(text).map((block, i) => {
        if (block.kind === 'list') return <ul class="ido-card-text__list" key={i}>{block.items.map((item, j) => <li key={j}><InlineParts parts={item} /></li>)}</ul>;
        if (block.kind === 'steps') return <ol class="ido-card-text__steps" start={block.start} key={i}>{block.items.map((item, j) => <li key={j}><InlineParts parts={item} /></li>)}</ol>;
        return <p class="utrecht-paragraph" key={i}>{block.lines.map((line, j) => <Fragment key={j}>{j > 0 && <br />}<InlineParts parts={line} /></Fragment>)}</p>;
      })}
    </>
  );
}

function InlineParts({ parts }: { parts: Inline[] }): VNode {
  return (
    <>
      {parts.map((part, i) => {
        if (part.kind === 'bold') return <strong key={i}>{part.text}</strong>;
        if (part.kind === 'link') return <a class="ido-result-link" key={i} href={part.url} target="_blank" rel="noopener noreferrer">{part.url.replace(/^https:\/\//, '')}</a>;
        return <Fragment key={i}>{part.text}</Fragment>;
      })}
    </>
  );
}
