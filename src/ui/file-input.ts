/**
 * A file input's `onClick`: empties it as its picker opens. Chromium fires no `change` when the same file is chosen
 * again, so a file put right after a check ("Pas de regels aan in het bestand en kies het opnieuw") was never read
 * again: the page kept checking the old text. Emptied first, every choice is a change. A cancelled picker leaves the
 * input empty; the page keeps what it read before and says so in its own line.
 */
export function chooseAgain(event: { currentTarget: HTMLInputElement }): void {
  event.currentTarget.value = '';
}
