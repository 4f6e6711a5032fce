import { Alert } from './Alert';

/**
 * A page reached by its address (a bookmark, a link, a refusal's "Opnieuw bewerken") that this tablet may not use: its
 * heading, why not, and the way back, instead of a form whose changes the server would refuse.
 */
export function NotHere({ title, what, back }: { title: string; what: string; back: { href: string; label: string } }) {
  return (
    <>
      <h1 class="utrecht-heading-1">{title}</h1>
      <Alert type="info">{what}</Alert>
      <p class="utrecht-paragraph"><a class="utrecht-button utrecht-button--secondary-action" href={back.href}>{back.label}</a></p>
    </>
  );
}
