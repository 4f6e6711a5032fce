import type { PartnerContactInfo } from '../shared/kaart/partner-contact';

/**
 * "Verwijs naar": the partner of a Snelwijzer card with whether it is open now and its numbers to tap, so
 * a colleague on the floor sees whom to call beside the steps. `href`: the kaart entry, where the page may leave.
 */
export function PartnerContact({ info, href }: { info: PartnerContactInfo; href?: string }) {
  return (
    <div class="ido-partner-contact">
      <p class="utrecht-paragraph">
        Verwijs naar: {href ? <a class="ido-result-link" href={href}>{info.name}</a> : <strong>{info.name}</strong>} <span class="ido-muted">({info.openText})</span>
      </p>
      {info.phones.length > 0 && (
        <ul class="ido-card-text__list">
          {info.phones.map((p) => (
            <li key={p.number}>Bellen: {p.href ? <a class="ido-result-link" href={p.href}>{p.number}</a> : p.number}{p.description ? ` (${p.description})` : ''}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
